-- The years each unit is in force (ref.units valid_from / valid_to, inclusive; a blank end is
-- open): the one place that rule is written. Over every year something is uploaded or committed
-- for and every year a registry may name (1945–2100, as pipelines/loads/units.py accepts), so that
-- a template or a load for a year with nothing in it yet reads it too: a unit merged away or not
-- yet formed has no row for that year.
-- grain: one row per (unit_code, year)
-- reads: staging.stg_units, staging.stg_upload_coverage, staging.stg_commitments
with

years as (

    select year from staging.stg_upload_coverage
    union
    select year from staging.stg_commitments
    union
    select range as year from range(1945, 2101)

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
