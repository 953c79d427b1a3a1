-- The units that rose and fell most in their ranking group against the year before: rank change
-- (places gained, negative when lost) and index change in percentage points (the difference of the
-- two published figures); `place` numbers each direction per group, the largest move first. A unit
-- formed by a merger that year has no rank to compare: it moves by its index change against its
-- predecessors' estimated baseline (is_estimate), after the rank moves of its group.
-- params: $year (integer)
-- reads: marts.unit_year_ranking, marts.unit_year_baseline
with

current_year as (

    select * from marts.unit_year_ranking where year = $year

),

previous_year as (

    select * from marts.unit_year_ranking where year = $year - 1

),

moves as (

    select
        current_year.rank_group,
        current_year.unit_code,
        current_year.unit_name,
        current_year.rank,
        current_year.is_tied,
        current_year.index_pct,
        previous_year.rank as previous_rank,
        previous_year.index_pct as previous_index_pct,
        previous_year.rank - current_year.rank as rank_change,
        (round(current_year.index_pct * 100) - round(previous_year.index_pct * 100)) / 100 as index_change,
        case when previous_year.rank > current_year.rank then 'up' else 'down' end as direction,
        false as is_estimate,
    from current_year
    inner join previous_year
        on previous_year.unit_code = current_year.unit_code
        and previous_year.rank_group = current_year.rank_group
    where previous_year.rank <> current_year.rank

    union all

    select
        current_year.rank_group,
        current_year.unit_code,
        current_year.unit_name,
        current_year.rank,
        current_year.is_tied,
        current_year.index_pct,
        null as previous_rank,
        baseline.previous_index_pct,
        null as rank_change,
        baseline.index_change,
        case when baseline.index_change > 0 then 'up' else 'down' end as direction,
        true as is_estimate,
    from current_year
    inner join marts.unit_year_baseline as baseline
        on baseline.unit_code = current_year.unit_code
        and baseline.year = current_year.year
    where baseline.is_estimate and baseline.index_change <> 0

),

ordered as (

    select
        *,
        row_number() over (
            partition by rank_group, direction
            order by is_estimate, abs(rank_change) desc nulls last, abs(index_change) desc, unit_name collate vi
        ) as place,
    from moves

)

select * from ordered
order by rank_group, direction desc, place
