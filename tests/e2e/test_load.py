"""The load test of #12 §3, shorter: viewers keep loading pages while Nội vụ uploads in Chromium;
no viewer gets an error and every one sees the new figure afterwards. No timing is asserted."""

import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.e2e


def test_viewers_get_no_error_during_an_upload_and_all_see_the_new_data(demo_db):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.load",
            "--sessions",
            "5",
            "--duration",
            "15",
            "--alone",
            "5",
            "--demo",
            str(demo_db),
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=400,
    )
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["errors"] == []
    assert result["figure_after"] not in ("", result["figure_before"]), (
        "the upload changed the overview's figure"
    )
    assert result["stale"] == 0, "every viewer session shows the figure of after the upload"
    assert done.returncode == 0
