-- The average index and the number of units per year, for one kind or ranking group.
-- params: $group (varchar; null = all)
-- reads: marts.unit_year_ranking
select
    year,
    avg(index_pct) as avg_index_pct,
    count(*) as units,
from marts.unit_year_ranking
where cast($group as varchar) is null or rank_group = $group or kind = $group
group by year
order by year
