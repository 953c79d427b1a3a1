-- The average index and the number of units per year, for one kind or ranking group.
-- params: $group (varchar; null = all), $drafts (boolean: also the years not published yet)
-- reads: marts.unit_year_ranking, marts.year_publication, intermediate.int_unit_scope
select
    ranking.year,
    avg(ranking.index_pct) as avg_index_pct,
    count(*) as units,
from marts.unit_year_ranking as ranking
inner join intermediate.int_unit_scope as scope
    on scope.unit_code = ranking.unit_code
    and scope.group_code is not distinct from $group
    and scope.area_code is null
where $drafts or ranking.year in (select year from marts.year_publication where is_published)
group by ranking.year
order by ranking.year
