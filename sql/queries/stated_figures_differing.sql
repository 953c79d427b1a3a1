-- The figures a score file states beside its points (the index %, the rank, the band) that
-- differ from what is computed once its upload is stored, read inside the upload's write after
-- the marts are rebuilt: the index and band against marts.unit_year_index, the rank against the
-- rank by that index among the upload's units of the same sheet (ties share a rank). (A stated
-- total is checked against the points beside it as the file is read, with its other problems.)
-- Stated figures come as lists of equal length, in the file's order; an index stated as a fraction (0,855) is read as a %.
-- grain: one row per stated figure that differs (sheet, cell)
-- params: $upload_id (integer), $unit_codes (varchar[]), $sheets (varchar[]), $cells (varchar[]), $figures (varchar[]: index, rank, band), $numbers (double[]: the number stated; null for a band), $texts (varchar[]: the band stated, as the framework names it when it is one of its bands; null for a number), $tolerance (double: how far a figure may be off)
-- reads: staging.stg_scores, marts.unit_year_index
with

stated as (

    select
        unnest(generate_series(1, len($cells::varchar[]))) as position,
        unnest($unit_codes::varchar[]) as unit_code,
        unnest($sheets::varchar[]) as sheet,
        unnest($cells::varchar[]) as cell,
        split_part(unnest($figures::varchar[]), ':', 1) as figure,
        unnest($numbers::double[]) as stated_number,
        unnest($texts::varchar[]) as stated_text,

),

upload_rows as (

    select * from staging.stg_scores where upload_id = $upload_id

),

ranked as (

    select
        units.unit_code,
        indexed.index_pct,
        coalesce(indexed.band_name, '') as band_name,
        rank() over (partition by units.sheet order by indexed.index_pct desc) as rank,
    from (
        select unit_code, year, any_value(source_sheet) as sheet, from upload_rows group by all
    ) as units
    inner join marts.unit_year_index as indexed
        on indexed.unit_code = units.unit_code
        and indexed.year = units.year
    where indexed.index_pct is not null

),

compared as (

    select
        stated.position,
        stated.sheet,
        stated.cell,
        stated.figure,
        case
            when stated.figure = 'index' and stated.stated_number <= 1 and ranked.index_pct > 1
                then stated.stated_number * 100
            else stated.stated_number
        end as stated_number,
        stated.stated_text,
        ranked.index_pct as computed_index_pct,
        ranked.rank as computed_rank,
        ranked.band_name as computed_band_name,
    from stated
    left join ranked on ranked.unit_code = stated.unit_code

),

final as (

    select *,
    from compared
    where case figure
        when 'index' then abs(computed_index_pct - stated_number) > $tolerance + 0.005
        when 'rank' then trunc(stated_number) <> computed_rank
        when 'band' then stated_text <> computed_band_name
        else false
    end

)

select * from final order by position
