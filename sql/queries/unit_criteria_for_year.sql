-- A unit's scored criteria in a year: points, self-assessed points, points lost, how many
-- peers (same kind) reach the max, and the upload, sheet and cell each number came from.
-- params: $unit_code (varchar), $year (integer)
-- reads: marts.unit_year_criterion_scores, staging.stg_units, meta.uploads, ref.units
with

peers as (

    select
        scores.criterion_code,
        avg(case when scores.points >= scores.max_points then 1 else 0 end) as peer_share_at_max,
    from marts.unit_year_criterion_scores as scores
    inner join staging.stg_units as units on units.unit_code = scores.unit_code
    where
        scores.year = $year
        and not scores.is_na
        and units.kind = (select kind from ref.units where unit_code = $unit_code)
    group by scores.criterion_code

)

select
    scores.criterion_code,
    scores.field_code,
    scores.criterion_name,
    scores.max_points,
    scores.points,
    scores.self_points,
    scores.is_na,
    scores.max_points - scores.points as points_lost,
    peers.peer_share_at_max,
    uploads.file_name,
    uploads.upload_id,
    scores.source_sheet,
    scores.source_cell,
from marts.unit_year_criterion_scores as scores
left join peers on peers.criterion_code = scores.criterion_code
left join meta.uploads as uploads on uploads.upload_id = scores.upload_id
where scores.unit_code = $unit_code and scores.year = $year
order by scores.sort_order
