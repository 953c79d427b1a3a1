-- Where a ranking group loses its points in a year (Pareto): per field, the points below each
-- unit's applicable max summed over the group's units, their share of all points the group lost
-- and the running share, largest first; with the mean sub-index of the field.
-- params: $year (integer)
-- reads: marts.unit_year_field_index, staging.stg_units
with

fields as (

    select
        units.rank_group,
        fields.framework_code,
        fields.field_code,
        any_value(fields.field_name) as field_name,
        min(fields.sort_order) as sort_order,
        count(*) filter (where fields.max_points > 0) as units,
        sum(fields.max_points - fields.points) filter (where fields.max_points > 0) as points_lost,
        avg(fields.field_pct) as mean_field_pct,
    from marts.unit_year_field_index as fields
    inner join staging.stg_units as units on units.unit_code = fields.unit_code
    where fields.year = $year
    group by all

),

final as (

    select
        *,
        points_lost / units as points_lost_per_unit,
        points_lost / sum(points_lost) over (partition by rank_group) * 100 as share_pct,
        sum(points_lost) over (
            partition by rank_group order by points_lost desc, sort_order
            rows between unbounded preceding and current row
        ) / sum(points_lost) over (partition by rank_group) * 100 as cumulative_pct,
    from fields
    where units > 0

)

select * from final
order by rank_group, points_lost desc, sort_order
