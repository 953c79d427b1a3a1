-- Forms per unit-year and respondent group against the sample the method asks for:
-- n = N / (1 + N·e²), rounded up, with N the population given and e the definition's margin.
-- grain: one row per (unit_code, year, group_code)
-- reads: staging.stg_survey_forms, staging.stg_survey_populations, ref.survey_definitions, ref.survey_groups
with

forms as (

    select unit_code, year, definition_code, group_code, count(*) as forms,
    from staging.stg_survey_forms
    group by all

),

unit_definitions as (

    select distinct unit_code, year, definition_code from staging.stg_survey_forms

),

populations as (

    select populations.unit_code, populations.year, unit_definitions.definition_code,
        populations.group_code, populations.population,
    from staging.stg_survey_populations as populations
    inner join unit_definitions using (unit_code, year)

),

final as (

    select
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
    full outer join populations using (unit_code, year, definition_code, group_code)
    inner join ref.survey_definitions as definitions using (definition_code)
    inner join ref.survey_groups as groups using (definition_code, group_code)

)

select * from final
