"""The Tổng quan page offers the leadership brief as a PDF download (AppTest on the demo database)."""


def test_overview_offers_the_brief_for_the_chosen_year(app):
    app.run()
    assert not app.exception
    labels = [b.label for b in app.get("download_button")]
    assert "⬇️ Tải báo cáo nhanh năm 2025 (PDF)" in labels
    assert app.date_input(key="overview_brief_as_of").value is not None
    app.sidebar.selectbox(key="filter_year").select(2024).run()
    assert "⬇️ Tải báo cáo nhanh năm 2024 (PDF)" in [b.label for b in app.get("download_button")]
