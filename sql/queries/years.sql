-- Years that have scores, newest first; without $drafts only the published ones (what a visitor
-- may see).
-- params: $drafts (boolean: also the years not published yet)
-- reads: marts.year_publication
select year
from marts.year_publication
where has_scores and ($drafts or is_published)
order by year desc
