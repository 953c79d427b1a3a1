"""A person in a real browser: the overview, every page, the year filter, the download."""

import json
import subprocess
import sys

import docx
import openpyxl
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from pipelines import reads
from tests.e2e.conftest import PASSWORDS, shot

pytestmark = pytest.mark.e2e


# Every table on the page fits at 1440 px: no st.dataframe grid wider than its container or
# scrolling sideways, no header or value cut by its column, no empty cell (the grid writes «None»);
# no st.table cell cut. The grid draws on a
# canvas, so its columns' widths and the text of each cell come from the props of the canvas's
# component (glide-data-grid's DataGrid: columns, theme, getCellContent), and each text is measured
# in the grid's own font.
TABLES_FIT = """() => {
  const problems = [];
  const ctx = document.createElement('canvas').getContext('2d');
  const width = (text, font) => { ctx.font = font; return ctx.measureText(text).width; };
  document.querySelectorAll('[data-testid="stDataFrame"]').forEach((grid, i) => {
    const name = `bảng dữ liệu ${i + 1}`;
    const box = grid.getBoundingClientRect();
    if (!grid.checkVisibility() || !box.width || !box.height) return;  // inside a closed expander: not drawn
    if (grid.getBoundingClientRect().right > grid.parentElement.getBoundingClientRect().right + 1)
      problems.push(`${name}: wider than its container`);
    const scroller = grid.querySelector('.dvn-scroller');
    if (scroller && scroller.scrollWidth > scroller.clientWidth + 1)
      problems.push(`${name}: scrolls sideways (${scroller.scrollWidth} > ${scroller.clientWidth} px)`);
    const canvas = grid.querySelector('canvas');
    const key = canvas && Object.keys(canvas).find(k => k.startsWith('__reactFiber'));
    let fiber = key && canvas[key];
    while (fiber && !(fiber.memoizedProps && Array.isArray(fiber.memoizedProps.columns) && fiber.memoizedProps.theme)) fiber = fiber.return;
    if (!fiber) { problems.push(`${name}: the grid's column widths were not found`); return; }
    const {columns, theme, getCellContent, rows} = fiber.memoizedProps;
    const pad = 2 * theme.cellHorizontalPadding;
    const head = `${theme.headerFontStyle} ${theme.fontFamily}`, body = `${theme.baseFontStyle} ${theme.fontFamily}`;
    columns.forEach((column, j) => {
      if (width(column.title, head) + pad > column.width) problems.push(`${name}: header «${column.title}» cut (${column.width} px)`);
      const shown = [];
      let missing = 0;
      for (let r = 0; r < Math.min(rows, 500); r++) {
        const cell = getCellContent([j, r]);
        if (cell.isMissingValue) missing++;
        shown.push(String(cell.displayData ?? cell.data ?? ''));
      }
      if (missing) problems.push(`${name}: «${column.title}» shows Streamlit's «None» in ${missing} empty cells`);
      const cut = shown.filter(text => width(text, body) + pad > column.width);
      if (cut.length) problems.push(`${name}: «${column.title}» cuts «${cut[0]}» (${column.width} px)`);
    });
  });
  document.querySelectorAll('[data-testid="stTable"]').forEach((holder, i) => {
    if (!holder.checkVisibility()) return;
    const table = holder.querySelector('table');
    if (table.getBoundingClientRect().width > holder.getBoundingClientRect().width + 1)
      problems.push(`bảng ${i + 1}: wider than its container`);
    table.querySelectorAll('th, td').forEach(c => {
      if (c.scrollWidth > c.clientWidth + 1) problems.push(`bảng ${i + 1}: «${c.textContent}» cut`);
    });
  });
  return problems;
}"""
ENGLISH = ("Choose an option", "Press Enter", "No options to select")


