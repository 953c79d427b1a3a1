-- Each scored criterion (or field, when only field totals exist) of a unit-year, with the
-- official points (final appraisal, else survey) and where each number came from. A unit-year
-- with survey responses takes its survey criteria from them, not from a score sheet; forms
-- alone (no score sheet yet) make no index.
-- grain: one row per (unit_code, year, criterion_code)
-- reads: staging.stg_scores, marts.unit_year_survey, marts.survey_question_scores, raw.survey_columns, ref.criteria
with

surveyed as (

    select survey.unit_code, survey.year, survey.upload_id, survey.source_sheet,
    from marts.unit_year_survey as survey
    semi join staging.stg_scores as scores using (unit_code, year)

),

survey_points as (

    select
        scores.upload_id,
        scores.unit_code,
        scores.year,
        scores.framework_code,
        scores.criterion_code,
        'survey' as measure,
        sum(scores.points) as points,
        false as is_na,
        surveyed.source_sheet,
        'cột ' || string_agg(columns.source_column, ', ' order by scores.sort_order)
            || ' (câu ' || string_agg(scores.question_code, ', ' order by scores.sort_order) || ')' as source_cell,
    from marts.survey_question_scores as scores
    inner join surveyed using (upload_id, unit_code, year)
    inner join raw.survey_columns as columns using (upload_id, question_code)
    group by all

),

scores as (

    select scores.*,
    from staging.stg_scores as scores
    inner join ref.criteria as criteria
        on criteria.framework_code = scores.framework_code
        and criteria.criterion_code = scores.criterion_code
    anti join surveyed
        on criteria.is_survey
        and surveyed.unit_code = scores.unit_code
        and surveyed.year = scores.year

    union all by name

    select * from survey_points

),

pivoted as (

    select
        unit_code,
        year,
        framework_code,
        criterion_code,
        bool_or(is_na) as is_na,
        max(points) filter (where measure = 'final') as final_points,
        max(points) filter (where measure = 'survey') as survey_points,
        max(points) filter (where measure = 'self') as self_points,
        max(points) filter (where measure = 'appraised_r1') as appraised_r1_points,
        max(points) filter (where measure = 'applicable_max') as applicable_max_points,
        max(upload_id) as upload_id,
        max(source_sheet) as source_sheet,
        max(source_cell) filter (where measure in ('final', 'survey')) as source_cell,
    from scores
    group by all

),

final as (

    select
        pivoted.*,
        criteria.field_code,
        criteria.criterion_name,
        criteria.max_points,
        criteria.is_survey,
        criteria.sort_order,
        case when not pivoted.is_na
            then coalesce(pivoted.final_points, pivoted.survey_points, 0) end as points,
    from pivoted
    inner join ref.criteria as criteria
        on criteria.framework_code = pivoted.framework_code
        and criteria.criterion_code = pivoted.criterion_code

)

select * from final
