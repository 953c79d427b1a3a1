-- Sociological survey (điều tra xã hội học). The definition is data per framework and years:
-- respondent groups (with weights where groups count differently), answer scales (the share of
-- a question's points each answer earns) and questions (the criterion each feeds, its points,
-- the groups that answer it).
create table ref.survey_definitions (
    definition_code varchar primary key,
    definition_name varchar not null,
    framework_code varchar not null,
    year_from integer not null,
    year_to integer not null,
    is_example boolean not null default false,
    margin_pct double not null default 5  -- e in n = N / (1 + N·e²)
);

create table ref.survey_groups (
    definition_code varchar not null,
    group_code varchar not null,
    group_name varchar not null,
    weight double,  -- null for every group: answers are pooled
    sort_order integer not null,
    primary key (definition_code, group_code)
);

create table ref.survey_scales (
    definition_code varchar not null,
    scale_code varchar not null,
    option_code varchar not null,
    option_label varchar not null,
    share_pct double not null,  -- share of the question's points this answer earns, 0–100
    sort_order integer not null,
    primary key (definition_code, scale_code, option_code)
);

create table ref.survey_questions (
    definition_code varchar not null,
    question_code varchar not null,
    question_text varchar not null,
    criterion_code varchar not null,
    points double not null,
    scale_code varchar not null,
    group_codes varchar[] not null,
    sort_order integer not null,
    primary key (definition_code, question_code)
);

-- What a survey upload held: its forms (one per row, with the row it came from), the answers
-- given (blank cells are no answer), the column each question was read from and the population
-- N per unit and group for the sample-size rule.
create table raw.survey_uploads (
    upload_id integer primary key,
    definition_code varchar not null,
    source_sheet varchar not null
);

create table raw.survey_columns (
    upload_id integer not null,
    question_code varchar not null,
    source_column varchar not null,
    primary key (upload_id, question_code)
);

create table raw.survey_forms (
    upload_id integer not null,
    form_no integer not null,
    form_id varchar not null,
    unit_code varchar not null,
    year integer not null,
    group_code varchar not null,
    source_row integer not null
);

create table raw.survey_answers (
    upload_id integer not null,
    form_no integer not null,
    question_code varchar not null,
    option_code varchar not null
);

create table raw.survey_populations (
    upload_id integer not null,
    unit_code varchar not null,
    year integer not null,
    group_code varchar not null,
    population integer not null
);