def assert_tables_fit(page, where: str) -> None:
    for _ in range(20):  # a grid drawn a moment after the page said it was done has no props yet
        problems = page.evaluate(TABLES_FIT)
        if not any("were not found" in p for p in problems):
            break
        page.wait_for_timeout(500)
    assert not problems, f"{where}: {problems}"
    text = page.get_by_test_id("stApp").inner_text() + " ".join(
        page.locator("input[placeholder]").evaluate_all("inputs => inputs.map(i => i.placeholder)")
    )
    assert not [w for w in ENGLISH if w in text], where


def wait_ready(page):
    page.wait_for_selector('[data-testid="stApp"]')
    page.wait_for_function(
        "!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30000
    )
    page.wait_for_timeout(800)


def downloaded(page, label: str):
    """The file a download button gives. Files are made when clicked: on a busy machine the .docx
    took 4–5 s here, so the wait is long; a button that says why it gave nothing fails with that."""
    try:
        with page.expect_download(timeout=90_000) as download:
            page.get_by_text(label).click()
        return download.value
    except PlaywrightTimeout:
        shot(page, "loi_tai_xuong")
        said = page.get_by_test_id("stDownloadButtonError").all_inner_texts()
        raise AssertionError(f"{label}: no download in 90 s; the buttons said {said}") from None


def test_overview_pages_year_change_and_download(server, page, tmp_path):
    page.goto(server)
    wait_ready(page)
    page.get_by_text("Tổng quan chỉ số CCHC năm 2025").wait_for()
    page.get_by_test_id("stMetricLabel").filter(has_text="Chỉ số trung bình").wait_for()
    page.get_by_test_id("stDataFrame").first.wait_for()
    shot(page, "01_tong_quan")
    assert_tables_fit(page, "Tổng quan")

    page.get_by_role("link", name="Cảnh báo").click()
    page.get_by_text("Đơn vị bị cảnh báo năm 2025").wait_for()
    page.get_by_test_id("stDataFrame").first.wait_for()
    wait_ready(page)
    shot(page, "03_canh_bao")
    assert_tables_fit(page, "Cảnh báo")

    page.get_by_role("link", name="Lĩnh vực").click()
    page.get_by_text("Điểm bị mất ở đâu").wait_for()
    wait_ready(page)
    page.locator(".js-plotly-plot").nth(3).wait_for()
    shot(page, "04_linh_vuc")

    page.get_by_role("link", name="Đơn vị").click()
    page.get_by_text("Để lên xếp loại kế tiếp").wait_for()
    wait_ready(page)
    page.locator(".js-plotly-plot").nth(1).wait_for()
    shot(page, "05_don_vi")
    assert_tables_fit(page, "Đơn vị")

    page.get_by_role("link", name="Xếp hạng").click()
    page.get_by_text("Xếp hạng chỉ số CCHC năm 2025").wait_for()
    wait_ready(page)
    page.locator(".js-plotly-plot").first.wait_for()
    shot(page, "02_xep_hang")
    assert_tables_fit(page, "Xếp hạng")

    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name="2024").click()
    page.get_by_text("Xếp hạng chỉ số CCHC năm 2024").wait_for()
    wait_ready(page)
    assert (
        page.get_by_role("combobox", name="Địa bàn").input_value() == "Toàn tỉnh"
    )  # the area filter comes with a choice
    assert_tables_fit(page, "Xếp hạng 2024")
    page.get_by_role("link", name="Điều tra xã hội học").click()
    page.get_by_text("Điều tra xã hội học năm 2024").wait_for()
    wait_ready(page)
    page.get_by_test_id("stDataFrame").last.wait_for()
    assert_tables_fit(page, "Điều tra xã hội học 2024")
    page.get_by_role("link", name="Xếp hạng").click()
    page.get_by_text("Xếp hạng chỉ số CCHC năm 2024").wait_for()
    wait_ready(page)

    download = downloaded(page, "Phụ lục xếp hạng (.xlsx)")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert path.name == "xep_hang_cchc_2024.xlsx"
    ws = openpyxl.load_workbook(path).worksheets[0]
    assert ws["A5"].value.startswith("KẾT QUẢ XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024")
    assert ws["A10"].value == 1
    download = downloaded(page, "Phụ lục xếp hạng (.docx)")
    assert download.suggested_filename == "xep_hang_cchc_2024.docx"
    document = docx.Document(download.path())
    assert any(
        p.text.startswith("KẾT QUẢ XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024")
        for p in document.paragraphs
    )


