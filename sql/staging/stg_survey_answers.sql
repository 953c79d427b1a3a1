-- Answers of every survey upload's forms, with the share of the question's points each earns.
-- grain: one row per (upload_id, form_no, question_code)
-- reads: raw.survey_answers, staging.stg_survey_forms, ref.survey_questions, ref.survey_scales
select
    forms.unit_code,
    forms.year,
    forms.upload_id,
    forms.form_no,
    forms.group_code,
    forms.definition_code,
    answers.question_code,
    answers.option_code,
    scales.share_pct / 100 as share,
from raw.survey_answers as answers
inner join staging.stg_survey_forms as forms
    on forms.upload_id = answers.upload_id
    and forms.form_no = answers.form_no
inner join ref.survey_questions as questions
    on questions.definition_code = forms.definition_code
    and questions.question_code = answers.question_code
inner join ref.survey_scales as scales
    on scales.definition_code = forms.definition_code
    and scales.scale_code = questions.scale_code
    and scales.option_code = answers.option_code
