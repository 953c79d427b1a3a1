-- How the user said a summary table is read (its columns' roles, codes and maxima), remembered
-- for its header: a file from the same template next year is read the same way without asking.
create sequence meta.column_mapping_ids start 1;

create table meta.column_mappings (
    mapping_id integer primary key default nextval('meta.column_mapping_ids'),
    header_key varchar not null unique, -- the columns' header texts, folded, joined by ' | '
    header_rows integer not null,
    columns json not null, -- per column: col, role, code, max, measure, group, max_from
    sheet_name varchar not null,
    file_name varchar not null,
    created_by varchar not null,
    created_at timestamp not null default current_timestamp
);
