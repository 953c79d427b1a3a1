-- One line per flagged unit-year: its reasons in order (each the figures of a row of
-- marts.unit_year_flags, said in words by pipelines/reads.with_reasons), whether a remediation
-- plan is required, and by when.
-- grain: one row per (unit_code, year)
-- reads: marts.unit_year_flags, marts.unit_year_ranking
with

flags as (

    select
        unit_code,
        year,
        list(
            {
                'reason_kind': reason_kind,
                'field_code': field_code,
                'field_name': field_name,
                'field_pct': field_pct,
                'threshold_pct': threshold_pct,
                'band_name': band_name,
            }
            order by sort_order, field_code
        ) as reasons,
        bool_or(requires_plan) as plan_required,
    from marts.unit_year_flags
    group by all

),

final as (

    select
        ranking.unit_code,
        ranking.unit_name,
        ranking.year,
        ranking.kind,
        ranking.rank_group,
        ranking.parent_code,
        ranking.rank,
        ranking.index_pct,
        ranking.band_name,
        flags.reasons,
        flags.plan_required,
        case when flags.plan_required then ranking.plan_due_date end as plan_due_date,
    from flags
    inner join marts.unit_year_ranking as ranking
        on ranking.unit_code = flags.unit_code
        and ranking.year = flags.year

)

select * from final
