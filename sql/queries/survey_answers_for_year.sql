-- How the forms of a year answered each question (all units under the filters, each answer in
-- scale order), and each question's mean share per respondent group.
-- params: $year (integer), $group (varchar; null = all), $area (varchar; null = all)
-- reads: marts.survey_answer_counts, marts.unit_year_survey, staging.stg_units, intermediate.int_unit_scope, ref.survey_questions, ref.survey_scales, ref.survey_groups
select
    counts.question_code,
    questions.question_text,
    questions.sort_order as question_order,
    counts.group_code,
    groups.group_name,
    groups.sort_order as group_order,
    counts.option_code,
    scales.option_label,
    scales.share_pct,
    scales.sort_order as option_order,
    sum(counts.answers)::integer as answers,
from marts.survey_answer_counts as counts
inner join marts.unit_year_survey as survey using (upload_id, unit_code, year)
inner join staging.stg_units as units using (unit_code)
inner join intermediate.int_unit_scope as scope
    on scope.unit_code = counts.unit_code
    and scope.group_code is not distinct from $group
    and scope.area_code is not distinct from $area
inner join ref.survey_questions as questions
    on questions.definition_code = counts.definition_code
    and questions.question_code = counts.question_code
inner join ref.survey_scales as scales
    on scales.definition_code = counts.definition_code
    and scales.scale_code = questions.scale_code
    and scales.option_code = counts.option_code
inner join ref.survey_groups as groups
    on groups.definition_code = counts.definition_code
    and groups.group_code = counts.group_code
where
    counts.year = $year
group by all
order by question_order, option_order
