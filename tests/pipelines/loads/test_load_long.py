"""Long lists: unit, criterion or field code, points."""

import pytest

from pipelines.loads.scores import load_scores
from pipelines.problems import InvalidInput
from tests.conftest import FIELD_MAX
from tests.files import write_xlsx


def test_field_level_long_list(con, tmp_path):
    rows = [["Đơn vị", "Mã lĩnh vực", "Điểm"]]
    for unit in ("Xã An Bình", "Bình Mỹ"):
        rows += [[unit, code, str(mx - 1).replace(".", ",")] for code, mx in FIELD_MAX.items()]
    load_scores(con, write_xlsx(tmp_path / "dai.xlsx", {"Diem": rows}), 2024)
    assert con.execute(
        "select unit_code, points from marts.unit_year_index order by 1"
    ).fetchall() == [("X02", 92.0), ("X03", 92.0)]


def test_long_list_missing_field_and_duplicate_row(con, tmp_path):
    rows = [["Đơn vị", "Mã lĩnh vực", "Điểm"]]
    rows += [["Xã An Bình", code, 1] for code in FIELD_MAX if code != "5"]
    rows.append(["Xã An Bình", "3", 2])
    with pytest.raises(InvalidInput) as e:
        load_scores(con, write_xlsx(tmp_path / "dai.xlsx", {"Diem": rows}), 2024)
    assert [str(p) for p in e.value.problems] == [
        "Diem!A2: Đơn vị «Xã An Bình» thiếu điểm lĩnh vực 5 «Cải cách chế độ công vụ»",
        "Diem!C9: Điểm bị trùng: đã có ở ô C4 (đơn vị «Xã An Bình»)",
    ]
