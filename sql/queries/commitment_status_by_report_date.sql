-- How many of a year's commitments stood in each status on each reporting deadline of the next
-- year (when its tasks are carried out), counted as commitment_status_at counts them on that
-- date: registered by then, of units in force in the commitment's year.
-- params: $year (integer), $group (varchar: a kind or ranking group; null = all)
-- reads: ref.report_deadlines, staging.stg_commitments, intermediate.int_unit_years, intermediate.int_unit_scope, intermediate.int_commitment_status_periods, ref.commitment_statuses
with

report_dates as (

    select period, make_date($year + 1, month, day) as report_date
    from ref.report_deadlines

),

commitments as (

    select * from staging.stg_commitments
    where year = $year

),

standing as (

    select
        report_dates.period,
        report_dates.report_date,
        status.status,
        status.status_name,
    from report_dates
    inner join commitments on commitments.registered_date <= report_dates.report_date
    inner join intermediate.int_unit_years as in_force
        on in_force.unit_code = commitments.unit_code
        and in_force.year = commitments.year
    inner join intermediate.int_unit_scope as scope
        on scope.unit_code = commitments.unit_code
        and scope.group_code is not distinct from $group
        and scope.area_code is null
    inner join intermediate.int_commitment_status_periods as status
        on status.commitment_id = commitments.commitment_id
        and report_dates.report_date
        between coalesce(status.valid_from, report_dates.report_date)
        and coalesce(status.valid_to, report_dates.report_date)

),

final as (

    select
        standing.period,
        standing.report_date,
        standing.status,
        standing.status_name,
        statuses.sort_order,
        count(*) as count,
    from standing
    inner join ref.commitment_statuses as statuses on statuses.status = standing.status
    group by all

)

select period, report_date, status, status_name, count
from final
order by report_date, sort_order