def log_in(page, server, name, password):
    page.goto(server)
    wait_ready(page)
    page.get_by_role("link", name="Đăng nhập").click()
    page.get_by_label("Tên đăng nhập").fill(name)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_text("Đang đăng nhập").wait_for()
    wait_ready(page)


def test_noivu_uploads_previews_confirms_and_sees_the_units_ranked(
    server, served_db, page, demo_db, tmp_path
):
    from pipelines import db, reads, sharing
    from tests.files import summary_xlsx

    con = db.connect(demo_db)
    ranking = reads.ranking(con, 2025, "commune_level")
    survey = reads.survey_summary(con, 2025).set_index("unit")["points"]
    con.close()
    last_two = ranking["unit_name"].tolist()[-2:]
    # full marks in fields 1–7; field 8 stays what their survey forms give (the sheet's 35 is not used)
    workbook = summary_xlsx(
        tmp_path / "bang_diem_2025.xlsx",
        [(name, [9, 7, 14, 6, 9, 7, 13, 35]) for name in last_two],
        year=2025,
    )
    others = ranking[~ranking["unit_name"].isin(last_two)]["index_pct"]

    log_in(page, server, "noivu", PASSWORDS["noivu"])
    shot(page, "07_dang_nhap")
    page.get_by_role("link", name="Tải dữ liệu").click()
    page.get_by_text("Lịch sử tải lên").wait_for()
    page.locator("input[type=file]").set_input_files(str(workbook))
    page.get_by_text("Điểm sẽ thay đổi").wait_for(timeout=60000)
    wait_ready(page)
    shot(page, "06_tai_du_lieu_xem_truoc")
    assert_tables_fit(page, "Tải dữ liệu, xem trước")
    page.get_by_role(
        "button", name="Xác nhận nạp"
    ).dblclick()  # an impatient double-click loads once
    page.get_by_text("Đã nạp (lần tải #").wait_for(timeout=60000)
    wait_ready(page)
    con = sharing.reading(served_db)
    assert con.execute(
        "select count(*) from meta.uploads where file_name = 'bang_diem_2025.xlsx'"
    ).fetchone() == (1,)
    con.close()

    page.get_by_role("link", name="Xếp hạng").click()
    page.get_by_text("Xếp hạng chỉ số CCHC năm 2025").wait_for()
    page.get_by_test_id("stRadio").get_by_text(
        "Tất cả"
    ).click()  # the chart shows both ends by default: ask for every unit
    wait_ready(page)
    page.locator(".js-plotly-plot .ytick text").first.wait_for()
    assert page.locator(".js-plotly-plot").first.locator(".ytick text").count() == len(ranking)
    from_top = (
        page.locator(".js-plotly-plot").first.locator(".ytick text").all_text_contents()[::-1]
    )
    for name in last_two:  # from the bottom to where 65 + their survey points put them
        above = int((others > 65 + survey[name]).sum()) + 1  # at most the other uploaded unit too
        assert from_top.index(name) <= above, f"{name} rose from the bottom to its new place"


def test_leadership_finds_no_upload_control(server, page):
    log_in(page, server, "lanhdao", PASSWORDS["lanhdao"])
    assert page.get_by_role("link", name="Tải dữ liệu").count() == 0
    page.goto(server + "/upload")
    wait_ready(page)
    page.wait_for_timeout(1500)
    assert page.locator("input[type=file]").count() == 0
    assert page.get_by_role("button", name="Xác nhận nạp").count() == 0


