-- Score rows in force: for each unit-year and upload kind, the rows of the newest upload
-- that covers it and has not been rolled back. Rolling an upload back restores the one before.
-- grain: one row per (unit_code, year, criterion_code, measure)
-- reads: raw.scores, meta.uploads, meta.upload_units
with

coverage as (

    select
        upload_units.unit_code,
        upload_units.year,
        uploads.upload_kind,
        max(uploads.upload_id) as upload_id,
    from meta.upload_units as upload_units
    inner join meta.uploads as uploads on uploads.upload_id = upload_units.upload_id
    where uploads.status = 'loaded'
    group by all

),

final as (

    select scores.*,
    from raw.scores as scores
    inner join coverage
        on coverage.upload_id = scores.upload_id
        and coverage.unit_code = scores.unit_code
        and coverage.year = scores.year

)

select * from final
