-- Every year scored or published, newest first: published (decision, by whom, when) or a draft,
-- and the last withdrawal if any.
-- params: none
-- reads: marts.year_publication
select * from marts.year_publication order by year desc
