-- The average index and the number of units per year, for one kind or ranking group.
-- params: $group (varchar; null = all), $drafts (boolean: also the years not published yet)
-- reads: marts.unit_year_ranking, marts.year_publication
select
    year,
    avg(index_pct) as avg_index_pct,
    count(*) as units,
from marts.unit_year_ranking
where (cast($group as varchar) is null or rank_group = $group or kind = $group)
    and ($drafts or year in (select year from marts.year_publication where is_published))
group by year
order by year
