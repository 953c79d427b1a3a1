-- An upload's status in the history (meta.uploads.status): in force, or rolled back (it stays,
-- marked, so history is never lost). pipelines/vocabulary.py reads the names.
create table ref.upload_statuses (
    status varchar primary key,
    status_name varchar not null,
    sort_order integer not null
);

insert into ref.upload_statuses values
    ('loaded', 'Đang dùng', 1),
    ('rolled_back', 'Đã hoàn tác', 2);
