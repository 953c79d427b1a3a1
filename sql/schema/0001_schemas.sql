-- Schemas: ref (registry, frameworks), raw (what was loaded, append-only), meta (uploads,
-- settings), staging (current rows), marts (what the product shows).
create schema if not exists ref;
create schema if not exists raw;
create schema if not exists meta;
create schema if not exists staging;
create schema if not exists marts;
