-- The index is a percentage.
-- reads: marts.unit_year_index
select unit_code, year, index_pct
from marts.unit_year_index
where index_pct < 0 or index_pct > 100 + 1e-9
