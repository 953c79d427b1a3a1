-- Who did what, when: logins and failed logins, uploads, publications, rollbacks, framework,
-- registry and settings loads, account changes. Rows are only ever added.
create table ref.audit_actions (
    action varchar primary key,
    label varchar not null
);

insert into ref.audit_actions values
    ('login', 'Đăng nhập'),
    ('login_failed', 'Đăng nhập không thành công'),
    ('upload', 'Nạp tệp'),
    ('rollback', 'Hoàn tác lần tải'),
    ('publish', 'Công bố kết quả'),
    ('unpublish', 'Thu hồi công bố'),
    ('framework', 'Nạp bộ chỉ số'),
    ('registry', 'Nạp danh mục đơn vị'),
    ('settings', 'Sửa cài đặt'),
    ('account', 'Thay đổi tài khoản');

create sequence meta.audit_id_seq start 1;

create table meta.audit (
    audit_id integer primary key default nextval('meta.audit_id_seq'),
    logged_at timestamp not null default current_timestamp,
    who varchar not null,          -- account name, or what was typed for a failed login
    client varchar not null default '',  -- the client's address (dashboard) or «cli»
    action varchar not null,       -- a key of ref.audit_actions
    detail varchar not null default ''
);
