-- A unit's breakthrough tasks and remediation plans for a year's results as they stood on a date:
-- the latest update on or before it (none yet: not started, 0 %), overdue or not (as in
-- commitment_status_at), and where each came from (document, upload or who entered it).
-- params: $unit_code (varchar), $year (integer), $as_of (date)
-- reads: staging.stg_commitments, staging.stg_commitment_updates, ref.commitment_statuses, meta.uploads
with

commitments as (

    select * from staging.stg_commitments
    where unit_code = $unit_code and year = $year and registered_date <= $as_of

),

latest as (

    select
        commitment_id,
        arg_max(status, (update_date, entered_at)) as status,
        arg_max(percent_done, (update_date, entered_at)) as percent_done,
        max(update_date) as last_update_date,
    from staging.stg_commitment_updates
    where update_date <= $as_of and commitment_id in (select commitment_id from commitments)
    group by commitment_id

),

final as (

    select
        commitments.commitment_code,
        commitments.kind,
        commitments.title,
        commitments.field_code,
        commitments.due_date,
        commitments.registered_date,
        commitments.document_number,
        commitments.created_by,
        uploads.file_name,
        coalesce(latest.status, 'not_started') as status,
        statuses.status_name,
        coalesce(latest.percent_done, 0) as percent_done,
        latest.last_update_date,
        not statuses.is_closed and commitments.due_date < $as_of as is_overdue,
    from commitments
    left join latest on latest.commitment_id = commitments.commitment_id
    inner join ref.commitment_statuses as statuses on statuses.status = coalesce(latest.status, 'not_started')
    left join meta.uploads as uploads on uploads.upload_id = commitments.upload_id

)

select * from final
order by kind desc, due_date, commitment_code
