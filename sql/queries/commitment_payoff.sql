-- Did it pay off: for each commitment that targets a field, that field's % of max for the unit in
-- the year it answers and in the following year.
-- params: $year (integer)
-- reads: staging.stg_commitments, marts.unit_year_field_index, ref.units
select
    commitments.commitment_code,
    units.unit_name,
    commitments.kind,
    commitments.title,
    commitments.field_code,
    before.field_pct as field_pct_before,
    after.field_pct as field_pct_after,
    after.field_pct - before.field_pct as change_pct,
from staging.stg_commitments as commitments
inner join ref.units as units on units.unit_code = commitments.unit_code
left join marts.unit_year_field_index as before
    on before.unit_code = commitments.unit_code and before.year = commitments.year
    and before.field_code = commitments.field_code
left join marts.unit_year_field_index as after
    on after.unit_code = commitments.unit_code and after.year = commitments.year + 1
    and after.field_code = commitments.field_code
where commitments.year = $year and commitments.field_code is not null
order by change_pct desc nulls last, units.unit_name collate vi
