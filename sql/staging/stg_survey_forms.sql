-- Survey forms in force: for each unit-year, the forms of the survey upload in force, with the
-- definition they were read against.
-- grain: one row per (upload_id, form_no)
-- reads: raw.survey_forms, raw.survey_uploads, staging.stg_upload_coverage
select
    forms.*,
    survey_uploads.definition_code,
    survey_uploads.source_sheet,
from raw.survey_forms as forms
inner join staging.stg_upload_coverage as coverage
    on coverage.upload_id = forms.upload_id
    and coverage.unit_code = forms.unit_code
    and coverage.year = forms.year
inner join raw.survey_uploads as survey_uploads on survey_uploads.upload_id = forms.upload_id
