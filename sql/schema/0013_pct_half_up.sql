-- A share as the office publishes it: points / max × 100 rounded half up to 2 decimals on its
-- exact decimal value (points and max taken to 4 decimals, then whole numbers), never on a binary
-- double: 45,3 / 80 gives 56,63 (a double would give 56,62499…), 40,5 / 80 gives 50,63. Null
-- when there is no max. The index, each field's share, the bands, ties and flags all use it.
create macro pct_half_up(points, max_points) as
    case when max_points > 0 then
        ((2 * round(points * 10000)::hugeint * 10000 + round(max_points * 10000)::hugeint)
         // (2 * round(max_points * 10000)::hugeint))::double / 100
    end;
