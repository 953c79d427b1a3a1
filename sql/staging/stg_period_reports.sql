-- Periodic CCHC reports as received (units' reports and Nội vụ's summaries).
-- grain: one row per report_id
-- reads: raw.period_reports
select * from raw.period_reports
