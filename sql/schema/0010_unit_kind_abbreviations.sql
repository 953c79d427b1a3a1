-- Kind words as offices abbreviate them in tables: «P. Đồng Tiến», «X. An Bình», «TT. Phú Hòa»,
-- «TX. Tân Châu», «Q. 3»: matched as the kind word they stand for.
update ref.unit_kinds set prefixes = list_concat(prefixes, ['x']) where kind = 'commune';
update ref.unit_kinds set prefixes = list_concat(prefixes, ['p']) where kind = 'ward';
update ref.unit_kinds set prefixes = list_concat(prefixes, ['tt']) where kind = 'town';
update ref.unit_kinds set prefixes = list_concat(prefixes, ['tx', 'q']) where kind = 'district';
