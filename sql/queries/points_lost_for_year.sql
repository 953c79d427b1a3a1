-- Where the points are lost: per field and per scored criterion, the points below max summed
-- over units (not-applicable criteria excluded), largest first.
-- params: $year (integer), $group (varchar; null = all)
-- reads: marts.unit_year_criterion_scores, staging.stg_units
select
    scores.criterion_code,
    scores.field_code,
    any_value(scores.criterion_name) as criterion_name,
    sum(scores.max_points - scores.points) as points_lost,
    count(*) as units,
    count(*) filter (where scores.points >= scores.max_points) as units_at_max,
from marts.unit_year_criterion_scores as scores
inner join staging.stg_units as units on units.unit_code = scores.unit_code
where
    scores.year = $year
    and not scores.is_na
    and (cast($group as varchar) is null or units.rank_group = $group or units.kind = $group)
group by scores.criterion_code, scores.field_code
order by points_lost desc
