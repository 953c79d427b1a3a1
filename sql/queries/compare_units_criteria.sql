-- Where two units lost most in one year: the criteria among either unit's $top largest losses
-- (points lost = max − points; not-applicable criteria lose nothing), with both units' points and
-- losses on each, the largest loss first.
-- params: $unit_a (varchar), $unit_b (varchar), $year (integer), $top (integer)
-- reads: marts.unit_year_criterion_scores
with

scores as (

    select
        unit_code,
        framework_code,
        criterion_code,
        criterion_name,
        sort_order,
        max_points,
        points,
        is_na,
        case when not is_na then max_points - points end as points_lost,
    from marts.unit_year_criterion_scores
    where year = $year and unit_code in ($unit_a, $unit_b)

),

ranked as (

    select
        *,
        row_number() over (partition by unit_code order by points_lost desc nulls last, sort_order) as loss_rank,
    from scores

),

chosen as (

    select distinct framework_code, criterion_code from ranked where loss_rank <= $top and points_lost > 0

),

final as (

    select
        chosen.criterion_code,
        coalesce(first_unit.criterion_name, second_unit.criterion_name) as criterion_name,
        coalesce(first_unit.sort_order, second_unit.sort_order) as sort_order,
        coalesce(first_unit.max_points, second_unit.max_points) as max_points,
        first_unit.points as points_a,
        first_unit.points_lost as points_lost_a,
        coalesce(first_unit.is_na, false) as is_na_a,
        second_unit.points as points_b,
        second_unit.points_lost as points_lost_b,
        coalesce(second_unit.is_na, false) as is_na_b,
    from chosen
    left join ranked as first_unit
        on first_unit.unit_code = $unit_a
        and first_unit.framework_code = chosen.framework_code
        and first_unit.criterion_code = chosen.criterion_code
    left join ranked as second_unit
        on second_unit.unit_code = $unit_b
        and second_unit.framework_code = chosen.framework_code
        and second_unit.criterion_code = chosen.criterion_code

)

select * from final
order by greatest(coalesce(points_lost_a, 0), coalesce(points_lost_b, 0)) desc, sort_order
