-- Breakthrough tasks (đột phá) and remediation plans (khắc phục) that units commit to, and
-- their progress updates: appended, never edited, so the state at any date is a query.
create sequence raw.commitment_id_seq start 1;

create table raw.commitments (
    commitment_id integer primary key default nextval('raw.commitment_id_seq'),
    commitment_code varchar not null unique,
    unit_code varchar not null,
    year integer not null,
    kind varchar not null,  -- breakthrough | remediation
    title varchar not null,
    description varchar,
    field_code varchar,
    criterion_code varchar,
    target varchar,
    start_date date,
    due_date date not null,
    responsible varchar,
    document_number varchar,  -- số văn bản đăng ký
    registered_date date not null,  -- ngày văn bản: a remediation plan counts as received from then
    upload_id integer,
    created_by varchar not null,
    created_at timestamp not null default current_timestamp
);

create table raw.commitment_updates (
    commitment_id integer not null,
    update_date date not null,
    status varchar not null,  -- not_started | in_progress | done | paused | cancelled
    percent_done double,
    note varchar,
    evidence_ref varchar,
    entered_by varchar not null,
    entered_at timestamp not null default current_timestamp,
    upload_id integer
);

-- Statuses in Vietnamese, and whether a commitment in that status is finished.
create table ref.commitment_statuses (
    status varchar primary key,
    status_name varchar not null,
    is_closed boolean not null,
    sort_order integer not null
);

insert into ref.commitment_statuses values
    ('not_started', 'Chưa triển khai', false, 1),
    ('in_progress', 'Đang thực hiện', false, 2),
    ('done', 'Hoàn thành', true, 3),
    ('paused', 'Tạm dừng', false, 4),
    ('cancelled', 'Hủy', true, 5);

-- Reporting deadlines (Bộ Nội vụ 581/BNV-CCHC: the 20th of each quarter's last month); data, so
-- a province can change them.
create table ref.report_deadlines (
    period varchar primary key,
    month integer not null,
    day integer not null
);

insert into ref.report_deadlines values ('Q1', 3, 20), ('Q2', 6, 20), ('Q3', 9, 20), ('Q4', 12, 20);
