-- The vocabulary, said once (pipelines/vocabulary.py reads it): how a unit kind is written in a
-- registry workbook (the first word is the one `cchc template units` writes; any of them is read,
-- folded), the order kinds are listed in, the ranking groups by name, and the commitment kinds.
alter table ref.unit_kinds add column registry_words varchar[];
alter table ref.unit_kinds add column sort_order integer;
update ref.unit_kinds set registry_words = ['xã'], sort_order = 1 where kind = 'commune';
update ref.unit_kinds set registry_words = ['phường'], sort_order = 2 where kind = 'ward';
update ref.unit_kinds set registry_words = ['thị trấn'], sort_order = 3 where kind = 'town';
update ref.unit_kinds set registry_words = ['đặc khu'], sort_order = 4 where kind = 'special_zone';
update ref.unit_kinds set registry_words = ['huyện', 'thị xã', 'thành phố'], sort_order = 5 where kind = 'district';
update ref.unit_kinds set registry_words = ['sở', 'phòng', 'ban', 'sở ngành'], sort_order = 6 where kind = 'department';

-- Units ranked together: the group's name (the sidebar, the brief; «các …» in the annex's
-- title) and the annex sheet it is on.
create table ref.rank_groups (
    rank_group varchar primary key,
    group_name varchar not null,
    sheet_name varchar not null,
    sort_order integer not null
);

insert into ref.rank_groups values
    ('commune_level', 'Xã, phường, đặc khu', 'Cấp xã', 1),
    ('department', 'Sở, ban, ngành', 'Sở ngành', 2),
    ('district', 'Huyện, thị xã, thành phố', 'Cấp huyện', 3);

-- Commitments: breakthrough tasks (nhiệm vụ đột phá) and remediation plans (kế hoạch khắc phục).
create table ref.commitment_kinds (
    kind varchar primary key,
    kind_name varchar not null,
    sort_order integer not null
);

insert into ref.commitment_kinds values
    ('breakthrough', 'Đột phá', 1),
    ('remediation', 'Khắc phục', 2);
