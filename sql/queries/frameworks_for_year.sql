-- The frameworks that scored a year's units, and whether each is the shipped example.
-- params: $year (integer)
-- reads: marts.unit_year_index, ref.frameworks
select distinct
    frameworks.framework_code,
    frameworks.framework_name,
    frameworks.is_example,
    frameworks.is_inferred,
from marts.unit_year_index as results
inner join ref.frameworks as frameworks on frameworks.framework_code = results.framework_code
where results.year = $year
order by frameworks.framework_code
