-- Unit registry: communes, wards, towns, special zones, districts and departments.
-- kind: commune | ward | town | special_zone | district | department
create table ref.units (
    unit_code varchar primary key,
    unit_name varchar not null,
    kind varchar not null,
    parent_code varchar,
    valid_from integer,
    valid_to integer
);

-- Other names a unit is known by (old spellings, names in old templates).
create table ref.unit_aliases (
    unit_code varchar not null,
    alias varchar not null,
    primary key (unit_code, alias)
);

-- Former unit -> the unit it was merged into (the 2025 merger).
create table ref.unit_lineage (
    former_code varchar not null,
    merged_code varchar not null,
    effective_year integer not null,
    primary key (former_code, merged_code)
);

-- How kinds are ranked together: commune-level units together, districts, departments.
create table ref.unit_kinds (
    kind varchar primary key,
    kind_name varchar not null,
    rank_group varchar not null,
    prefixes varchar[] not null
);

insert into ref.unit_kinds values
    ('commune', 'Xã', 'commune_level', ['xã']),
    ('ward', 'Phường', 'commune_level', ['phường']),
    ('town', 'Thị trấn', 'commune_level', ['thị trấn']),
    ('special_zone', 'Đặc khu', 'commune_level', ['đặc khu']),
    ('district', 'Huyện, thị xã, thành phố', 'district', ['huyện', 'thị xã', 'thành phố', 'tp', 'quận']),
    ('department', 'Phòng, sở, ban, ngành', 'department', ['phòng', 'sở', 'ban']);
