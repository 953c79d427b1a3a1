-- Frameworks (bộ chỉ số) are data: versioned by years and unit kinds.
create table ref.frameworks (
    framework_code varchar primary key,
    framework_name varchar not null,
    year_from integer not null,
    year_to integer not null,
    unit_kinds varchar[] not null,
    is_example boolean not null default false,
    is_inferred boolean not null default false,
    bonus_cap double not null default 0,
    penalty_cap double not null default 0,
    plan_due_month integer not null default 4,
    plan_due_day integer not null default 10,
    method_note varchar
);

-- The criteria tree; depth 1 = field (lĩnh vực). Leaves at any depth.
create table ref.criteria (
    framework_code varchar not null,
    criterion_code varchar not null,
    parent_code varchar,
    field_code varchar not null,
    depth integer not null,
    criterion_name varchar not null,
    max_points double not null,
    is_survey boolean not null default false,
    sort_order integer not null,
    primary key (framework_code, criterion_code)
);

-- Classification bands: a unit gets the band with the highest min_pct <= its index.
create table ref.bands (
    framework_code varchar not null,
    band_name varchar not null,
    min_pct double not null,
    requires_plan boolean not null default false,
    color varchar,
    primary key (framework_code, band_name)
);

-- Flag rules: a field below threshold_pct % of its max (field_code null = any field).
create table ref.flag_rules (
    framework_code varchar not null,
    rule_code varchar not null,
    field_code varchar,
    threshold_pct double not null,
    requires_plan boolean not null default false,
    primary key (framework_code, rule_code)
);
