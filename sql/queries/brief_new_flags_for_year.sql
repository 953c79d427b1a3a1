-- Units flagged in a year that were not flagged the year before, with their reasons, whether a
-- remediation plan is required and by when, and whether the unit had a result the year before
-- (a unit formed in 2025 has none).
-- params: $year (integer)
-- reads: marts.unit_year_flag_summary, marts.unit_year_ranking
select
    flags.unit_code,
    flags.unit_name,
    flags.rank_group,
    flags.rank,
    flags.index_pct,
    flags.band_name,
    flags.reasons,
    flags.plan_required,
    flags.plan_due_date,
    previous.unit_code is not null as had_previous,
from marts.unit_year_flag_summary as flags
left join marts.unit_year_ranking as previous
    on previous.unit_code = flags.unit_code
    and previous.year = flags.year - 1
where
    flags.year = $year
    and not exists (
        select 1 from marts.unit_year_flag_summary as before
        where before.unit_code = flags.unit_code and before.year = flags.year - 1
    )
order by flags.rank_group, flags.rank desc, flags.unit_name collate vi
