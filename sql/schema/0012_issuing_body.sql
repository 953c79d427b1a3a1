-- What the papers attached to a decision say of who issues and signs them: the header (cơ quan chủ
-- quản, cơ quan ban hành), the «ngày … tháng … năm» line, «Kèm theo Quyết định số …», the signature
-- block and «Nơi nhận» (Decree 30/2020). The values are in meta.settings under these keys.
create table ref.setting_keys (
    key varchar primary key,
    label varchar not null,
    example varchar not null,
    required boolean not null,
    sort_order integer not null unique
);

insert into ref.setting_keys values
    ('province', 'Tỉnh, thành phố', 'Minh Sơn', true, 1),
    ('org_parent', 'Cơ quan chủ quản (dòng trên của tiêu đề; để trống khi chính UBND tỉnh ban hành)', 'Ủy ban nhân dân tỉnh Minh Sơn', false, 2),
    ('org_name', 'Cơ quan ban hành (mặc định: Ủy ban nhân dân tỉnh …)', 'Ủy ban nhân dân tỉnh Minh Sơn', false, 3),
    ('place', 'Địa danh ghi trước «ngày … tháng … năm» (mặc định: tên tỉnh)', 'Minh Sơn', false, 4),
    ('decision_number', 'Số, ký hiệu quyết định', '125/QĐ-UBND', true, 5),
    ('decision_date', 'Ngày ký quyết định (dd/mm/yyyy)', '15/01/2026', true, 6),
    ('signer_authority', 'Thẩm quyền ký (KT., TM., Q.; để trống khi Chủ tịch ký)', 'KT. CHỦ TỊCH', false, 7),
    ('signer_title', 'Chức vụ người ký', 'PHÓ CHỦ TỊCH', true, 8),
    ('signer_name', 'Họ và tên người ký', 'Nguyễn Văn An', true, 9),
    ('recipients', 'Nơi nhận (cách nhau bằng dấu ;)', 'Như Điều 3; Chủ tịch, các PCT UBND tỉnh; Lưu: VT, SNV', false, 10);

-- the example province's older keys (org_parent «… (ví dụ)», org_name «Sở Nội vụ», place) stay valid
