-- Forms per upload, unit-year and respondent group against the sample the method asks for:
-- n = N / (1 + N·e²), rounded up, with N the population given and e the definition's margin.
-- grain: one row per (upload_id, unit_code, year, group_code)
-- reads: staging.stg_survey_forms, raw.survey_populations, raw.survey_uploads, ref.survey_definitions, ref.survey_groups
with

forms as (

    select upload_id, unit_code, year, definition_code, group_code, count(*) as forms,
    from staging.stg_survey_forms
    group by all

),

populations as (

    select populations.*, survey_uploads.definition_code,
    from raw.survey_populations as populations
    inner join raw.survey_uploads as survey_uploads using (upload_id)

),

final as (

    select
        upload_id,
        unit_code,
        year,
        definition_code,
        group_code,
        groups.group_name,
        groups.sort_order,
        coalesce(forms.forms, 0) as forms,
        populations.population,
        ceil(
            populations.population
            / (1 + populations.population * (definitions.margin_pct / 100) ^ 2)
            - 1e-9
        )::integer as required_forms,
        coalesce(forms.forms, 0) >= required_forms as sample_ok,
    from forms
    full outer join populations using (upload_id, unit_code, year, definition_code, group_code)
    inner join ref.survey_definitions as definitions using (definition_code)
    inner join ref.survey_groups as groups using (definition_code, group_code)

)

select * from final
