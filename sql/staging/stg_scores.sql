-- Score rows in force: for each unit-year, the rows of the scores upload in force.
-- grain: one row per (unit_code, year, criterion_code, measure)
-- reads: raw.scores, staging.stg_upload_coverage
select scores.*,
from raw.scores as scores
inner join staging.stg_upload_coverage as coverage
    on coverage.upload_id = scores.upload_id
    and coverage.unit_code = scores.unit_code
    and coverage.year = scores.year
