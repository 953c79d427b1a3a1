-- Every accepted upload; rolled-back uploads stay, marked, so history is never lost.
create sequence meta.upload_id_seq start 1;

create table meta.uploads (
    upload_id integer primary key default nextval('meta.upload_id_seq'),
    file_name varchar not null,
    sha256 varchar not null,
    upload_kind varchar not null,
    year integer,
    layout varchar,
    row_count integer not null,
    uploaded_by varchar not null,
    uploaded_at timestamp not null default current_timestamp,
    status varchar not null default 'loaded',
    messages varchar[] not null default [],
    rolled_back_at timestamp
);

-- Which unit-years an upload covers: the newest loaded upload covering a unit-year wins.
create table meta.upload_units (
    upload_id integer not null,
    unit_code varchar not null,
    year integer not null,
    primary key (upload_id, unit_code, year)
);

-- Key/value settings: the issuing organisation shown on exports.
create table meta.settings (
    key varchar primary key,
    value varchar not null
);
