-- Each ranked unit's name, points, index and rank in a year: what a load would change.
-- params: $year (integer)
-- reads: marts.unit_year_ranking
select unit_code, unit_name, points, index_pct, rank
from marts.unit_year_ranking
where year = $year
