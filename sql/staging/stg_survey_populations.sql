-- Population N per unit-year and respondent group, from the survey upload in force.
-- grain: one row per (unit_code, year, group_code)
-- reads: raw.survey_populations, staging.stg_upload_coverage
select populations.*,
from raw.survey_populations as populations
inner join staging.stg_upload_coverage as coverage
    on coverage.upload_id = populations.upload_id
    and coverage.unit_code = populations.unit_code
    and coverage.year = populations.year
