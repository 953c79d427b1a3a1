-- Commitments as registered (breakthrough tasks and remediation plans).
-- grain: one row per commitment_id
-- reads: raw.commitments
select
    * exclude (field_codes, criterion_codes),
    coalesce(start_date, registered_date) as starts_on,
    coalesce(field_codes, case when field_code is not null then [field_code] end, []) as field_codes,
    coalesce(criterion_codes, case when criterion_code is not null then [criterion_code] end, []) as criterion_codes,
from raw.commitments
