-- The intermediate layer: views of the rules several marts and queries share (a unit's years in
-- force, its filter scope, a commitment's status over time), rebuilt from sql/intermediate/.
create schema if not exists intermediate;
