-- Where the points are lost: per field and per scored criterion, the points below max summed
-- over units (not-applicable criteria excluded), largest first.
-- params: $year (integer), $group (varchar; null = all)
-- reads: marts.unit_year_criterion_scores, intermediate.int_unit_scope
select
    scores.criterion_code,
    scores.field_code,
    any_value(scores.criterion_name) as criterion_name,
    sum(scores.max_points - scores.points) as points_lost,
    count(*) as units,
    count(*) filter (where scores.points >= scores.max_points) as units_at_max,
from marts.unit_year_criterion_scores as scores
inner join intermediate.int_unit_scope as scope
    on scope.unit_code = scores.unit_code
    and scope.group_code is not distinct from $group
    and scope.area_code is null
where
    scores.year = $year
    and not scores.is_na
group by scores.criterion_code, scores.field_code
order by points_lost desc
