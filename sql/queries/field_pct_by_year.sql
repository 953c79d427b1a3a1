-- Each field's average % of its max per year, for one kind or ranking group.
-- params: $group (varchar; null = all), $drafts (boolean: also the years not published yet)
-- reads: marts.unit_year_field_index, intermediate.int_unit_scope, marts.year_publication
select
    fields.year,
    fields.field_code,
    any_value(fields.field_name) as field_name,
    min(fields.sort_order) as sort_order,
    avg(fields.field_pct) as avg_field_pct,
from marts.unit_year_field_index as fields
inner join intermediate.int_unit_scope as scope
    on scope.unit_code = fields.unit_code
    and scope.group_code is not distinct from $group
    and scope.area_code is null
where ($drafts or fields.year in (select year from marts.year_publication where is_published))
group by fields.year, fields.field_code
order by fields.year, sort_order
