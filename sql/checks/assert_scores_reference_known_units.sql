-- Every stored score belongs to a registered unit.
-- reads: raw.scores, ref.units
select distinct scores.unit_code
from raw.scores as scores
anti join ref.units as units on units.unit_code = scores.unit_code
