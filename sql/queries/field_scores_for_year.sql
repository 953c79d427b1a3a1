-- Field points and sub-index of every unit in a year, optionally one kind or ranking group.
-- params: $year (integer), $group (varchar; null = all), $area (varchar: parent area code; null = all)
-- reads: marts.unit_year_field_index, staging.stg_units, intermediate.int_unit_scope
select
    fields.unit_code,
    units.unit_name,
    fields.framework_code,
    fields.field_code,
    fields.field_name,
    fields.sort_order,
    fields.framework_max_points,
    fields.points,
    fields.max_points,
    fields.field_pct,
from marts.unit_year_field_index as fields
inner join staging.stg_units as units on units.unit_code = fields.unit_code
inner join intermediate.int_unit_scope as scope
    on scope.unit_code = fields.unit_code
    and scope.group_code is not distinct from $group
    and scope.area_code is not distinct from $area
where
    fields.year = $year
order by fields.unit_code, fields.sort_order
