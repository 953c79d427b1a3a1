-- A unit's index and rank over the years, and those of the former units merged into it
-- (the 2025 merger), so its trend continues across the break.
-- params: $unit_code (varchar), $drafts (boolean: also the years not published yet)
-- reads: marts.unit_year_ranking, ref.unit_lineage, marts.year_publication
with

lineage as (

    select former_code as unit_code from ref.unit_lineage where merged_code = $unit_code
    union all
    select $unit_code

)

select
    ranking.unit_code,
    ranking.unit_name,
    ranking.year,
    ranking.index_pct,
    ranking.rank,
    ranking.units_ranked,
    ranking.band_name,
    ranking.unit_code = $unit_code as is_self,
from marts.unit_year_ranking as ranking
inner join lineage on lineage.unit_code = ranking.unit_code
where ($drafts or ranking.year in (select year from marts.year_publication where is_published))
order by ranking.year, ranking.unit_name collate vi
