-- The next band up of each unit-year and the points it takes to reach it: the least extra points,
-- in hundredths of a point, that bring the index as marts.unit_year_index rounds it (pct_half_up:
-- half up on the exact decimal) to the band's min %. No row for a unit in its framework's top band.
-- grain: one row per (unit_code, year)
-- reads: marts.unit_year_index, ref.bands
with

indexed as (

    select
        unit_code,
        year,
        framework_code,
        points,
        max_points,
        index_pct,
    from marts.unit_year_index
    where index_pct is not null

),

next_up as (

    select
        indexed.*,
        bands.band_name as next_band_name,
        bands.min_pct as next_band_min_pct,
    from indexed
    -- the lowest band whose min % is above the index
    asof inner join ref.bands as bands
        on bands.framework_code = indexed.framework_code
        and indexed.index_pct < bands.min_pct

),

final as (

    -- pct_half_up in whole numbers: with P, M the points and max in ten-thousandths and T the
    -- min % in hundredths, the index reaches T when (20000 P + M) // (2 M) >= T, that is when
    -- P >= M (2 T - 1) / 20000; the points needed are that least P less the unit's, rounded up
    -- to hundredths of a point
    select
        unit_code,
        year,
        framework_code,
        next_band_name,
        next_band_min_pct,
        ((
            (round(max_points * 10000)::hugeint * (2 * round(next_band_min_pct * 100)::hugeint - 1)
             + 19999) // 20000
            - round(points * 10000)::hugeint + 99
        ) // 100)::double / 100 as points_needed,
    from next_up

)

select * from final
