-- What rolling an upload back would do, unit-year by unit-year: whether the upload is the one in
-- force there, and which earlier upload of the same kind takes over (null: none, nothing left).
-- params: $upload_id (integer)
-- reads: meta.uploads, meta.upload_units, staging.stg_upload_coverage
with

covered as (

    select upload_units.unit_code, upload_units.year, uploads.upload_kind
    from meta.upload_units as upload_units
    inner join meta.uploads as uploads on uploads.upload_id = upload_units.upload_id
    where upload_units.upload_id = $upload_id

),

earlier as (

    select
        covered.unit_code,
        covered.year,
        max(uploads.upload_id) as upload_id,
    from covered
    inner join meta.upload_units as upload_units
        on upload_units.unit_code = covered.unit_code and upload_units.year = covered.year
    inner join meta.uploads as uploads
        on uploads.upload_id = upload_units.upload_id and uploads.upload_kind = covered.upload_kind
    where uploads.status = 'loaded' and uploads.upload_id < $upload_id
    group by all

),

final as (

    select
        covered.unit_code,
        covered.year,
        coalesce(coverage.upload_id = $upload_id, false) as is_in_force,
        coverage.upload_id as in_force_upload_id,
        earlier.upload_id as restored_upload_id,
        restored.file_name as restored_file_name,
    from covered
    left join staging.stg_upload_coverage as coverage
        on coverage.unit_code = covered.unit_code and coverage.year = covered.year
        and coverage.upload_kind = covered.upload_kind
    left join earlier on earlier.unit_code = covered.unit_code and earlier.year = covered.year
    left join meta.uploads as restored on restored.upload_id = earlier.upload_id

)

select * from final
order by unit_code, year
