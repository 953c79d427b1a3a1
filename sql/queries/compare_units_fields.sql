-- Two units' fields in one year side by side: points, the unit's own max and % of it for each,
-- as the ranking shows them (a field that does not apply to a unit, max 0, has no points), and
-- the gap between the two shares in percentage points (first unit minus second, exactly, from the
-- published hundredths).
-- params: $unit_a (varchar), $unit_b (varchar), $year (integer)
-- reads: marts.unit_year_field_index
with

first_unit as (

    select * from marts.unit_year_field_index where unit_code = $unit_a and year = $year

),

second_unit as (

    select * from marts.unit_year_field_index where unit_code = $unit_b and year = $year

),

final as (

    select
        coalesce(first_unit.field_code, second_unit.field_code) as field_code,
        coalesce(first_unit.field_name, second_unit.field_name) as field_name,
        coalesce(first_unit.sort_order, second_unit.sort_order) as sort_order,
        case when first_unit.max_points > 0 then first_unit.points end as points_a,
        first_unit.max_points as max_points_a,
        first_unit.field_pct as field_pct_a,
        case when second_unit.max_points > 0 then second_unit.points end as points_b,
        second_unit.max_points as max_points_b,
        second_unit.field_pct as field_pct_b,
        (round(first_unit.field_pct * 100) - round(second_unit.field_pct * 100)) / 100 as pct_gap,
    from first_unit
    full outer join second_unit
        on second_unit.framework_code = first_unit.framework_code
        and second_unit.field_code = first_unit.field_code

)

select * from final
order by sort_order, field_code
