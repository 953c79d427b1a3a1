-- A reading remembered with the header row the user gave (--header-row): the next file is searched
-- for that header wherever its title lines put it. Null when the header was found by evidence.
alter table meta.column_mappings add column header_given boolean not null default false;
