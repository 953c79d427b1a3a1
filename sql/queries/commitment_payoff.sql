-- Did it pay off: for each commitment and each field it targets, that field's % of max for the
-- unit in the year it answers and in the following year.
-- params: $year (integer)
-- reads: staging.stg_commitments, marts.unit_year_field_index, ref.units
with

targets as (

    select commitments.* exclude (field_code), unnest(commitments.field_codes) as field_code
    from staging.stg_commitments as commitments
    where commitments.year = $year

)

select
    targets.commitment_code,
    units.unit_name,
    targets.kind,
    targets.title,
    targets.field_code,
    before.field_pct as field_pct_before,
    after.field_pct as field_pct_after,
    after.field_pct - before.field_pct as change_pct,
from targets
inner join ref.units as units on units.unit_code = targets.unit_code
left join marts.unit_year_field_index as before
    on before.unit_code = targets.unit_code and before.year = targets.year
    and before.field_code = targets.field_code
left join marts.unit_year_field_index as after
    on after.unit_code = targets.unit_code and after.year = targets.year + 1
    and after.field_code = targets.field_code
order by change_pct desc nulls last, units.unit_name collate vi
