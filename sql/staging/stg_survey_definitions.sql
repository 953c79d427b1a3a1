-- Survey definitions, and whether their groups are weighted (every group has a weight) or
-- their answers pooled.
-- grain: one row per definition_code
-- reads: ref.survey_definitions, ref.survey_groups
select
    definitions.*,
    coalesce((
        select bool_and(groups.weight is not null)
        from ref.survey_groups as groups
        where groups.definition_code = definitions.definition_code
    ), false) as is_weighted,
from ref.survey_definitions as definitions
