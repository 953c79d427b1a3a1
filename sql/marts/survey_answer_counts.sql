-- How many forms gave each answer to each question, per upload, unit-year and respondent group:
-- the answer distributions, and the base of every survey score.
-- grain: one row per (upload_id, unit_code, year, question_code, group_code, option_code)
-- reads: staging.stg_survey_answers
select
    upload_id,
    unit_code,
    year,
    definition_code,
    question_code,
    group_code,
    option_code,
    any_value(share) as share,
    count(*) as answers,
from staging.stg_survey_answers
group by all
