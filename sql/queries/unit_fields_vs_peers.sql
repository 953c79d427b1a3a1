-- A unit's field % of max in a year next to the median of its peers (units of the same kind).
-- params: $unit_code (varchar), $year (integer)
-- reads: marts.unit_year_field_index, staging.stg_units, ref.units
with

peers as (

    select
        fields.field_code,
        median(fields.field_pct) as peer_median_pct,
        count(*) as peers,
    from marts.unit_year_field_index as fields
    inner join staging.stg_units as units on units.unit_code = fields.unit_code
    where
        fields.year = $year
        and units.kind = (select kind from ref.units where unit_code = $unit_code)
    group by fields.field_code

)

select
    fields.field_code,
    fields.field_name,
    fields.sort_order,
    fields.points,
    fields.max_points,
    fields.self_points,
    fields.field_pct,
    peers.peer_median_pct,
    peers.peers,
from marts.unit_year_field_index as fields
left join peers on peers.field_code = fields.field_code
where fields.unit_code = $unit_code and fields.year = $year
order by fields.sort_order
