-- The filter values each unit answers to, null standing for «all»: a group (its kind or its
-- ranking group) and an area (its parent area). A query keeps the units under `$group` and
-- `$area` by joining on `scope.group_code is not distinct from $group and scope.area_code is not
-- distinct from $area` (`and scope.area_code is null` without an area filter): any pair of
-- values matches at most one row per unit, so the join never repeats a row.
-- grain: one row per (unit_code, group_code, area_code)
-- reads: staging.stg_units
with

units as (

    select * from staging.stg_units

),

groups as (

    select unit_code, null::varchar as group_code from units
    union
    select unit_code, kind from units
    union
    select unit_code, rank_group from units

),

areas as (

    select unit_code, null::varchar as area_code from units
    union
    select unit_code, parent_code from units where parent_code is not null

),

final as (

    select
        groups.unit_code,
        groups.group_code,
        areas.area_code,
    from groups
    inner join areas on areas.unit_code = groups.unit_code

)

select * from final
