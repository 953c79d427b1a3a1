-- Which upload is in force for each unit-year and upload kind: the newest one that covers it
-- and has not been rolled back. Rolling an upload back restores the one before.
-- grain: one row per (unit_code, year, upload_kind)
-- reads: meta.uploads, meta.upload_units
select
    upload_units.unit_code,
    upload_units.year,
    uploads.upload_kind,
    max(uploads.upload_id) as upload_id,
from meta.upload_units as upload_units
inner join meta.uploads as uploads on uploads.upload_id = upload_units.upload_id
where uploads.status = 'loaded'
group by all
