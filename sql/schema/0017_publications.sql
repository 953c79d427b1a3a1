-- A year's results are a draft until Nội vụ publishes them by a decision («số …/QĐ-UBND»). Each
-- publication is a row; withdrawing it (with a reason) fills its unpublished_* columns, so that the
-- history is kept: a year is published while it has a row not withdrawn (marts.year_publication).
create sequence meta.publication_id_seq start 1;

create table meta.publications (
    publication_id integer not null default nextval('meta.publication_id_seq'),
    year integer not null,
    decision_number varchar not null,
    decision_date date not null,
    published_by varchar not null,
    published_at timestamp not null default current_timestamp,
    unpublished_reason varchar,
    unpublished_by varchar,
    unpublished_at timestamp
);

-- What visitors (not logged in) see: meta.settings key 'visitors', one of these modes.
create table ref.visitor_modes (
    mode varchar primary key,
    label varchar not null,
    sees_published boolean not null,  -- false: a visitor sees nothing and is asked to log in
    is_default boolean not null,
    sort_order integer not null unique
);

insert into ref.visitor_modes values
    ('published', 'Các năm đã công bố', true, true, 1),
    ('none', 'Không xem được gì khi chưa đăng nhập', false, false, 2);
