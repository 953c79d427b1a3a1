-- The scored units of a year (to pick one), in Vietnamese order.
-- params: $year (integer), $group (varchar; null = all)
-- reads: marts.unit_year_ranking
select unit_code, unit_name, kind_name
from marts.unit_year_ranking
where year = $year and (cast($group as varchar) is null or rank_group = $group or kind = $group)
order by unit_name collate vi
