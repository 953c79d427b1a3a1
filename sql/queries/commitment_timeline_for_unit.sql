-- A unit's commitments for a year's results, each as a timeline: registered, then every progress
-- update in the order it was dated (and entered), with its status; the steps up to a date.
-- params: $unit_code (varchar), $year (integer), $as_of (date)
-- reads: staging.stg_commitments, staging.stg_commitment_updates, ref.commitment_statuses
with

commitments as (

    select * from staging.stg_commitments
    where unit_code = $unit_code and year = $year

),

steps as (

    select
        commitment_id,
        registered_date as step_date,
        null::timestamp as entered_at,
        'registered' as step,
        'not_started' as status,
        0.0 as percent_done,
        document_number as note,
    from commitments
    union all
    select
        updates.commitment_id,
        updates.update_date,
        updates.entered_at,
        'update',
        updates.status,
        updates.percent_done,
        updates.note,
    from staging.stg_commitment_updates as updates
    inner join commitments on commitments.commitment_id = updates.commitment_id

),

final as (

    select
        commitments.commitment_code,
        commitments.kind,
        commitments.title,
        commitments.due_date,
        steps.step_date,
        steps.step,
        steps.status,
        case when steps.step = 'registered' then 'Đăng ký' else statuses.status_name end as status_name,
        steps.percent_done,
        steps.note,
        steps.entered_at,
    from steps
    inner join commitments on commitments.commitment_id = steps.commitment_id
    inner join ref.commitment_statuses as statuses on statuses.status = steps.status
    where steps.step_date <= $as_of

)

select * from final
order by commitment_code, step_date, step = 'update', entered_at
