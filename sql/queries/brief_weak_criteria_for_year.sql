-- The weakest criteria of each ranking group in a year: the lowest share of their max reached
-- over the group's units (not-applicable criteria excluded; field totals are not criteria), with
-- the points lost and how many units reached the max; `place` numbers them per group, weakest first.
-- params: $year (integer)
-- reads: marts.unit_year_criterion_scores, staging.stg_units, ref.criteria
with

scores as (

    select
        units.rank_group,
        scores.framework_code,
        scores.criterion_code,
        scores.field_code,
        any_value(scores.criterion_name) as criterion_name,
        count(*) as units,
        sum(scores.points) / sum(scores.max_points) * 100 as reached_pct,
        sum(scores.max_points - scores.points) as points_lost,
        count(*) filter (where scores.points >= scores.max_points) as units_at_max,
    from marts.unit_year_criterion_scores as scores
    inner join staging.stg_units as units on units.unit_code = scores.unit_code
    inner join ref.criteria as criteria
        on criteria.framework_code = scores.framework_code
        and criteria.criterion_code = scores.criterion_code
    where scores.year = $year and not scores.is_na and criteria.depth > 1 and scores.max_points > 0
    group by all

),

ordered as (

    select
        *,
        row_number() over (partition by rank_group order by reached_pct, points_lost desc, criterion_code) as place,
    from scores

)

select * from ordered
order by rank_group, place
