-- The classification bands of a framework, highest first, with their colours.
-- params: $framework_code (varchar)
-- reads: ref.bands
select band_name, min_pct, requires_plan, color
from ref.bands
where framework_code = $framework_code
order by min_pct desc
