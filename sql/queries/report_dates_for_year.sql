-- The reporting deadlines of the year after a year's results (when its tasks are carried out).
-- params: $year (integer)
-- reads: ref.report_deadlines
select period, make_date($year + 1, month, day) as report_date
from ref.report_deadlines
order by report_date
