-- Every commitment as it stood on a date: its latest update on or before that date (none yet:
-- not started, 0 %), and whether it is overdue (past its due date and neither done nor cancelled;
-- on the due date itself it is not yet overdue). Only units in force in the commitment's year
-- (ref.units valid_from / valid_to): a unit merged away leaves the list.
-- params: $as_of (date), $year (integer; null = every year), $group (varchar: a kind or ranking group; null = all)
-- reads: staging.stg_commitments, staging.stg_commitment_updates, ref.commitment_statuses, staging.stg_units
with

commitments as (

    select * from staging.stg_commitments
    where (cast($year as integer) is null or year = $year) and registered_date <= $as_of

),

latest as (

    select
        commitment_id,
        arg_max(status, (update_date, entered_at)) as status,
        arg_max(percent_done, (update_date, entered_at)) as percent_done,
        max(update_date) as last_update_date,
    from staging.stg_commitment_updates
    where update_date <= $as_of
    group by commitment_id

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
        coalesce(latest.status, 'not_started') as status,
        statuses.status_name,
        coalesce(latest.percent_done, 0) as percent_done,
        latest.last_update_date,
        not statuses.is_closed and commitments.due_date < $as_of as is_overdue,
    from commitments
    inner join staging.stg_units as units on units.unit_code = commitments.unit_code
    left join latest on latest.commitment_id = commitments.commitment_id
    inner join ref.commitment_statuses as statuses on statuses.status = coalesce(latest.status, 'not_started')
    where
        (cast($group as varchar) is null or units.rank_group = $group or units.kind = $group)
        and coalesce(units.valid_from, commitments.year) <= commitments.year
        and commitments.year <= coalesce(units.valid_to, commitments.year)

)

select * from final
order by is_overdue desc, due_date, unit_name collate vi
