-- Each question's score across the units of a year: the mean over units of the share of its
-- points earned, and the points lost in all; the lowest first.
-- params: $year (integer), $group (varchar; null = all), $area (varchar; null = all)
-- reads: marts.survey_question_scores, marts.unit_year_survey, staging.stg_units, intermediate.int_unit_scope
select
    scores.question_code,
    scores.question_text,
    scores.criterion_code,
    scores.max_points,
    count(*) as units,
    avg(scores.mean_share) * 100 as mean_pct,
    sum(scores.max_points - scores.points) as points_lost,
from marts.survey_question_scores as scores
inner join marts.unit_year_survey as survey using (upload_id, unit_code, year)
inner join staging.stg_units as units using (unit_code)
inner join intermediate.int_unit_scope as scope
    on scope.unit_code = scores.unit_code
    and scope.group_code is not distinct from $group
    and scope.area_code is not distinct from $area
where
    scores.year = $year
group by all
order by mean_pct, scores.question_code
