-- Every survey upload's forms, with the definition they were read against. Which upload is in
-- force for a unit-year is decided on the small per-unit results (marts.unit_year_survey), so
-- the statistics over many forms are recomputed only when survey data changes.
-- grain: one row per (upload_id, form_no)
-- reads: raw.survey_forms, raw.survey_uploads
select
    forms.*,
    survey_uploads.definition_code,
    survey_uploads.source_sheet,
from raw.survey_forms as forms
inner join raw.survey_uploads as survey_uploads on survey_uploads.upload_id = forms.upload_id
