-- Each commitment's status over time, from its appended updates: not started (0 %) until the
-- first update, then each day's last entered update from its date to the day before the next
-- one's (the last: until further notice). The percent done is the latest one given (an update
-- without one keeps it). A query takes the status on a date by joining on
-- `$as_of between coalesce(valid_from, $as_of) and coalesce(valid_to, $as_of)`: one row per
-- commitment; `valid_to is null` is the status today.
-- grain: one row per (commitment_id, valid_from); valid_from null before the first update
-- reads: staging.stg_commitments, staging.stg_commitment_updates, ref.commitment_statuses
with

updates as (

    select
        commitment_id,
        update_date,
        status,
        last_value(percent_done ignore nulls) over (
            partition by commitment_id order by update_date, entered_at
            rows between unbounded preceding and current row
        ) as percent_done,
    from staging.stg_commitment_updates
    qualify row_number() over (partition by commitment_id, update_date order by entered_at desc) = 1

),

periods as (

    select
        commitment_id,
        null::date as valid_from,
        min(update_date) - 1 as valid_to,
        'not_started' as status,
        0 as percent_done,
        null::date as last_update_date,
    from staging.stg_commitments
    left join updates using (commitment_id)
    group by commitment_id
    union all
    select
        commitment_id,
        update_date as valid_from,
        lead(update_date) over (partition by commitment_id order by update_date) - 1 as valid_to,
        status,
        coalesce(percent_done, 0) as percent_done,
        update_date as last_update_date,
    from updates

),

final as (

    select
        periods.*,
        statuses.status_name,
        statuses.is_closed,
    from periods
    inner join ref.commitment_statuses as statuses on statuses.status = periods.status

)

select * from final
