-- The remediation plans a year's results require (the flag rule), whether each was received by
-- a date (a remediation commitment for that unit and year registered on or before it), whether
-- it is missing past its due date, and how many days late it came or is.
-- params: $year (integer), $as_of (date), $group (varchar: a kind or ranking group; null = all)
-- reads: marts.unit_year_flag_summary, marts.year_duties, intermediate.int_unit_scope
with

required as (

    select flags.*
    from marts.unit_year_flag_summary as flags
    inner join intermediate.int_unit_scope as scope
        on scope.unit_code = flags.unit_code
        and scope.group_code is not distinct from $group
        and scope.area_code is null
    where flags.year = $year and flags.plan_required

),

received as (

    select unit_code, delivered_date as received_date
    from marts.year_duties
    where year = $year and duty = 'plan' and delivered_date <= $as_of

)

select
    required.unit_code,
    required.unit_name,
    required.year,
    required.reasons,
    required.plan_due_date,
    received.received_date,
    received.received_date is not null as is_received,
    received.received_date is null and required.plan_due_date < $as_of as is_overdue,
    case
        when received.received_date is not null then greatest(0, received.received_date - required.plan_due_date)
        when required.plan_due_date < $as_of then $as_of - required.plan_due_date
        else 0
    end as days_late,
from required
left join received on received.unit_code = required.unit_code
order by is_received, required.unit_name collate vi
