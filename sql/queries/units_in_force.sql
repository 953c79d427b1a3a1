-- The units in force in a year (in the registry and valid that year, scored or not), optionally
-- of one group, in Vietnamese order: the units a template lists.
-- grain: one row per unit
-- params: $year (integer), $group (varchar: a kind or ranking group; null = all)
-- reads: staging.stg_units, intermediate.int_unit_years, intermediate.int_unit_scope
select units.unit_code, units.unit_name, units.kind
from staging.stg_units as units
inner join intermediate.int_unit_years as in_force
    on in_force.unit_code = units.unit_code
    and in_force.year = $year
inner join intermediate.int_unit_scope as scope
    on scope.unit_code = units.unit_code
    and scope.group_code is not distinct from $group
    and scope.area_code is null
order by units.unit_name collate vi
