-- Areas (the district a former commune belonged to) that have scored units in a year.
-- params: $year (integer)
-- reads: marts.unit_year_ranking, ref.units
select distinct
    areas.unit_code as area_code,
    areas.unit_name as area_name,
from marts.unit_year_ranking as ranking
inner join ref.units as areas on areas.unit_code = ranking.parent_code
where ranking.year = $year
order by area_name collate vi
