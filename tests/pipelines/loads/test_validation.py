"""Bad input gets a clear answer in Vietnamese, every problem at once, and changes nothing."""

import subprocess
import sys
import time
import zipfile

import pytest

from pipelines.loads.scores import load_scores
from pipelines.loads.unit_matching import UnitIndex
from tests.conftest import rejected
from tests.files import FAIR, GOOD, summary_rows, summary_xlsx, write_xlsx


def problems_of(con, path, year=2024):
    return rejected(con, lambda: load_scores(con, path, year))


def test_every_problem_is_listed_with_its_cell(con, tmp_path):
    rows, merges = summary_rows(
        [
            ("Xã An Bình", GOOD),
            ("Tân Hiệp", GOOD),  # ambiguous: Xã / Phường Tân Hiệp
            ("Xã Không Có", FAIR),  # unknown
            ("Xã Bình Mỹ", [8, "tám", 15, -1, 8, 6, 11, 30]),
            ("xã an bình", FAIR),  # duplicate
            ("Xã Cũ Lạc", GOOD),  # merged away before 2024
            ("Xã Hòa Lợi", [8, 6, "", 5, 8, 6, 11, 30]),
        ]
    )
    path = write_xlsx(tmp_path / "sai.xlsx", {"KQ": rows}, {"KQ": merges})
    load_scores_first = con.execute("select count(*) from raw.scores").fetchone()
    assert problems_of(con, path) == [
        "KQ!B7: Tên đơn vị «Tân Hiệp» khớp nhiều đơn vị: Phường Tân Hiệp (P01), Xã Tân Hiệp (X01)",
        "KQ!B8: Không có đơn vị «Xã Không Có» trong danh mục (dùng --new-units để đăng ký đơn vị mới)",
        "KQ!D9: «tám» không phải là số (lĩnh vực 2) (đơn vị «Xã Bình Mỹ»)",
        "KQ!E9: Điểm 15,00 vượt điểm tối đa 14,00 của lĩnh vực 3 (đơn vị «Xã Bình Mỹ»)",
        "KQ!F9: Điểm âm (-1,00) ở lĩnh vực 4 (đơn vị «Xã Bình Mỹ»)",
        "KQ!B10: Đơn vị «xã an bình» bị trùng: đã có ở KQ!B6 (Xã An Bình)",
        "KQ!B11: Đơn vị «Xã Cũ Lạc» (X99) không còn hiệu lực năm 2024, đã sáp nhập vào X06",
        "KQ!E12: Ô trống: thiếu điểm lĩnh vực 3 (đơn vị «Xã Hòa Lợi»)",
    ]
    assert con.execute("select count(*) from raw.scores").fetchone() == load_scores_first


def test_total_that_disagrees_by_more_than_001_is_an_error(con, tmp_path):
    rows, merges = summary_rows([("Xã An Bình", GOOD), ("Xã Bình Mỹ", FAIR)])
    rows[5][-1] = 86.02  # GOOD adds up to 86
    rows[6][-1] = 76.01  # within 0,01 of 76: accepted
    assert problems_of(con, write_xlsx(tmp_path / "t.xlsx", {"KQ": rows}, {"KQ": merges})) == [
        "KQ!K6: Tổng điểm ghi trong tệp là 86,02 nhưng cộng các điểm thành phần được 86,00"
    ]


def test_a_wrong_total_is_listed_with_the_other_problems_of_the_file(con, tmp_path):
    """A total is the file's own sum: it is checked as the file is read, so the user sees it
    with the rest, not only once the rest is fixed."""
    rows, merges = summary_rows([("Xã An Bình", GOOD), ("Xã Bình Mỹ", [8, 6, 15, 5, 8, 6, 11, 30])])
    rows[5][-1] = 86.02  # GOOD adds up to 86
    assert problems_of(con, write_xlsx(tmp_path / "t.xlsx", {"KQ": rows}, {"KQ": merges})) == [
        "KQ!K6: Tổng điểm ghi trong tệp là 86,02 nhưng cộng các điểm thành phần được 86,00",
        "KQ!E7: Điểm 15,00 vượt điểm tối đa 14,00 của lĩnh vực 3 (đơn vị «Xã Bình Mỹ»)",
    ]


