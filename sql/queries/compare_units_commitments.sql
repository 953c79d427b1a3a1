-- Two units' breakthrough tasks and remediation plans for a year's results as they stood on a
-- date: the latest update on or before it (none yet: not started, 0 %) and whether it is overdue
-- (as in commitment_status_at); the first unit's first, breakthrough tasks before plans.
-- params: $unit_a (varchar), $unit_b (varchar), $year (integer), $as_of (date)
-- reads: staging.stg_commitments, intermediate.int_commitment_status_periods, staging.stg_units
with

commitments as (

    select * from staging.stg_commitments
    where unit_code in ($unit_a, $unit_b) and year = $year and registered_date <= $as_of

),

final as (

    select
        commitments.unit_code,
        units.unit_name,
        commitments.commitment_code,
        commitments.kind,
        commitments.title,
        commitments.due_date,
        status.status,
        status.status_name,
        status.percent_done,
        not status.is_closed and commitments.due_date < $as_of as is_overdue,
    from commitments
    inner join staging.stg_units as units on units.unit_code = commitments.unit_code
    inner join intermediate.int_commitment_status_periods as status
        on status.commitment_id = commitments.commitment_id
        and $as_of between coalesce(status.valid_from, $as_of) and coalesce(status.valid_to, $as_of)

)

select * from final
order by unit_code <> $unit_a, kind <> 'breakthrough', due_date, commitment_code
