-- Why a unit-year is flagged: each field below a rule's share of its max, and each band that
-- requires a remediation plan. A field exactly at the threshold is not below it. The figures
-- only: the sentences users read are made of them in Python (pipelines/reads.flag_reason).
-- grain: one row per (unit_code, year, reason_kind, field_code); field_code null for a band
-- reads: marts.unit_year_field_index, marts.unit_year_index, ref.flag_rules
with

fields as (

    select * from marts.unit_year_field_index where max_points > 0

),

field_flags as (

    select
        fields.unit_code,
        fields.year,
        fields.field_code,
        fields.sort_order,
        bool_or(rules.requires_plan) as requires_plan,
        min(rules.threshold_pct) as threshold_pct,
        any_value(fields.field_name) as field_name,
        any_value(fields.field_pct) as field_pct,
    from fields
    inner join ref.flag_rules as rules
        on rules.framework_code = fields.framework_code
        and (rules.field_code is null or rules.field_code = fields.field_code)
        and fields.field_pct < rules.threshold_pct
    group by all

),

band_flags as (

    select unit_code, year, band_name
    from marts.unit_year_index
    where band_requires_plan

),

final as (

    select
        unit_code,
        year,
        'field' as reason_kind,
        field_code,
        sort_order,
        field_name,
        field_pct,
        threshold_pct,
        null as band_name,
        requires_plan,
    from field_flags
    union all
    select
        unit_code,
        year,
        'band' as reason_kind,
        null as field_code,
        0 as sort_order,
        null as field_name,
        null as field_pct,
        null as threshold_pct,
        band_name,
        true as requires_plan,
    from band_flags

)

select * from final
