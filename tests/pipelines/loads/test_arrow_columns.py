"""The stored rows' Arrow columns, built from their buffers (so that a load needs no pandas), are
exactly what pyarrow would make of the same values."""

import numpy as np
import pyarrow as pa

from pipelines.loads.score_values import _booleans, _floats, _strings


def test_columns_built_from_buffers_equal_pyarrows_own():
    texts = np.array(["X01", None, "Xã Tân Hòa", "", "Ðông"], dtype=object)
    assert _strings(texts).equals(pa.array(texts.tolist(), pa.string()))
    assert _strings(np.char.add(np.array(["A", "AB"]), np.array(["1", "20"]))).equals(
        pa.array(["A1", "AB20"])
    )
    numbers = np.array([1.5, np.nan, 0.0, 35.0])
    assert _floats(numbers).equals(pa.array(numbers, pa.float64(), from_pandas=True))
    flags = np.array([True, False, False, True, True, False, True, True, False])
    assert _booleans(flags).equals(pa.array(flags))
    for empty in (_strings([]), _floats(np.array([])), _booleans(np.array([], dtype=bool))):
        assert len(empty) == 0
