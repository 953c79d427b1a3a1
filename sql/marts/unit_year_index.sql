-- Each unit-year's total, applicable max, index % and band. Bonus (given, plus the framework's
-- points per completed breakthrough task) and penalty are capped per framework; the total stays
-- within 0 and the applicable max.
-- grain: one row per (unit_code, year)
-- reads: marts.unit_year_field_index, staging.stg_scores, staging.stg_units, staging.stg_commitments, intermediate.int_commitment_status_periods, ref.frameworks, ref.bands
with

fields as (

    select * from marts.unit_year_field_index

),

adjustments as (

    select
        unit_code,
        year,
        sum(points) filter (where measure = 'bonus') as bonus_given,
        sum(points) filter (where measure = 'penalty') as penalty_given,
        max(points) filter (where measure = 'applicable_max') as max_given,
    from staging.stg_scores
    where criterion_code is null
    group by all

),

tasks_done as (

    select
        commitments.unit_code,
        commitments.year,
        count(*) as tasks_done,
    from staging.stg_commitments as commitments
    inner join intermediate.int_commitment_status_periods as status
        on status.commitment_id = commitments.commitment_id
        and status.valid_to is null
    where commitments.kind = 'breakthrough' and status.status = 'done'
    group by all

),

totals as (

    select
        unit_code,
        year,
        framework_code,
        sum(points) as field_points,
        sum(self_points) as self_points,
        sum(max_points) as max_points,
    from fields
    group by all

),

indexed as (

    select
        totals.* exclude (max_points),
        -- a unit's applicable max stated in the file (a column of its own) is its max
        coalesce(adjustments.max_given, totals.max_points) as max_points,
        units.unit_name,
        units.kind,
        units.kind_name,
        units.rank_group,
        units.parent_code,
        coalesce(tasks_done.tasks_done, 0) as tasks_done,
        least(coalesce(adjustments.bonus_given, 0) + coalesce(tasks_done.tasks_done, 0) * frameworks.task_bonus_points,
              frameworks.bonus_cap) as bonus_points,
        least(coalesce(adjustments.penalty_given, 0), frameworks.penalty_cap) as penalty_points,
        greatest(0, least(
            coalesce(adjustments.max_given, totals.max_points),
            totals.field_points
            + least(coalesce(adjustments.bonus_given, 0) + coalesce(tasks_done.tasks_done, 0) * frameworks.task_bonus_points,
                    frameworks.bonus_cap)
            - least(coalesce(adjustments.penalty_given, 0), frameworks.penalty_cap)
        )) as points,
        -- the index as the office publishes it (half up on its exact decimal value)
        pct_half_up(points, coalesce(adjustments.max_given, totals.max_points)) as index_pct,
        make_date(totals.year + 1, frameworks.plan_due_month, frameworks.plan_due_day) as plan_due_date,
    from totals
    inner join staging.stg_units as units on units.unit_code = totals.unit_code
    inner join ref.frameworks as frameworks on frameworks.framework_code = totals.framework_code
    left join adjustments
        on adjustments.unit_code = totals.unit_code
        and adjustments.year = totals.year
    left join tasks_done
        on tasks_done.unit_code = totals.unit_code
        and tasks_done.year = totals.year

),

banded as (

    select
        indexed.*,
        bands.band_name,
        bands.requires_plan as band_requires_plan,
    from indexed
    asof left join ref.bands as bands
        on bands.framework_code = indexed.framework_code
        and indexed.index_pct >= bands.min_pct

)

select * from banded
