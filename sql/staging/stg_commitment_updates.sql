-- Progress updates as appended.
-- grain: one row per appended update
-- reads: raw.commitment_updates
select * from raw.commitment_updates
