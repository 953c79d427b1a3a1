-- Per surveyed unit of a year: forms, survey points with the 95 % interval, sample reached.
-- params: $year (integer), $group (varchar: a kind or ranking group; null = all), $area (varchar: parent area code; null = all)
-- reads: marts.unit_year_survey, staging.stg_units, intermediate.int_unit_scope
select
    units.unit_name as unit,
    survey.unit_code,
    survey.forms,
    round(survey.points, 2) as points,
    survey.max_points,
    round(survey.pct, 2) as pct,
    round(survey.ci_low, 2) as ci_low,
    round(survey.ci_high, 2) as ci_high,
    round(survey.ci_low / survey.max_points * 100, 2) as ci_low_pct,
    round(survey.ci_high / survey.max_points * 100, 2) as ci_high_pct,
    survey.required_forms,
    survey.sample_ok,
from marts.unit_year_survey as survey
inner join staging.stg_units as units using (unit_code)
inner join intermediate.int_unit_scope as scope
    on scope.unit_code = survey.unit_code
    and scope.group_code is not distinct from $group
    and scope.area_code is not distinct from $area
where
    survey.year = $year
order by survey.pct desc, units.unit_name collate vi
