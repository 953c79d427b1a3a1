-- A unit's breakthrough tasks and remediation plans for a year's results as they stood on a date:
-- the latest update on or before it (none yet: not started, 0 %), overdue or not (as in
-- commitment_status_at), and where each came from (document, upload or who entered it).
-- params: $unit_code (varchar), $year (integer), $as_of (date)
-- reads: staging.stg_commitments, intermediate.int_commitment_status_periods, meta.uploads
with

commitments as (

    select * from staging.stg_commitments
    where unit_code = $unit_code and year = $year and registered_date <= $as_of

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
        status.status,
        status.status_name,
        status.percent_done,
        status.last_update_date,
        not status.is_closed and commitments.due_date < $as_of as is_overdue,
    from commitments
    inner join intermediate.int_commitment_status_periods as status
        on status.commitment_id = commitments.commitment_id
        and $as_of between coalesce(status.valid_from, $as_of) and coalesce(status.valid_to, $as_of)
    left join meta.uploads as uploads on uploads.upload_id = commitments.upload_id

)

select * from final
order by kind desc, due_date, commitment_code
