-- The upload history, newest first.
-- params: none
-- reads: meta.uploads
select
    upload_id,
    uploaded_at,
    uploaded_by,
    file_name,
    upload_kind,
    year,
    layout,
    row_count,
    status,
    messages,
    rolled_back_at,
    sha256,
from meta.uploads
order by upload_id desc
