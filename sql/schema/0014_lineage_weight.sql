-- A weight per lineage row (former -> merged): the former unit's population or area (or its
-- share) in the merged unit, for the merged unit's baseline from its predecessors (the index of
-- the year before, weighted). Null: the predecessors count equally.
alter table ref.unit_lineage add column weight double;

-- A weighted mean of published figures (2 decimals) rounded half up to 2 decimals on its exact
-- decimal value, never on a binary double: figures taken as whole hundredths and weights to 6
-- decimals, then whole numbers (0,6 × 85,55 + 0,4 × 80,10 gives 83,37). An aggregate: each row a
-- figure and its weight; null weights count as 1 when `weighted` is false.
create macro weighted_pct_half_up(pct, weight) as
    ((2 * sum(round(weight * 1000000)::hugeint * round(pct * 100)::hugeint) + sum(round(weight * 1000000)::hugeint))
     // (2 * sum(round(weight * 1000000)::hugeint)))::double / 100;
