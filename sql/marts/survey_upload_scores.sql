-- Each upload's survey score of each unit-year with its 95 % confidence interval, and whether
-- its sample reaches the size the method asks for in every group with a population given.
-- The interval linearises the score: each form contributes Σ points × weight / answers × (its
-- share − the mean) over the questions it answered; groups are strata when the definition
-- weights them, else all forms are one; variance = Σ over strata n/(n−1) Σ contribution².
-- grain: one row per (upload_id, unit_code, year)
-- reads: staging.stg_survey_answers, staging.stg_survey_forms, marts.survey_group_questions, marts.survey_question_scores, marts.survey_group_samples, staging.stg_survey_definitions, ref.survey_questions
with

contributions as (

    select
        answers.upload_id,
        answers.form_no,
        sum(groups.coefficient * (answers.share - groups.centre)) as contribution,
    from staging.stg_survey_answers as answers
    inner join marts.survey_group_questions as groups
        on groups.upload_id = answers.upload_id
        and groups.unit_code = answers.unit_code
        and groups.question_code = answers.question_code
        and groups.group_code = answers.group_code
    group by all

),

strata as (

    select
        forms.unit_code,
        forms.year,
        forms.definition_code,
        forms.upload_id,
        forms.source_sheet,
        case when definitions.is_weighted then forms.group_code else '' end as stratum,
        coalesce(contributions.contribution, 0) as contribution,
    from staging.stg_survey_forms as forms
    inner join staging.stg_survey_definitions as definitions on definitions.definition_code = forms.definition_code
    left join contributions
        on contributions.upload_id = forms.upload_id
        and contributions.form_no = forms.form_no

),

variance as (

    select unit_code, year, definition_code, upload_id, source_sheet, sum(part) as variance, sum(forms)::integer as forms,
    from (
        select unit_code, year, definition_code, upload_id, source_sheet, count(*) as forms,
            case when count(*) > 1 then count(*) / (count(*) - 1) * sum(contribution ^ 2) else 0 end as part,
        from strata
        group by unit_code, year, definition_code, upload_id, source_sheet, stratum
    )
    group by all

),

points as (

    select upload_id, unit_code, sum(points) as points,
    from marts.survey_question_scores
    group by all

),

max_points as (

    select definition_code, sum(points) as max_points,
    from ref.survey_questions
    group by all

),

samples as (

    select
        upload_id,
        unit_code,
        sum(required_forms)::integer as required_forms,
        case when count(population) > 0 then bool_and(sample_ok) filter (where population is not null) end as sample_ok,
    from marts.survey_group_samples
    group by all

),

final as (

    select
        variance.unit_code,
        variance.year,
        variance.definition_code,
        definitions.framework_code,
        variance.upload_id,
        variance.source_sheet,
        variance.forms,
        coalesce(points.points, 0) as points,
        max_points.max_points,
        points / max_points.max_points * 100 as pct,
        sqrt(variance.variance) as standard_error,
        greatest(0, points - 1.96 * standard_error) as ci_low,
        least(max_points.max_points, points + 1.96 * standard_error) as ci_high,
        samples.required_forms,
        samples.sample_ok,
    from variance
    inner join staging.stg_survey_definitions as definitions using (definition_code)
    inner join max_points using (definition_code)
    left join points using (upload_id, unit_code)
    left join samples using (upload_id, unit_code)

)

select * from final
