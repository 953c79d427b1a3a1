-- What each unit-year's index is compared with: the unit's own index of the year before, or, for a
-- unit formed by a merger that year, an estimate from its predecessors (ref.unit_lineage): their
-- index of the year before weighted by the lineage weight (population or area) when every
-- predecessor with a result has one, else equally, rounded half up to 2 decimals. No rank is
-- compared against predecessors. change_basis: own | predecessors (an estimate) | first_year |
-- framework_changed | merged_without_data; the words for each are in pipelines/reports.py.
-- grain: one row per (unit_code, year)
-- reads: marts.unit_year_index, ref.unit_lineage
-- years: y, y - 1
with

current_year as (

    select unit_code, year, framework_code, index_pct from marts.unit_year_index

),

own as (

    select
        current_year.unit_code,
        current_year.year,
        previous.index_pct as own_index_pct,
        previous.framework_code as previous_framework_code,
    from current_year
    inner join marts.unit_year_index as previous
        on previous.unit_code = current_year.unit_code
        and previous.year = current_year.year - 1

),

predecessors as (

    select
        current_year.unit_code,
        current_year.year,
        count(*) as predecessors_total,
        count(previous.index_pct) as predecessors_used,
        count(previous.index_pct) > 0 and count(lineage.weight) filter (where previous.index_pct is not null)
            = count(previous.index_pct) as is_weighted,
        bool_or(previous.framework_code <> current_year.framework_code) as framework_differs,
        case when is_weighted
            then weighted_pct_half_up(previous.index_pct, case when previous.index_pct is not null then lineage.weight end)
            else weighted_pct_half_up(previous.index_pct, case when previous.index_pct is not null then 1 end)
        end as baseline_pct,
    from current_year
    inner join ref.unit_lineage as lineage
        on lineage.merged_code = current_year.unit_code
        and lineage.effective_year = current_year.year
    left join marts.unit_year_index as previous
        on previous.unit_code = lineage.former_code
        and previous.year = current_year.year - 1
    group by all

),

final as (

    select
        current_year.unit_code,
        current_year.year,
        current_year.index_pct,
        case
            when own.unit_code is not null and own.previous_framework_code = current_year.framework_code then 'own'
            when own.unit_code is not null then 'framework_changed'
            when predecessors.predecessors_used > 0 and predecessors.framework_differs then 'framework_changed'
            when predecessors.predecessors_used > 0 then 'predecessors'
            when predecessors.unit_code is not null then 'merged_without_data'
            else 'first_year'
        end as change_basis,
        case change_basis
            when 'own' then own.own_index_pct
            when 'predecessors' then predecessors.baseline_pct
        end as previous_index_pct,
        -- the difference of two published figures, in whole hundredths (no binary remainder)
        (round(current_year.index_pct * 100) - round(previous_index_pct * 100)) / 100 as index_change,
        change_basis = 'predecessors' as is_estimate,
        predecessors.predecessors_used,
        predecessors.predecessors_total,
        predecessors.is_weighted,
    from current_year
    left join own using (unit_code, year)
    left join predecessors using (unit_code, year)

)

select * from final
