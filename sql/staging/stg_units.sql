-- Units with their kind's name and ranking group.
-- grain: one row per unit_code
-- reads: ref.units, ref.unit_kinds
select
    units.*,
    kinds.kind_name,
    kinds.rank_group,
from ref.units as units
inner join ref.unit_kinds as kinds on kinds.kind = units.kind
