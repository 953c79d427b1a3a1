"""Loading again replaces those units' scores; rolling back restores what was replaced."""

from pipelines import reads, vocabulary
from pipelines.loads import uploads
from pipelines.loads.scores import load_scores
from tests.files import FAIR, GOOD, summary_xlsx


def points(con):
    return dict(
        con.execute(
            "select unit_code, points from marts.unit_year_index where year = 2024"
        ).fetchall()
    )


def test_reload_replaces_only_the_units_in_the_file_and_rollback_restores(con, tmp_path):
    first = load_scores(
        con, summary_xlsx(tmp_path / "a.xlsx", [("Xã An Bình", GOOD), ("Xã Bình Mỹ", GOOD)]), 2024
    )
    second = load_scores(con, summary_xlsx(tmp_path / "b.xlsx", [("Xã An Bình", FAIR)]), 2024)
    assert second.replaced_units == ["X02"]
    assert points(con) == {"X02": 76.0, "X03": 86.0}
    history = reads.uploads(con)
    assert history[["upload_id", "file_name", "status"]].values.tolist() == [
        [second.upload_id, "b.xlsx", "loaded"],
        [first.upload_id, "a.xlsx", "loaded"],
    ]
    assert len(history.iloc[0]["sha256"]) == 64
    assert "Đã hoàn tác" in uploads.rollback(con, second.upload_id, "hoa")
    assert points(con) == {"X02": 86.0, "X03": 86.0}
    assert reads.uploads(con)["status"].tolist() == ["rolled_back", "loaded"]
    uploads.rollback(con, first.upload_id, "hoa")
    assert points(con) == {}


def test_loading_the_same_file_twice_gives_the_same_result(con, tmp_path):
    path = summary_xlsx(tmp_path / "a.xlsx", [("Xã An Bình", GOOD), ("Xã Bình Mỹ", FAIR)])
    load_scores(con, path, 2024)
    once = con.execute(
        "select * exclude (upload_id) from marts.unit_year_criterion_scores order by all"
    ).fetchall()
    load_scores(con, path, 2024)
    twice = con.execute(
        "select * exclude (upload_id) from marts.unit_year_criterion_scores order by all"
    ).fetchall()
    assert once == twice


def test_dry_run_changes_nothing(con, tmp_path):
    from tests.conftest import snapshot

    before = snapshot(con)
    report = load_scores(
        con, summary_xlsx(tmp_path / "a.xlsx", [("Xã An Bình", GOOD)]), 2024, dry_run=True
    )
    assert report.summary().startswith("Kiểm tra xong (chưa nạp)")
    assert snapshot(con) == before


def test_a_dry_run_previews_points_and_ranks_before_and_after(con, tmp_path):
    load_scores(
        con, summary_xlsx(tmp_path / "a.xlsx", [("Xã An Bình", FAIR), ("Xã Bình Mỹ", GOOD)]), 2024
    )
    report = load_scores(
        con,
        summary_xlsx(tmp_path / "b.xlsx", [("Xã An Bình", GOOD), ("Xã Hòa Lợi", FAIR)]),
        2024,
        dry_run=True,
    )
    changes = report.changes.sort_values("unit_code")
    numbers = changes[["points_before", "points", "rank_before", "rank"]].fillna(
        -1
    )  # -1: no score yet
    assert changes["unit_code"].tolist() == ["X02", "X06"]
    assert numbers.values.tolist() == [[76.0, 86.0, 2, 1], [-1, 76.0, -1, 3]]
    assert points(con) == {"X02": 76.0, "X03": 86.0}


def test_every_upload_kind_says_what_it_loaded_and_counts_and_only_scores_and_forms_roll_back(con):
    assert vocabulary.rollback_kinds(con) == {"scores": "điểm", "survey": "phiếu khảo sát"}
    assert (
        set(vocabulary.upload_kinds(con))
        == set(vocabulary.upload_counts(con))
        >= {"scores", "survey", "commitments", "framework", "registry"}
    )
