-- What an upload loads (meta.uploads.upload_kind): its name in the history, the noun a rollback
-- sentence uses («điểm năm 2024»), what its row count counts, and whether it can be rolled back. Commitments are only added
-- to; a framework or the unit registry is replaced by loading another one. Only scores and survey
-- forms cover unit-years (meta.upload_units).
create table ref.upload_kinds (
    upload_kind varchar primary key,
    kind_name varchar not null,
    noun varchar not null,
    counted varchar not null,
    can_roll_back boolean not null,
    sort_order integer not null
);

insert into ref.upload_kinds values
    ('scores', 'Bảng điểm', 'điểm', 'giá trị', true, 1),
    ('survey', 'Phiếu khảo sát', 'phiếu khảo sát', 'phiếu', true, 2),
    ('commitments', 'Cam kết và tiến độ', 'cam kết và tiến độ', 'dòng', false, 3),
    ('framework', 'Bộ chỉ số', 'bộ chỉ số', 'tiêu chí', false, 4),
    ('registry', 'Danh mục đơn vị', 'danh mục đơn vị', 'đơn vị', false, 5);
