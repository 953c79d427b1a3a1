-- A unit's field (lĩnh vực) points against the field's max and against the median of its peers
-- (the units of its ranking group that year scored on the same framework, itself included),
-- whether a flag rule caught the field, and the upload, sheet and cells its points were summed from.
-- params: $unit_code (varchar), $year (integer)
-- reads: marts.unit_year_field_index, marts.unit_year_ranking, marts.unit_year_flags, marts.unit_year_criterion_scores, meta.uploads
with

unit as (

    select rank_group, framework_code
    from marts.unit_year_ranking
    where unit_code = $unit_code and year = $year

),

peers as (

    select
        fields.field_code,
        median(fields.points) filter (where fields.max_points > 0) as peer_median_points,
        median(fields.field_pct) as peer_median_pct,
        count(fields.field_pct) as peers,
    from marts.unit_year_field_index as fields
    inner join marts.unit_year_ranking as ranking
        on ranking.unit_code = fields.unit_code
        and ranking.year = fields.year
    inner join unit
        on unit.rank_group = ranking.rank_group
        and unit.framework_code = fields.framework_code
    where fields.year = $year
    group by fields.field_code

),

flagged as (

    select distinct field_code
    from marts.unit_year_flags
    where unit_code = $unit_code and year = $year and reason_kind = 'field'

),

sources as (

    select
        scores.field_code,
        string_agg(distinct uploads.file_name, '; ') as source_files,
        string_agg(distinct scores.source_sheet, '; ') as source_sheets,
        string_agg(scores.source_cell, '; ' order by scores.sort_order) as source_cells,
    from marts.unit_year_criterion_scores as scores
    left join meta.uploads as uploads on uploads.upload_id = scores.upload_id
    where scores.unit_code = $unit_code and scores.year = $year and scores.source_cell is not null
    group by scores.field_code

),

final as (

    select
        fields.field_code,
        fields.field_name,
        fields.sort_order,
        case when fields.max_points > 0 then fields.points end as points,
        fields.max_points,
        fields.field_pct,
        peers.peer_median_points,
        peers.peer_median_pct,
        peers.peers,
        flagged.field_code is not null as is_flagged,
        sources.source_files,
        sources.source_sheets,
        sources.source_cells,
    from marts.unit_year_field_index as fields
    left join peers on peers.field_code = fields.field_code
    left join flagged on flagged.field_code = fields.field_code
    left join sources on sources.field_code = fields.field_code
    where fields.unit_code = $unit_code and fields.year = $year

)

select * from final
order by sort_order
