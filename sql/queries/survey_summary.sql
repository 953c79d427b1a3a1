-- Per surveyed unit of a year: forms, survey points with the 95 % interval, sample reached.
-- params: year
select
    units.unit_name as unit,
    survey.unit_code,
    survey.forms,
    round(survey.points, 2) as points,
    survey.max_points,
    round(survey.pct, 2) as pct,
    round(survey.ci_low, 2) as ci_low,
    round(survey.ci_high, 2) as ci_high,
    survey.required_forms,
    survey.sample_ok,
from marts.unit_year_survey as survey
inner join staging.stg_units as units using (unit_code)
where survey.year = $year
order by survey.pct desc, units.unit_name collate vi