def test_missing_unit_and_field_columns(con, tmp_path):
    rows = [
        [
            "STT",
            "Tên đơn vị",
            "Lĩnh vực 1",
            "Lĩnh vực 2",
            "Lĩnh vực 3",
            "Lĩnh vực 4",
            "Lĩnh vực 5",
            "Lĩnh vực 6",
            "Lĩnh vực 9",
        ],
        [1, "Xã An Bình", 8, 6, 12, 5, 8, 6, 5],
    ]
    assert problems_of(con, write_xlsx(tmp_path / "t.xlsx", {"KQ": rows})) == [
        "KQ: Thiếu cột lĩnh vực 7 «Xây dựng và phát triển chính quyền điện tử, chính quyền số»",
        "KQ: Thiếu cột lĩnh vực 8 «Tác động của CCHC (điều tra xã hội học)»",
        "KQ!I1: Cột «Lĩnh vực 9» không khớp lĩnh vực nào của «Bộ chỉ số CCHC (VÍ DỤ, không phải văn bản chính thức)»",
    ]
    no_table = write_xlsx(tmp_path / "n.xlsx", {"Ghi chu": [["Danh sách"], ["Xã An Bình", 1]]})
    assert problems_of(con, no_table) == [
        "n.xlsx: Không tìm thấy bảng điểm trong «Ghi chu» (2 dòng × 2 cột): trong 40 dòng đầu không có dòng tiêu đề"
        " nào mà bên dưới là các dòng có tên đơn vị và ít nhất hai ô điểm (bảng tổng hợp), cũng không có cột"
        " «Tiêu chí» và «Điểm tối đa» (bảng chi tiết). Chỉ rõ cách đọc bằng --sheet, --header-row và"
        ' --columns "B=unit, C=field:1/9, …", hoặc trên trang Tải dữ liệu'
    ]


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("rong.xlsx", b"", "Tệp rỗng (0 byte)"),
        (
            "van_ban.xlsx",
            b"STT;Ten don vi\n1;Xa A\n",
            "Tệp bị hỏng, không đầy đủ hoặc không phải bảng tính",
        ),
        (
            "anh.xls",
            b"\x89PNG\r\n\x1a\n" + b"0" * 100,
            "Tệp .xls không đúng định dạng Excel 97-2003",
        ),
        (
            "bao_cao.pdf",
            b"%PDF-1.4",
            "Không nhận dạng được loại tệp «.pdf»: chỉ nhận .xlsx, .xls, .ods, .csv",
        ),
    ],
)
def test_unreadable_files(con, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    assert problems_of(con, path) == [f"{name}: {message}"]


def test_truncated_workbook(con, tmp_path):
    full = summary_xlsx(tmp_path / "full.xlsx", [("Xã An Bình", GOOD)]).read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(full[: len(full) // 2])
    assert problems_of(con, cut) == [
        "cut.xlsx: Tệp bị hỏng, không đầy đủ hoặc không phải bảng tính"
    ]


def test_zip_bomb_is_refused_within_seconds_and_bounded_memory(db_path, tmp_path):
    bomb = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            chunk = b"<c><v>0</v></c>" * 65536
            for _ in range(400 * 2**20 // len(chunk)):
                f.write(chunk)
    assert bomb.stat().st_size < 5 * 2**20
    script = (
        "import sys; from pipelines.cli import main; code = main(sys.argv[1:]);"
        "print(next(l for l in open('/proc/self/status') if l.startswith('VmHWM:')).split()[1]); sys.exit(code)"
    )
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            script,
            "--db",
            str(db_path),
            "scores",
            "load",
            str(bomb),
            "--year",
            "2024",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    elapsed = time.perf_counter() - started
    assert done.returncode == 2
    assert "nghi là tệp nén độc hại" in done.stderr
    assert elapsed < 10
    assert int(done.stdout.strip()) < 400 * 1024  # this process's peak RSS (VmHWM) in KiB


@pytest.mark.parametrize(
    "written, code",
    [
        ("Phường Tân Hiệp", "P01"),
        ("UBND phường Tân Hiệp", "P01"),
        ("UBND XÃ TÂN HIỆP", "X01"),
        ("Xã Tấn Hòa", "X05"),
        ("tân hòa", "X04"),
        ("Hòa Lợi", "X06"),
        ("Xã Hoà Lợi cũ", "X06"),
        ("Sở Tư Pháp", "S01"),
        ("thi tran phu hoa", "T01"),
        ("Xã Tân Hoà", "X04"),
        ("XÃ TẤN HOÀ", "X05"),
        ("Thị trấn Phú Hoà", "T01"),
        ("Uỷ ban nhân dân xã Tân Hoà", "X04"),
    ],
)
def test_unit_names_match_regardless_of_prefix_case_and_accents(con, written, code):
    assert UnitIndex(con, 2024).match(written).unit_code == code


@pytest.mark.parametrize("written", ["Tân Hiệp", "tan hoa", "Xã Tan Hoa"])
def test_ambiguous_names_never_match(con, written):
    m = UnitIndex(con, 2024).match(written)
    assert m.unit_code is None and "khớp nhiều đơn vị" in m.problem
