-- The index of a year per ranking group for the leadership brief: units ranked, mean and median
-- of the published index (each rounded half up to 2 decimals, on the exact hundredths), the same
-- for the year before, their change in percentage points, and how many units were ranked in the
-- same group the year before (the others are new, e.g. merged in 2025).
-- params: $year (integer)
-- reads: marts.unit_year_ranking
with

ranked as (

    select
        unit_code,
        year,
        rank_group,
        round(index_pct * 100)::hugeint as index_hundredths,
    from marts.unit_year_ranking
    where year in ($year, $year - 1) and index_pct is not null

),

per_year as (

    select
        rank_group,
        year,
        count(*) as units,
        sum(index_hundredths) as sum_hundredths,
        median(index_hundredths::double) as median_hundredths,
    from ranked
    group by all

),

published as (

    select
        rank_group,
        year,
        units,
        -- half up on the exact mean (sum / units): integers only, no binary noise
        (2 * sum_hundredths + units) // (2 * units) as mean_hundredths,
        -- a median of hundredths is whole or ends in ,5: exact in a double
        floor(median_hundredths + 0.5)::hugeint as median_hundredths,
    from per_year

),

compared as (

    select
        current_units.rank_group,
        count(previous_units.unit_code) as units_compared,
    from ranked as current_units
    left join ranked as previous_units
        on previous_units.unit_code = current_units.unit_code
        and previous_units.rank_group = current_units.rank_group
        and previous_units.year = current_units.year - 1
    where current_units.year = $year
    group by all

),

final as (

    select
        current_year.rank_group,
        current_year.units,
        current_year.mean_hundredths::double / 100 as mean_pct,
        current_year.median_hundredths::double / 100 as median_pct,
        previous_year.units as previous_units,
        previous_year.mean_hundredths::double / 100 as previous_mean_pct,
        previous_year.median_hundredths::double / 100 as previous_median_pct,
        (current_year.mean_hundredths - previous_year.mean_hundredths)::double / 100 as mean_change,
        (current_year.median_hundredths - previous_year.median_hundredths)::double / 100 as median_change,
        compared.units_compared,
    from published as current_year
    inner join compared on compared.rank_group = current_year.rank_group
    left join published as previous_year
        on previous_year.rank_group = current_year.rank_group
        and previous_year.year = current_year.year - 1
    where current_year.year = $year

)

select * from final
order by rank_group
