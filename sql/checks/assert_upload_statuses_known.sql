-- Every upload in the history has a status of ref.upload_statuses (so that it has a name).
-- reads: meta.uploads, ref.upload_statuses
select upload_id, status
from meta.uploads
where status not in (select status from ref.upload_statuses)
