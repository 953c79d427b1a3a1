-- Two units' breakthrough tasks and remediation plans for a year's results as they stood on a
-- date: the latest update on or before it (none yet: not started, 0 %) and whether it is overdue
-- (as in commitment_status_at); the first unit's first, breakthrough tasks before plans.
-- params: $unit_a (varchar), $unit_b (varchar), $year (integer), $as_of (date)
-- reads: staging.stg_commitments, staging.stg_commitment_updates, ref.commitment_statuses, staging.stg_units
with

commitments as (

    select * from staging.stg_commitments
    where unit_code in ($unit_a, $unit_b) and year = $year and registered_date <= $as_of

),

latest as (

    select
        commitment_id,
        arg_max(status, (update_date, entered_at)) as status,
        arg_max(percent_done, (update_date, entered_at)) as percent_done,
    from staging.stg_commitment_updates
    where update_date <= $as_of and commitment_id in (select commitment_id from commitments)
    group by commitment_id

),

final as (

    select
        commitments.unit_code,
        units.unit_name,
        commitments.commitment_code,
        commitments.kind,
        commitments.title,
        commitments.due_date,
        coalesce(latest.status, 'not_started') as status,
        statuses.status_name,
        coalesce(latest.percent_done, 0) as percent_done,
        not statuses.is_closed and commitments.due_date < $as_of as is_overdue,
    from commitments
    inner join staging.stg_units as units on units.unit_code = commitments.unit_code
    left join latest on latest.commitment_id = commitments.commitment_id
    inner join ref.commitment_statuses as statuses on statuses.status = coalesce(latest.status, 'not_started')

)

select * from final
order by unit_code <> $unit_a, kind <> 'breakthrough', due_date, commitment_code
