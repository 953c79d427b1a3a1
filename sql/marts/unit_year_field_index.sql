-- Field (lĩnh vực) points and sub-index of each scored unit-year. Criteria marked not
-- applicable leave the field's max; a field with no scored rows counts as 0 points.
-- grain: one row per (unit_code, year, field_code)
-- reads: marts.unit_year_criterion_scores, ref.criteria
with

scored as (

    select * from marts.unit_year_criterion_scores

),

unit_years as (

    select distinct unit_code, year, framework_code from scored

),

fields as (

    select * from ref.criteria where depth = 1

),

per_field as (

    select
        unit_code,
        year,
        field_code,
        sum(points) as points,
        sum(self_points) filter (where not is_na) as self_points,
        sum(max_points) filter (where is_na) as na_max_points,
        max(applicable_max_points) filter (where criterion_code = field_code) as given_max_points,
        bool_or(is_na and criterion_code = field_code) as field_is_na,
    from scored
    group by all

),

final as (

    select
        unit_years.unit_code,
        unit_years.year,
        unit_years.framework_code,
        fields.criterion_code as field_code,
        fields.criterion_name as field_name,
        fields.sort_order,
        fields.max_points as framework_max_points,
        coalesce(per_field.points, 0) as points,
        per_field.self_points,
        case
            when per_field.field_is_na then 0
            else coalesce(
                per_field.given_max_points,
                fields.max_points - coalesce(per_field.na_max_points, 0)
            )
        end as max_points,
    from unit_years
    inner join fields on fields.framework_code = unit_years.framework_code
    left join per_field
        on per_field.unit_code = unit_years.unit_code
        and per_field.year = unit_years.year
        and per_field.field_code = fields.criterion_code

)

-- the sub-index on the unit's own max, rounded as the index is (a bare `max_points` inside `final` would name the
-- framework's column of ref.criteria, not the unit's)
select final.*, pct_half_up(final.points, final.max_points) as field_pct,
from final
