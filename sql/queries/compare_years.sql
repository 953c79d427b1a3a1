-- Two years of the ranking side by side: each unit's points, index, rank and band in the first
-- and the second year, and the change (points; index in percentage points, the difference of the
-- two published figures; places gained, negative when lost). A unit ranked in one year only is
-- listed too, with why it is missing from the other (merged into another unit, not yet formed,
-- not scored); a unit ranked in both years but in different ranking groups has no rank change.
-- The ranking group's name and annex sheet come with each row (ref.rank_groups; a group
-- without a name: no name, its code for the sheet), for the exports.
-- params: $year_from (integer), $year_to (integer), $group (varchar: a kind or ranking group; null = all), $area (varchar: parent area code; null = all)
-- reads: marts.unit_year_ranking, intermediate.int_unit_scope, staging.stg_units, ref.unit_lineage, ref.rank_groups
with

first_year as (

    select * from marts.unit_year_ranking where year = $year_from

),

second_year as (

    select * from marts.unit_year_ranking where year = $year_to

),

paired as (

    select
        coalesce(second_year.unit_code, first_year.unit_code) as unit_code,
        coalesce(second_year.rank_group, first_year.rank_group) as rank_group,
        first_year.unit_code is not null and second_year.unit_code is not null as in_both,
        first_year.rank_group is distinct from second_year.rank_group as other_group,
        case when first_year.unit_code is null then $year_from when second_year.unit_code is null then $year_to end
            as missing_year,
        first_year.points as points_from,
        first_year.max_points as max_points_from,
        first_year.index_pct as index_pct_from,
        first_year.rank as rank_from,
        first_year.is_tied as is_tied_from,
        first_year.units_ranked as units_ranked_from,
        first_year.band_name as band_from,
        second_year.points as points_to,
        second_year.max_points as max_points_to,
        second_year.index_pct as index_pct_to,
        second_year.rank as rank_to,
        second_year.is_tied as is_tied_to,
        second_year.units_ranked as units_ranked_to,
        second_year.band_name as band_to,
        second_year.points - first_year.points as points_change,
        -- the published figures are hundredths: their difference is taken in hundredths, exactly
        (round(second_year.index_pct * 100) - round(first_year.index_pct * 100)) / 100 as index_change,
        case when first_year.rank_group = second_year.rank_group then first_year.rank - second_year.rank end
            as rank_change,
    from first_year
    full outer join second_year on second_year.unit_code = first_year.unit_code
    inner join intermediate.int_unit_scope as scope
        on scope.unit_code = coalesce(second_year.unit_code, first_year.unit_code)
        and scope.group_code is not distinct from $group
        and scope.area_code is not distinct from $area

),

merged_into as (

    select
        lineage.former_code as unit_code,
        lineage.effective_year,
        string_agg(units.unit_name, ', ' order by units.unit_name collate vi) as merged_names,
    from ref.unit_lineage as lineage
    inner join staging.stg_units as units on units.unit_code = lineage.merged_code
    group by all

),

formed_from as (

    select merged_code as unit_code, effective_year, count(*) as former_units,
    from ref.unit_lineage
    group by all

),

final as (

    select
        paired.rank_group,
        rank_groups.group_name as rank_group_name,
        coalesce(rank_groups.sheet_name, paired.rank_group) as rank_group_sheet,
        paired.unit_code,
        units.unit_name,
        units.kind_name,
        paired.* exclude (unit_code, rank_group, other_group, missing_year),
        case
            when paired.missing_year is not null then
                'Không xếp hạng năm ' || paired.missing_year || ': ' || coalesce(
                    (select 'đã sáp nhập vào ' || merged_names from merged_into
                     where merged_into.unit_code = paired.unit_code and merged_into.effective_year <= paired.missing_year
                     order by effective_year desc limit 1),
                    (select 'chưa thành lập (hình thành năm ' || units.valid_from || ' từ ' || former_units || ' đơn vị cũ)'
                     from formed_from
                     where formed_from.unit_code = paired.unit_code and units.valid_from > paired.missing_year
                         and formed_from.effective_year = units.valid_from),
                    case
                        when units.valid_to < paired.missing_year then 'không còn từ năm ' || (units.valid_to + 1)
                        when units.valid_from > paired.missing_year then 'chưa thành lập (có từ năm ' || units.valid_from || ')'
                        else 'chưa có điểm năm này'
                    end)
            when paired.other_group then 'Khác nhóm xếp hạng giữa hai năm: không so sánh hạng'
        end as note,
    from paired
    inner join staging.stg_units as units on units.unit_code = paired.unit_code
    left join ref.rank_groups as rank_groups on rank_groups.rank_group = paired.rank_group

)

select * from final
order by rank_group, in_both desc, rank_to nulls last, rank_from, unit_name collate vi