def test_noivu_adds_progress_and_sees_the_status_change(server, page):
    log_in(page, server, "noivu", PASSWORDS["noivu"])
    page.get_by_role("link", name="Cam kết & khắc phục").click()
    page.get_by_text("Tình trạng qua từng kỳ báo cáo").wait_for(timeout=60000)
    wait_ready(page)
    page.locator(".js-plotly-plot").nth(1).wait_for()
    shot(page, "08_cam_ket")
    assert_tables_fit(page, "Cam kết")
    done_before = int(page.get_by_test_id("stMetricValue").nth(1).inner_text())
    status = page.get_by_role("combobox", name="Tình trạng")
    status.click()
    status.press_sequentially("Hoàn")
    status.press("Enter")
    page.get_by_role("button", name="Lưu tiến độ").click()
    page.get_by_text("Đã lưu tiến độ của").wait_for(timeout=60000)
    wait_ready(page)
    saved = page.get_by_text("Đã lưu tiến độ của").inner_text().rsplit(" ", 1)[-1]
    assert saved.startswith("20")  # a commitment code such as 2025-30001-01
    page.get_by_test_id("stMetricValue").nth(1).filter(has_text=str(done_before + 1)).wait_for()


def test_noivu_loads_survey_forms_and_the_survey_page_counts_them(server, page, demo_db, tmp_path):
    from pipelines import db
    from tests.files import write_xlsx

    con = db.connect(demo_db)
    before = reads.survey_summary(con, 2025, "commune_level")  # the sidebar's default group
    con.close()
    unit = before.iloc[-1]  # the lowest survey score of 2025
    header = ["Mã phiếu", "Đơn vị", "Nhóm", "C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9"]
    forms = [
        [f"M{i}", unit["unit"], "ND", "A", "Có", 5, 5, 5, "A", 5, None, 5] for i in range(1, 31)
    ]
    path = write_xlsx(tmp_path / "phieu_2025.xlsx", {"Phiếu": [header, *forms]})

    log_in(page, server, "noivu", PASSWORDS["noivu"])
    page.get_by_role("link", name="Tải dữ liệu").click()
    page.get_by_text("Lịch sử tải lên").wait_for()
    page.get_by_text("Phiếu khảo sát (ĐTXHH)").click()
    wait_ready(page)
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_text("Điểm sẽ thay đổi").wait_for(timeout=60000)
    page.get_by_text("30 phiếu, 240 câu trả lời, 1 đơn vị (1 thay thế kết quả cũ)").wait_for()
    page.get_by_role("button", name="Xác nhận nạp").click()
    page.get_by_text("Đã nạp (lần tải #").wait_for(timeout=60000)

    page.get_by_role("link", name="Điều tra xã hội học").click()
    page.get_by_text("Điều tra xã hội học năm 2025").wait_for()
    wait_ready(page)
    page.locator(".js-plotly-plot").nth(3).wait_for()
    expected = int(before["forms"].sum()) - int(unit["forms"]) + 30
    page.get_by_test_id("stMetricValue").nth(1).filter(
        has_text=f"{expected:,}".replace(",", ".")
    ).wait_for()
    shot(page, "09_dieu_tra_xa_hoi_hoc")
    assert_tables_fit(page, "Điều tra xã hội học")
    assert (
        page.locator(".js-plotly-plot").first.locator(".ytick text").all_text_contents()[-1]
        == unit["unit"]
    ), "with every answer at the top of its scale the unit now leads the survey chart"


def set_year(page, year: int) -> None:
    page.get_by_role("spinbutton", name="Năm đánh giá").fill(str(year))
    page.get_by_role("spinbutton", name="Năm đánh giá").press("Enter")
    wait_ready(page)


