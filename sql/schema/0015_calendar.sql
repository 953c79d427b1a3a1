-- The calendar Nội vụ runs the year on (issue #11 §2): the duties of a year's follow-up, their
-- dates (per framework, with defaults for every framework), the quarterly reports received,
-- and commitments that target several fields or criteria.

-- What is owed, by whom, in Vietnamese.
create table ref.duties (
    duty varchar primary key,
    duty_name varchar not null,
    owner_name varchar not null,
    sort_order integer not null
);

insert into ref.duties values
    ('plan', 'Nộp kế hoạch khắc phục', 'Đơn vị phải khắc phục', 1),
    ('tasks', 'Đăng ký nhiệm vụ đột phá', 'Mọi đơn vị được đánh giá', 2),
    ('unit_report', 'Báo cáo CCHC định kỳ', 'Mọi đơn vị được đánh giá', 3),
    ('summary', 'Báo cáo tổng hợp CCHC', 'Nội vụ', 4),
    ('overdue_list', 'Danh sách nhiệm vụ quá hạn (thứ Hai hằng tuần)', 'Nội vụ', 5);

-- Reporting periods of the year after the results.
create table ref.periods (
    period varchar primary key,
    period_name varchar not null,
    sort_order integer not null
);

insert into ref.periods values
    ('year', 'Cả năm', 0),
    ('Q1', 'Quý I', 1),
    ('Q2', 'Quý II (6 tháng)', 2),
    ('Q3', 'Quý III', 3),
    ('Q4', 'Quý IV (cả năm)', 4);

-- The day and month each duty falls due in the year after the results. A framework with rows of
-- its own for a duty uses them; any other framework the rows without a framework. Plans are due
-- on ref.frameworks.plan_due_month / plan_due_day.
create table ref.duty_dates (
    framework_code varchar,  -- null: every framework without dates of its own for the duty
    duty varchar not null,   -- tasks | unit_report | summary
    period varchar not null,
    month integer not null,
    day integer not null
);

insert into ref.duty_dates select null, 'unit_report', period, month, day from ref.report_deadlines;
insert into ref.duty_dates select null, 'summary', period, month, 25 from ref.report_deadlines;
insert into ref.duty_dates values (null, 'tasks', 'year', 4, 10);

-- A unit's periodic CCHC report (or, unit_code null, Nội vụ's summary) as received: appended.
create sequence raw.period_report_id_seq start 1;

create table raw.period_reports (
    report_id integer primary key default nextval('raw.period_report_id_seq'),
    year integer not null,  -- the results year whose follow-up the report covers
    period varchar not null,
    duty varchar not null,  -- unit_report | summary
    unit_code varchar,
    received_date date not null,
    file_name varchar,
    note varchar,
    upload_id integer,
    entered_by varchar not null,
    entered_at timestamp not null default current_timestamp
);

-- A plan may target several fields, a task the criteria it aims at (field_code stays the first).
alter table raw.commitments add column field_codes varchar[];
alter table raw.commitments add column criterion_codes varchar[];
update raw.commitments set field_codes = [field_code] where field_code is not null;
update raw.commitments set criterion_codes = [criterion_code] where criterion_code is not null;
