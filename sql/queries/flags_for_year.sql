-- Flagged units of a year with their reasons, whether a plan is required and by when.
-- params: $year (integer), $group (varchar; null = all), $area (varchar: parent area code; null = all)
-- reads: marts.unit_year_flag_summary
select
    unit_code,
    unit_name,
    kind,
    rank_group,
    parent_code,
    rank,
    index_pct,
    band_name,
    reasons,
    short_reasons,
    plan_required,
    plan_due_date,
from marts.unit_year_flag_summary
where
    year = $year
    and (cast($group as varchar) is null or rank_group = $group or kind = $group)
    and (cast($area as varchar) is null or parent_code = $area)
order by plan_required desc, rank desc, unit_name collate vi