def test_noivu_corrects_how_columns_are_read_and_the_next_upload_remembers(
    server, page, demo_db, tmp_path
):
    """A portal export whose field columns say nothing: Nội vụ picks each field once, loads, and the
    same header is read that way next time, saying so."""
    from pipelines import db, reads
    from tests.files import write_xlsx

    con = db.connect(demo_db)
    names = reads.ranking(con, 2024, "commune_level")["unit_name"].tolist()[:2]
    con.close()
    rows = [
        ["TT", "TEN", *[f"KQ{i}" for i in range(1, 9)]],
        *[[i, name, 8, 6, 12, 5, 8, 6, 11, 30] for i, name in enumerate(names, start=1)],
    ]
    workbook = write_xlsx(tmp_path / "cong_thong_tin.xlsx", {"export": rows})

    log_in(page, server, "noivu", PASSWORDS["noivu"])
    page.get_by_role("link", name="Tải dữ liệu").click()
    page.get_by_text("Lịch sử tải lên").wait_for()
    set_year(page, 2024)
    page.locator("input[type=file]").set_input_files(str(workbook))
    page.get_by_text("Tệp không hợp lệ").wait_for(timeout=60000)
    page.get_by_role("combobox", name="C «KQ1»").wait_for()
    wait_ready(page)
    shot(page, "10_cach_doc_cot_loi")
    assert_tables_fit(page, "Tải dữ liệu, tệp không hợp lệ")
    for i, letter in enumerate("CDEFGHIJ", start=1):
        box = page.get_by_role("combobox", name=f"{letter} «KQ{i}»")
        box.click()
        box.press_sequentially(f"lĩnh vực {i}")
        box.press("Enter")
        wait_ready(page)
    page.get_by_text("Điểm sẽ thay đổi").wait_for(timeout=60000)
    shot(page, "11_cach_doc_cot_da_sua")
    assert_tables_fit(page, "Tải dữ liệu, cách đọc đã sửa")
    page.get_by_role("button", name="Xác nhận nạp").click()
    page.get_by_text("Đã nạp (lần tải #").wait_for(timeout=60000)
    page.get_by_text("Cách đọc bảng đã ghi nhớ").wait_for()

    set_year(page, 2024)
    page.locator("input[type=file]").set_input_files(str(workbook))
    page.get_by_text("đọc bảng theo cách đã ghi nhớ #").wait_for(timeout=60000)
    page.get_by_text("Điểm sẽ thay đổi").wait_for()


def test_a_workbook_with_a_stray_far_cell_is_refused_and_the_server_lives_on(server, page):
    """One value in XFD1048576 used to make the reader ask for 512 GB and kill the server."""
    from pathlib import Path

    stray = Path(__file__).resolve().parents[1] / "corpus" / "loi_o_le_XFD1048576.xlsx"
    log_in(page, server, "noivu", PASSWORDS["noivu"])
    page.get_by_role("link", name="Tải dữ liệu").click()
    page.get_by_text("Lịch sử tải lên").wait_for()
    page.locator("input[type=file]").set_input_files(str(stray))
    page.get_by_text("Tệp không hợp lệ").wait_for(timeout=60000)
    page.get_by_role("link", name="Tổng quan").click()
    page.get_by_text("Tổng quan chỉ số CCHC năm 2025").wait_for(timeout=60000)


def test_compare_page_tables_fit(server, page):
    """So sánh: two years (the merger year lists the units of one year with the reason; 2023–2024
    side by side) and two units: every table fits at 1440 px."""
    page.goto(server + "/compare")
    wait_ready(page)
    page.get_by_text("đơn vị chỉ được xếp hạng một trong hai năm").wait_for()
    page.get_by_test_id("stTable").first.wait_for()
    assert_tables_fit(page, "So sánh 2024–2025")
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name="2024").click()
    page.get_by_text("Thay đổi: năm 2024 so với năm 2023").wait_for()
    wait_ready(page)
    shot(page, "12_so_sanh_hai_nam")
    assert_tables_fit(page, "So sánh 2023–2024")
    page.get_by_text("Hai đơn vị").click()
    page.get_by_text("Từng lĩnh vực").wait_for()
    wait_ready(page)
    shot(page, "13_so_sanh_hai_don_vi")
    assert_tables_fit(page, "So sánh hai đơn vị")


