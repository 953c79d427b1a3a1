-- Forms per unit and respondent group against the required sample, for a year.
-- params: $year (integer), $group (varchar; null = all), $area (varchar; null = all)
-- reads: marts.survey_group_samples, marts.unit_year_survey, staging.stg_units
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
where
    samples.year = $year
    and (cast($group as varchar) is null or units.rank_group = $group or units.kind = $group)
    and (cast($area as varchar) is null or units.parent_code = $area)
order by units.unit_name collate vi, samples.sort_order
