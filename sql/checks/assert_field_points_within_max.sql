-- A field's points never exceed its applicable max (not-applicable criteria excluded).
-- reads: marts.unit_year_field_index
select unit_code, year, field_code, points, max_points
from marts.unit_year_field_index
where points > max_points + 1e-9