def test_calendar_page_lists_the_years_duties_and_fits(server, page):
    """Lịch & hạn: the year's duties and who is late, every table within 1440 px."""
    page.goto(server + "/calendar")
    wait_ready(page)
    page.get_by_text("Lịch của năm").wait_for()
    page.get_by_text("Ai đã nộp, ai chậm").wait_for()
    wait_ready(page)
    shot(page, "14_lich_han")
    assert_tables_fit(page, "Lịch & hạn")


def test_the_server_listens_on_this_machine_only_by_default(server):
    """`cchc serve` without --host: listening sockets on its port are loopback only (/proc/net/tcp*)."""
    port = int(server.rsplit(":", 1)[1])
    listening = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in open(table).read().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                listening.append(address)
    assert listening and all(
        a in ("0100007F", "00000000000000000000000001000000") for a in listening
    ), listening


def cchc(db_path, *args):
    """The CLI in a process of its own, as Nội vụ runs it at the server's terminal."""
    return subprocess.run(
        [sys.executable, "-m", "pipelines", "--db", str(db_path), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_cli_reads_and_writes_while_the_dashboard_serves_and_the_page_shows_it(
    server, served_db, page
):
    log_in(page, server, "noivu", PASSWORDS["noivu"])
    page.get_by_role("link", name="Cài đặt").click()
    signer = page.get_by_label("Họ và tên người ký *")
    signer.wait_for()
    assert signer.input_value() != "Đỗ Thị Hạnh"
    read = cchc(served_db, "ranking", "--year", "2025", "--format", "json")
    assert read.returncode == 0 and json.loads(read.stdout), read.stderr
    written = cchc(served_db, "settings", "set", "signer_name", "Đỗ Thị Hạnh")
    assert written.returncode == 0, written.stderr
    page.get_by_role(
        "link", name="Tổng quan"
    ).click()  # no restart, no reload: the next page shows it
    wait_ready(page)
    page.get_by_role("link", name="Cài đặt").click()
    signer.wait_for()
    wait_ready(page)
    assert signer.input_value() == "Đỗ Thị Hạnh"
    shot(page, "15_cai_dat_cong_bo_nhat_ky")


def test_a_year_withdrawn_at_the_terminal_is_gone_for_visitors_and_marked_draft_for_leadership(
    server, served_db, page
):
    withdrawn = cchc(
        served_db, "unpublish", "--year", "2025", "--reason", "Hội đồng thẩm định xem lại điểm"
    )
    assert withdrawn.returncode == 0, withdrawn.stderr
    try:
        page.goto(server)
        wait_ready(page)
        page.locator(".js-plotly-plot").first.wait_for()
        shot(page, "16_khach_khi_2025_la_du_thao")
        assert (
            page.get_by_role("heading", name="Tổng quan chỉ số CCHC năm 2024").count() == 1
        )  # the newest published
        page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").first.click()
        years = page.get_by_role("option").all_text_contents()
        assert "2024" in years and "2025" not in years
        page.keyboard.press("Escape")
        log_in(page, server, "lanhdao", PASSWORDS["lanhdao"])
        page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").first.click()
        page.get_by_role("option", name="2025").click()
        page.get_by_role("link", name="Tổng quan").click()
        page.get_by_role("heading", name="Tổng quan chỉ số CCHC năm 2025").wait_for()
        page.get_by_text("DỰ THẢO — kết quả năm 2025 chưa được công bố").wait_for()
        wait_ready(page)
        shot(page, "17_du_thao_lanh_dao")
    finally:
        again = cchc(
            served_db,
            "publish",
            "--year",
            "2025",
            "--decision",
            "125/QĐ-UBND",
            "--date",
            "15/01/2026",
        )
        assert again.returncode == 0, again.stderr
