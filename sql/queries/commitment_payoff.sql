-- Did it pay off: for each commitment and each field it targets, that field's % of max for the
-- unit in the year it answers and in the following year. A unit merged away the next year
-- (ref.unit_lineage) is judged on its successor's field that year (successor_name; one row per
-- successor).
-- params: $year (integer), $drafts (boolean: also the following year's results when not published yet)
-- reads: staging.stg_commitments, marts.unit_year_field_index, ref.units, ref.unit_lineage, marts.year_publication
with

targets as (

    select commitments.* exclude (field_code), unnest(commitments.field_codes) as field_code
    from staging.stg_commitments as commitments
    where commitments.year = $year

),

judged as (

    select
        targets.*,
        coalesce(lineage.merged_code, targets.unit_code) as judged_code,
        lineage.merged_code as successor_code,
    from targets
    left join ref.unit_lineage as lineage
        on lineage.former_code = targets.unit_code
        and lineage.effective_year = targets.year + 1
        and not exists (
            select 1 from marts.unit_year_field_index as own
            where own.unit_code = targets.unit_code and own.year = targets.year + 1
        )

)

select
    judged.commitment_code,
    units.unit_name,
    judged.kind,
    judged.title,
    judged.field_code,
    successors.unit_name as successor_name,
    before.field_pct as field_pct_before,
    after.field_pct as field_pct_after,
    after.field_pct - before.field_pct as change_pct,
from judged
inner join ref.units as units on units.unit_code = judged.unit_code
left join ref.units as successors on successors.unit_code = judged.successor_code
left join marts.unit_year_field_index as before
    on before.unit_code = judged.unit_code and before.year = judged.year
    and before.field_code = judged.field_code
left join marts.unit_year_field_index as after
    on after.unit_code = judged.judged_code and after.year = judged.year + 1
    and after.field_code = judged.field_code
    and ($drafts or after.year in (select year from marts.year_publication where is_published))
order by change_pct desc nulls last, units.unit_name collate vi
