-- Whether each year's results are published or still a draft: the publication in force (its
-- decision, who published and when) and the last withdrawal, for every year scored or published.
-- grain: one row per year
-- reads: marts.unit_year_index, meta.publications
with

scored as (

    select distinct year from marts.unit_year_index

),

publications as (

    select * from meta.publications

),

years as (

    select year from scored
    union
    select year from publications

),

in_force as (

    select *
    from publications
    where unpublished_at is null
    qualify row_number() over (partition by year order by published_at desc, publication_id desc) = 1

),

withdrawn as (

    select *
    from publications
    where unpublished_at is not null
    qualify row_number() over (partition by year order by unpublished_at desc, publication_id desc) = 1

),

final as (

    select
        years.year,
        in_force.publication_id is not null as is_published,
        in_force.decision_number,
        in_force.decision_date,
        in_force.published_by,
        in_force.published_at,
        withdrawn.unpublished_reason as last_unpublished_reason,
        withdrawn.unpublished_by as last_unpublished_by,
        withdrawn.unpublished_at as last_unpublished_at,
        years.year in (select scored.year from scored) as has_scores,
    from years
    left join in_force on in_force.year = years.year
    left join withdrawn on withdrawn.year = years.year

)

select * from final
