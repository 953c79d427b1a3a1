"""Cài đặt: Nội vụ sets who issues and signs the papers; what is saved is what the annex prints."""

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from pipelines import db
from pipelines.workbooks import issuing_body
from tests.dashboard.test_pages import APP, log_in


@pytest.fixture
def app(demo_db, tmp_path, monkeypatch):
    path = tmp_path / "cchc.duckdb"
    shutil.copy(demo_db, path)
    monkeypatch.setenv("CCHC_DB", str(path))
    at = AppTest.from_file(str(APP), default_timeout=60)
    log_in(at, "noivu", "noivu")
    at.switch_page("app_pages/settings.py").run()
    yield at, path


def saved(path) -> dict:
    """What the database holds, through a connection of its own."""
    con = db.connect(path)
    try:
        return {k["key"]: k["value"] for k in issuing_body.keys(con)}
    finally:
        con.close()


def field(at, key):
    return next(t for t in at.text_input if t.key == f"setting_{key}")


def test_settings_are_shown_saved_and_said(app):
    at, path = app
    assert (
        field(at, "province").value == "Minh Sơn"
        and field(at, "signer_name").value == "Nguyễn Văn An (ví dụ)"
    )
    assert field(at, "signer_name").label == "Họ và tên người ký *"
    field(at, "signer_name").input("Trần Thị Bình")
    field(at, "decision_date").input("2026-02-03")
    at.button[0].click().run()
    assert not at.exception
    assert (
        at.success[0].value
        == "Đã lưu: Ngày ký quyết định (dd/mm/yyyy): 03/02/2026; Họ và tên người ký: Trần Thị Bình"
    )
    values = saved(path)
    assert values["signer_name"] == "Trần Thị Bình" and values["decision_date"] == "03/02/2026"


def test_a_bad_date_is_refused_and_nothing_changes(app):
    at, path = app
    field(at, "decision_date").input("30/02/2026")
    field(at, "signer_name").input("")
    at.button[0].click().run()
    assert (
        "Chưa lưu được, không có gì thay đổi" in at.error[0].value
        and "30/02/2026" in at.error[0].value
    )
    values = saved(path)
    assert (
        values["decision_date"] == "15/01/2026" and values["signer_name"] == "Nguyễn Văn An (ví dụ)"
    )


def test_what_is_unset_is_said(app):
    at, path = app
    field(at, "signer_name").input("")
    at.button[0].click().run()
    assert "Chưa đặt: Họ và tên người ký" in at.warning[0].value
