-- The units that rose and fell most in their ranking group against the year before, by the change
-- the ranking publishes: rank change from marts.unit_year_ranking (places gained, negative when
-- lost; only within the same group) and index change in percentage points from
-- marts.unit_year_baseline (none when the framework changed); `place` numbers each direction per
-- group, the largest move first. A unit formed by a merger that year has no rank to compare: it
-- moves by its index change against its predecessors' estimated baseline (is_estimate), after the
-- rank moves of its group.
-- params: $year (integer)
-- reads: marts.unit_year_ranking, marts.unit_year_baseline
with

changes as (

    select
        ranking.rank_group,
        ranking.unit_code,
        ranking.unit_name,
        ranking.rank,
        ranking.is_tied,
        ranking.index_pct,
        ranking.previous_rank,
        baseline.previous_index_pct,
        ranking.rank_change,
        baseline.index_change,
        baseline.is_estimate,
    from marts.unit_year_ranking as ranking
    inner join marts.unit_year_baseline as baseline
        on baseline.unit_code = ranking.unit_code
        and baseline.year = ranking.year
    where ranking.year = $year

),

moves as (

    select
        * exclude (is_estimate),
        -- a rank move goes by the places; an estimate (no rank to compare) by its index change
        case when coalesce(rank_change, index_change) > 0 then 'up' else 'down' end as direction,
        is_estimate,
    from changes
    where rank_change <> 0 or (is_estimate and index_change <> 0)

),

ordered as (

    select
        *,
        row_number() over (
            partition by rank_group, direction
            order by is_estimate, abs(rank_change) desc nulls last, abs(index_change) desc nulls last, unit_name collate vi
        ) as place,
    from moves

)

select * from ordered
order by rank_group, direction desc, place
