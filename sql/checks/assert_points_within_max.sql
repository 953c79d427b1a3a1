-- Criterion points in force are never negative nor above the criterion's max.
-- reads: marts.unit_year_criterion_scores
select unit_code, year, criterion_code, points, max_points
from marts.unit_year_criterion_scores
where points < 0 or points > max_points + 1e-9
