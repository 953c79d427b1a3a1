-- A unit's headline figures for its scorecard (phiếu điểm): index, rank (tied or not, of how many
-- in its ranking group), band and points, with the year before's to compare; its flags and
-- remediation plan (required, due, received by a date); the framework by name; the uploads in
-- force. One row for any registered unit (no scores that year: figures null), none for an
-- unknown code.
-- params: $unit_code (varchar), $year (integer), $as_of (date)
-- reads: marts.unit_year_baseline, staging.stg_units, marts.unit_year_ranking, marts.unit_year_flag_summary, staging.stg_commitments, staging.stg_upload_coverage, meta.uploads, ref.frameworks
with

units as (

    select * from staging.stg_units where unit_code = $unit_code

),

ranking as (

    select * from marts.unit_year_ranking where unit_code = $unit_code and year = $year

),

previous as (

    select * from marts.unit_year_ranking where unit_code = $unit_code and year = $year - 1

),

plan_received as (

    select unit_code, min(registered_date) as plan_received_date
    from staging.stg_commitments
    where unit_code = $unit_code and year = $year and kind = 'remediation' and registered_date <= $as_of
    group by unit_code

),

sources as (

    select
        coverage.unit_code,
        list(uploads.file_name order by uploads.upload_id) as source_files,
        list(uploads.upload_id order by uploads.upload_id) as source_upload_ids,
    from staging.stg_upload_coverage as coverage
    inner join meta.uploads as uploads on uploads.upload_id = coverage.upload_id
    where coverage.unit_code = $unit_code and coverage.year = $year
    group by coverage.unit_code

),

final as (

    select
        units.unit_code,
        coalesce(ranking.unit_name, units.unit_name) as unit_name,
        units.kind_name,
        coalesce(ranking.rank_group, units.rank_group) as rank_group,
        ranking.year,
        ranking.points,
        ranking.max_points,
        ranking.index_pct,
        ranking.rank,
        ranking.is_tied,
        ranking.units_ranked,
        ranking.band_name,
        ranking.bonus_points,
        ranking.penalty_points,
        -- against its own year before, or (merged units) its predecessors' estimate: marts.unit_year_baseline
        baseline.previous_index_pct,
        baseline.index_change,
        baseline.change_basis,
        baseline.is_estimate,
        baseline.predecessors_used,
        baseline.predecessors_total,
        baseline.is_weighted,
        previous.rank as previous_rank,
        previous.band_name as previous_band_name,
        ranking.rank_change,
        frameworks.framework_name,
        frameworks.is_example,
        coalesce(flags.reasons, []) as reasons,
        coalesce(flags.plan_required, false) as plan_required,
        flags.plan_due_date,
        plan_received.plan_received_date,
        -- as plans_for_year says it: not received and past its due date
        coalesce(flags.plan_required, false) and plan_received.plan_received_date is null
            and flags.plan_due_date < $as_of as plan_is_overdue,
        sources.source_files,
        sources.source_upload_ids,
    from units
    left join ranking on ranking.unit_code = units.unit_code
    left join previous
        on previous.unit_code = units.unit_code
        and previous.rank_group = ranking.rank_group
    left join marts.unit_year_baseline as baseline
        on baseline.unit_code = ranking.unit_code
        and baseline.year = ranking.year
    left join ref.frameworks as frameworks on frameworks.framework_code = ranking.framework_code
    left join marts.unit_year_flag_summary as flags
        on flags.unit_code = ranking.unit_code
        and flags.year = ranking.year
    left join plan_received on plan_received.unit_code = units.unit_code
    left join sources on sources.unit_code = units.unit_code

)

select * from final
