-- Each question's mean share per upload, unit-year and respondent group, and the weight that group's
-- mean carries in the question's score: the definition's group weight when it gives weights
-- (renormalised over the groups that answered), else the group's share of the answers (pooled).
-- For the interval (see unit_year_survey): what one answer's share weighs in the score
-- (coefficient) and the mean it is centred on (the group's when weighted, else the question's).
-- grain: one row per (upload_id, unit_code, year, question_code, group_code)
-- reads: marts.survey_answer_counts, staging.stg_survey_definitions, ref.survey_groups, ref.survey_questions
with

per_group as (

    select
        upload_id,
        unit_code,
        year,
        definition_code,
        question_code,
        group_code,
        sum(answers) as answers,
        sum(answers * share) / sum(answers) as mean_share,
    from marts.survey_answer_counts
    group by all

),

final as (

    select
        per_group.*,
        weighting.is_weighted,
        case when weighting.is_weighted then groups.weight else per_group.answers end as raw_weight,
        raw_weight / sum(raw_weight) over (
            partition by per_group.upload_id, per_group.unit_code, per_group.question_code
        ) as weight,
    from per_group
    inner join staging.stg_survey_definitions as weighting on weighting.definition_code = per_group.definition_code
    inner join ref.survey_groups as groups
        on groups.definition_code = per_group.definition_code
        and groups.group_code = per_group.group_code

)

select
    final.* exclude (raw_weight),
    questions.points * final.weight / final.answers as coefficient,
    case when final.is_weighted then final.mean_share else sum(final.weight * final.mean_share) over (
        partition by final.upload_id, final.unit_code, final.question_code
    ) end as centre,
from final
inner join ref.survey_questions as questions
    on questions.definition_code = final.definition_code
    and questions.question_code = final.question_code
