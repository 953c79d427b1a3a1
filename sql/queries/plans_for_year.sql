-- The remediation plans a year's results require (the flag rule), whether each was received by
-- a date (a remediation commitment for that unit and year registered on or before it) and
-- whether it is missing past its due date.
-- params: $year (integer), $as_of (date), $group (varchar: a kind or ranking group; null = all)
-- reads: marts.unit_year_flag_summary, staging.stg_commitments
with

required as (

    select * from marts.unit_year_flag_summary
    where
        year = $year
        and plan_required
        and (cast($group as varchar) is null or rank_group = $group or kind = $group)

),

received as (

    select unit_code, min(registered_date) as received_date
    from staging.stg_commitments
    where year = $year and kind = 'remediation' and registered_date <= $as_of
    group by unit_code

)

select
    required.unit_code,
    required.unit_name,
    required.year,
    required.short_reasons,
    required.plan_due_date,
    received.received_date,
    received.received_date is not null as is_received,
    received.received_date is null and required.plan_due_date < $as_of as is_overdue,
from required
left join received on received.unit_code = required.unit_code
order by is_received, required.unit_name collate vi
