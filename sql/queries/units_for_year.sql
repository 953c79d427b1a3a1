-- The scored units of a year (to pick one), in Vietnamese order.
-- params: $year (integer), $group (varchar; null = all)
-- reads: marts.unit_year_ranking, intermediate.int_unit_scope
select ranking.unit_code, ranking.unit_name, ranking.kind_name
from marts.unit_year_ranking as ranking
inner join intermediate.int_unit_scope as scope
    on scope.unit_code = ranking.unit_code
    and scope.group_code is not distinct from $group
    and scope.area_code is null
where ranking.year = $year
order by unit_name collate vi
