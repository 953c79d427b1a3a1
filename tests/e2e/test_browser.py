"""A person in a real browser: the overview, every page, the year filter, the download."""

import openpyxl
import pytest

from tests.e2e.conftest import shot

pytestmark = pytest.mark.e2e


def wait_ready(page):
    page.wait_for_selector('[data-testid="stApp"]')
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30000)
    page.wait_for_timeout(800)


def test_overview_pages_year_change_and_download(server, page, tmp_path):
    page.goto(server)
    wait_ready(page)
    page.get_by_text("Tổng quan chỉ số CCHC năm 2025").wait_for()
    page.get_by_test_id("stMetricLabel").filter(has_text="Chỉ số trung bình").wait_for()
    page.get_by_test_id("stDataFrame").first.wait_for()
    shot(page, "01_tong_quan")

    page.get_by_role("link", name="Cảnh báo").click()
    page.get_by_text("Đơn vị bị cảnh báo năm 2025").wait_for()
    page.get_by_test_id("stDataFrame").first.wait_for()
    wait_ready(page)
    shot(page, "03_canh_bao")

    page.get_by_role("link", name="Xếp hạng").click()
    page.get_by_text("Xếp hạng chỉ số CCHC năm 2025").wait_for()
    wait_ready(page)
    page.locator(".js-plotly-plot").first.wait_for()
    shot(page, "02_xep_hang")

    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name="2024").click()
    page.get_by_text("Xếp hạng chỉ số CCHC năm 2024").wait_for()
    wait_ready(page)

    with page.expect_download() as download:
        page.get_by_text("Tải bảng xếp hạng (.xlsx)").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name == "xep_hang_cchc_2024.xlsx"
    ws = openpyxl.load_workbook(path).worksheets[0]
    assert ws["A5"].value.startswith("KẾT QUẢ XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024")
    assert ws["A10"].value == 1
