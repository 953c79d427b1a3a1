"""The corpus of result tables the product did not write (tests/corpus, see its README): each is
loaded through the CLI after `cchc init` on an empty database, as a new user would, and the
ranking that comes out is compared with the one computed by hand from the file's numbers; or
the file is refused and the problems name what the manifest says."""

import json
import tomllib
from pathlib import Path

import pytest

from pipelines import cli
from pipelines.text import fold, half_up  # figures are published to 2 decimals, half up

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
CASES = tomllib.loads((CORPUS / "manifest.toml").read_text(encoding="utf-8"))["case"]


def name_key(name: str) -> str:
    """Names compare as a person reads them: no accents, case, «UBND», «TP.» for Thành phố."""
    key = fold(name).removeprefix("ubnd ")
    return "thanh pho " + key[3:] if key.startswith("tp ") else key


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_corpus_file(case, tmp_path, capsys):
    db = str(tmp_path / "cchc.duckdb")
    assert run(capsys, "--db", db, "init")[0] == 0
    for command in case.get("setup", []):
        args = [str(CORPUS / a) if (CORPUS / a).exists() else a for a in command]
        assert run(capsys, "--db", db, *args)[0] == 0
    code, out, err = run(
        capsys,
        "--db",
        db,
        "scores",
        "load",
        str(CORPUS / case["file"]),
        "--year",
        str(case["year"]),
        *case.get("args", []),
    )
    assert "Traceback" not in out + err
    if case["expect"] == "refused":
        assert code == 2, out
        for words in case["problems"]:
            assert words in err, f"«{words}» not named in:\n{err}"
        assert (
            run(capsys, "--db", db, "ranking", "--year", str(case["year"]), "--format", "json")[
                1
            ].strip()
            == "[]"
        )
        return
    assert code == 0, err
    for words in case.get("stderr_contains", []):
        assert words in err
    _, ranking, _ = run(
        capsys, "--db", db, "ranking", "--year", str(case["year"]), "--format", "json"
    )
    got = [
        [name_key(r["unit"]), r["rank"], r["points"], r["max_points"], r["index_pct"]]
        for r in json.loads(ranking)
    ]
    if "ranking_json" in case:
        rows = json.loads((CORPUS / case["ranking_json"]).read_text(encoding="utf-8"))
        expected = [
            [name_key(n), rank, half_up(float(p)), float(m), float(i)] for n, rank, p, m, i in rows
        ]
    else:
        expected = [
            [name_key(n), rank, half_up(float(p)), float(m), float(i)]
            for n, rank, p, m, i in case["ranking"]
        ]
    assert sorted(got, key=lambda r: (r[1], r[0])) == sorted(expected, key=lambda r: (r[1], r[0]))
