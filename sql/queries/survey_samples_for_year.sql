-- Forms per unit and respondent group against the required sample, for a year.
-- params: $year (integer), $group (varchar; null = all), $area (varchar; null = all)
-- reads: marts.survey_group_samples, marts.unit_year_survey, staging.stg_units, intermediate.int_unit_scope
select
    units.unit_name,
    samples.unit_code,
    samples.group_code,
    samples.group_name,
    samples.sort_order,
    samples.forms,
    samples.population,
    samples.required_forms,
    samples.sample_ok,
from marts.survey_group_samples as samples
inner join marts.unit_year_survey as survey using (upload_id, unit_code, year)
inner join staging.stg_units as units using (unit_code)
inner join intermediate.int_unit_scope as scope
    on scope.unit_code = samples.unit_code
    and scope.group_code is not distinct from $group
    and scope.area_code is not distinct from $area
where
    samples.year = $year
order by units.unit_name collate vi, samples.sort_order
