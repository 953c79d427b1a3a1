-- What a unit needs in a year for the next band up: the band, its min % and the points needed
-- (marts.unit_year_next_band); no row when it is in the top band or has no index.
-- params: $unit_code (varchar), $year (integer)
-- reads: marts.unit_year_next_band
select
    next_band_name,
    next_band_min_pct,
    points_needed,
from marts.unit_year_next_band
where unit_code = $unit_code and year = $year
