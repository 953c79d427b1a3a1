"""Every loader is check (reads and judges, writes nothing) then store (of that same Checked)."""

from pipelines import reads
from pipelines.loads import scores
from tests.conftest import rejected, snapshot
from tests.files import FAIR, GOOD, summary_xlsx


def test_check_writes_nothing_and_store_loads_what_was_checked(con, tmp_path):
    path = summary_xlsx(tmp_path / "a.xlsx", [("Xã An Bình", GOOD)])
    before = snapshot(con)
    checked = scores.check(con, path, "diem.xlsx", year=2024, preview=True)
    assert snapshot(con) == before
    assert (checked.file_name, checked.row_count, len(checked.sha256)) == ("diem.xlsx", 8, 64)
    assert checked.report.summary().startswith("Kiểm tra xong (chưa nạp): diem.xlsx")
    path.unlink()  # the file is not read again
    done = scores.store(con, checked, "hoa")
    assert done.summary().startswith(f"Đã nạp (lần tải #{done.upload_id}): diem.xlsx")
    assert checked.report.summary().startswith("Kiểm tra xong")  # what was shown stays so
    assert reads.uploads(con)[["file_name", "uploaded_by"]].values.tolist() == [
        ["diem.xlsx", "hoa"]
    ]


def test_store_refuses_when_another_load_came_between_check_and_confirm(con, tmp_path):
    checked = scores.check(
        con, summary_xlsx(tmp_path / "a.xlsx", [("Xã An Bình", GOOD)]), year=2024
    )
    scores.load_scores(con, summary_xlsx(tmp_path / "b.xlsx", [("Xã Bình Mỹ", FAIR)]), 2024)
    assert rejected(con, lambda: scores.store(con, checked, "hoa")) == [
        "Dữ liệu đã thay đổi sau khi kiểm tra tệp (có lần nạp khác): kiểm tra lại tệp"
    ]
