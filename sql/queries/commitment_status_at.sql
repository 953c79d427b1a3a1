-- Every commitment as it stood on a date: its latest update on or before that date (none yet:
-- not started, 0 %), and whether it is overdue (past its due date and neither done nor cancelled;
-- on the due date itself it is not yet overdue). Only units in force in the commitment's year
-- (intermediate.int_unit_years): a unit merged away leaves the list.
-- params: $as_of (date), $year (integer; null = every year), $group (varchar: a kind or ranking group; null = all), $unit_code (varchar; null = every unit)
-- reads: staging.stg_commitments, intermediate.int_commitment_status_periods, staging.stg_units, intermediate.int_unit_years, intermediate.int_unit_scope
with

commitments as (

    select * from staging.stg_commitments
    where (cast($year as integer) is null or year = $year) and registered_date <= $as_of
        and (cast($unit_code as varchar) is null or unit_code = $unit_code)

),

final as (

    select
        commitments.commitment_id,
        commitments.commitment_code,
        commitments.unit_code,
        units.unit_name,
        commitments.year,
        commitments.kind,
        commitments.title,
        commitments.field_code,
        commitments.field_codes,
        commitments.criterion_codes,
        commitments.starts_on,
        commitments.due_date,
        commitments.responsible,
        status.status,
        status.status_name,
        status.percent_done,
        status.last_update_date,
        not status.is_closed and commitments.due_date < $as_of as is_overdue,
    from commitments
    inner join staging.stg_units as units on units.unit_code = commitments.unit_code
    inner join intermediate.int_unit_years as in_force
        on in_force.unit_code = commitments.unit_code
        and in_force.year = commitments.year
    inner join intermediate.int_unit_scope as scope
        on scope.unit_code = commitments.unit_code
        and scope.group_code is not distinct from $group
        and scope.area_code is null
    inner join intermediate.int_commitment_status_periods as status
        on status.commitment_id = commitments.commitment_id
        and $as_of between coalesce(status.valid_from, $as_of) and coalesce(status.valid_to, $as_of)

)

select * from final
order by is_overdue desc, due_date, unit_name collate vi
