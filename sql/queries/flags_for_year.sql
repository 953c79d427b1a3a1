-- Flagged units of a year with their reasons, whether a plan is required and by when.
-- params: $year (integer), $group (varchar; null = all), $area (varchar: parent area code; null = all)
-- reads: marts.unit_year_flag_summary, intermediate.int_unit_scope
select
    flags.unit_code,
    unit_name,
    kind,
    rank_group,
    parent_code,
    rank,
    index_pct,
    band_name,
    reasons,
    plan_required,
    plan_due_date,
from marts.unit_year_flag_summary as flags
inner join intermediate.int_unit_scope as scope
    on scope.unit_code = flags.unit_code
    and scope.group_code is not distinct from $group
    and scope.area_code is not distinct from $area
where flags.year = $year
order by plan_required desc, rank desc, unit_name collate vi
