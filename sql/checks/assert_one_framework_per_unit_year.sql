-- Every unit-year in force is scored against a single framework.
-- reads: staging.stg_scores
select unit_code, year, count(distinct framework_code) as frameworks
from staging.stg_scores
group by all
having count(distinct framework_code) > 1
