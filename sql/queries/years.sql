-- Years that have scores, newest first.
-- params: none
-- reads: marts.unit_year_index
select distinct year from marts.unit_year_index order by year desc
