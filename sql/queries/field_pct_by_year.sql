-- Each field's average % of its max per year, for one kind or ranking group.
-- params: $group (varchar; null = all)
-- reads: marts.unit_year_field_index, staging.stg_units
select
    fields.year,
    fields.field_code,
    any_value(fields.field_name) as field_name,
    min(fields.sort_order) as sort_order,
    avg(fields.field_pct) as avg_field_pct,
from marts.unit_year_field_index as fields
inner join staging.stg_units as units on units.unit_code = fields.unit_code
where cast($group as varchar) is null or units.rank_group = $group or units.kind = $group
group by fields.year, fields.field_code
order by fields.year, sort_order
