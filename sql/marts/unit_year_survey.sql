-- Each surveyed unit-year's survey score in force: from the newest survey upload covering it
-- that has not been rolled back.
-- grain: one row per (unit_code, year)
-- reads: marts.survey_upload_scores, staging.stg_upload_coverage
select scores.*,
from marts.survey_upload_scores as scores
inner join staging.stg_upload_coverage as coverage
    on coverage.upload_id = scores.upload_id
    and coverage.unit_code = scores.unit_code
    and coverage.year = scores.year
