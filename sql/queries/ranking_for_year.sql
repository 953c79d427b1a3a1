-- The ranked units of a year, optionally one kind or ranking group, with flags and the
-- points and % of each field (lists in framework order, codes in field_codes); a field that does
-- not apply to the unit (its max is 0) has no points, not 0. The index change is against the unit's
-- own year before or, for a unit formed by a merger, its predecessors' estimated baseline (change_basis).
-- The ranking group's name and annex sheet come with each row (ref.rank_groups; a group
-- without a name: no name, its code for the sheet), for the exports.
-- params: $year (integer), $group (varchar: a kind or ranking group; null = all), $area (varchar: parent area code; null = all)
-- reads: marts.unit_year_ranking, marts.unit_year_baseline, marts.unit_year_flag_summary, marts.unit_year_field_index, marts.unit_year_survey, intermediate.int_unit_scope, ref.rank_groups
with

fields as (

    select
        unit_code,
        list(field_code order by sort_order) as field_codes,
        list(case when max_points > 0 then points end order by sort_order) as field_points,
        list(field_pct order by sort_order) as field_pcts,
    from marts.unit_year_field_index
    where year = $year
    group by unit_code

)

select
    ranking.unit_code,
    ranking.unit_name,
    ranking.kind,
    ranking.kind_name,
    ranking.rank_group,
    rank_groups.group_name as rank_group_name,
    coalesce(rank_groups.sheet_name, ranking.rank_group) as rank_group_sheet,
    ranking.parent_code,
    ranking.framework_code,
    ranking.rank,
    ranking.is_tied,
    ranking.units_ranked,
    ranking.points,
    ranking.max_points,
    ranking.index_pct,
    ranking.band_name,
    ranking.bonus_points,
    ranking.penalty_points,
    ranking.self_points,
    ranking.previous_points,
    ranking.previous_rank,
    ranking.points_change,
    ranking.rank_change,
    ranking.year,
    baseline.previous_index_pct,
    baseline.index_change,
    baseline.change_basis,
    baseline.is_estimate,
    baseline.predecessors_used,
    baseline.predecessors_total,
    baseline.is_weighted,
    flags.reasons is not null as is_flagged,
    coalesce(flags.plan_required, false) as plan_required,
    flags.reasons,
    flags.plan_due_date,
    fields.field_codes,
    fields.field_points,
    fields.field_pcts,
    survey.forms as survey_forms,
    survey.required_forms as survey_required_forms,
    survey.sample_ok as survey_sample_ok,
from marts.unit_year_ranking as ranking
inner join marts.unit_year_baseline as baseline
    on baseline.unit_code = ranking.unit_code
    and baseline.year = ranking.year
inner join intermediate.int_unit_scope as scope
    on scope.unit_code = ranking.unit_code
    and scope.group_code is not distinct from $group
    and scope.area_code is not distinct from $area
left join ref.rank_groups as rank_groups on rank_groups.rank_group = ranking.rank_group
left join fields on fields.unit_code = ranking.unit_code
left join marts.unit_year_survey as survey
    on survey.unit_code = ranking.unit_code
    and survey.year = ranking.year
left join marts.unit_year_flag_summary as flags
    on flags.unit_code = ranking.unit_code
    and flags.year = ranking.year
where
    ranking.year = $year
order by ranking.rank_group, ranking.rank, ranking.unit_name collate vi
