-- Commitments as registered (breakthrough tasks and remediation plans).
-- grain: one row per commitment_id
-- reads: raw.commitments
select
    *,
    coalesce(start_date, registered_date) as starts_on,
from raw.commitments
