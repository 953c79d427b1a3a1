-- The years each unit is in force (ref.units valid_from / valid_to, inclusive; a blank end is
-- open), over every year something is uploaded or committed for: a unit merged away or not yet
-- formed has no row for that year.
-- grain: one row per (unit_code, year)
-- reads: staging.stg_units, staging.stg_upload_coverage, staging.stg_commitments
with

years as (

    select year from staging.stg_upload_coverage
    union
    select year from staging.stg_commitments

),

final as (

    select
        units.unit_code,
        years.year,
    from staging.stg_units as units
    inner join years
        on years.year between coalesce(units.valid_from, years.year) and coalesce(units.valid_to, years.year)

)

select * from final
