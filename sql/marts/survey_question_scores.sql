-- Each question's score per unit-year: the (group-weighted) mean share of its points that the
-- answers earned, and the points that makes.
-- grain: one row per (upload_id, unit_code, year, question_code)
-- reads: marts.survey_group_questions, ref.survey_questions, ref.survey_definitions
with

per_question as (

    select
        upload_id,
        unit_code,
        year,
        definition_code,
        question_code,
        sum(answers) as answers,
        sum(weight * mean_share) as mean_share,
    from marts.survey_group_questions
    group by all

)

select
    scores.upload_id,
    scores.unit_code,
    scores.year,
    scores.definition_code,
    definitions.framework_code,
    scores.question_code,
    questions.question_text,
    questions.criterion_code,
    questions.points as max_points,
    questions.sort_order,
    scores.answers,
    scores.mean_share,
    questions.points * scores.mean_share as points,
from per_question as scores
inner join ref.survey_questions as questions
    on questions.definition_code = scores.definition_code
    and questions.question_code = scores.question_code
inner join ref.survey_definitions as definitions on definitions.definition_code = scores.definition_code
