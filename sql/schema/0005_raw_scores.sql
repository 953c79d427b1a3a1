-- One number per row, with the cell it came from.
-- measure: self (tự chấm) | appraised_r1 (thẩm định vòng 1) | final (thẩm định, chính thức)
--          | survey (ĐTXHH) | applicable_max (điểm tối đa áp dụng của đơn vị)
--          | bonus | penalty (criterion_code null)
create table raw.scores (
    upload_id integer not null,
    unit_code varchar not null,
    year integer not null,
    framework_code varchar not null,
    criterion_code varchar,
    measure varchar not null,
    points double,
    is_na boolean not null default false,
    source_sheet varchar,
    source_cell varchar
);
