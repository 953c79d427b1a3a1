-- Field points and sub-index of every unit in a year, optionally one kind or ranking group.
-- params: $year (integer), $group (varchar; null = all), $area (varchar: parent area code; null = all)
-- reads: marts.unit_year_field_index, staging.stg_units
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
where
    fields.year = $year
    and (cast($group as varchar) is null or units.rank_group = $group or units.kind = $group)
    and (cast($area as varchar) is null or units.parent_code = $area)
order by fields.unit_code, fields.sort_order
