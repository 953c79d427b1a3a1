-- Rank of each unit within its ranking group (commune level, districts, departments) and
-- year. Ties share a rank, judged on the index as published (rounded
-- half up to 2 decimals in marts.unit_year_index).
-- Change vs the unit's previous year (points, rank).
-- grain: one row per (unit_code, year)
-- reads: marts.unit_year_index
-- years: y, y - 1
with

ranked as (

    select
        *,
        rank() over (partition by year, rank_group order by index_pct desc) as rank,
        count(*) over (partition by year, rank_group, index_pct) > 1 as is_tied,
        count(*) over (partition by year, rank_group) as units_ranked,
    from marts.unit_year_index

),

final as (

    select
        ranked.*,
        previous.points as previous_points,
        previous.rank as previous_rank,
        ranked.points - previous.points as points_change,
        previous.rank - ranked.rank as rank_change,
    from ranked
    left join ranked as previous
        on previous.unit_code = ranked.unit_code
        and previous.year = ranked.year - 1
        and previous.rank_group = ranked.rank_group

)

select * from final
