import pytest

from pipelines import db, frameworks, survey_definitions

# A small registry for 2024: two units share a bare name across kinds (Tân Hiệp), two differ
# only by accents (Tân Hòa / Tấn Hòa), one is known by an alias, one was merged away.
UNITS = [
    ("X01", "Xã Tân Hiệp", "commune", None, None),
    ("P01", "Phường Tân Hiệp", "ward", None, None),
    ("X02", "Xã An Bình", "commune", None, None),
    ("X03", "Xã Bình Mỹ", "commune", None, None),
    ("T01", "Thị trấn Phú Hòa", "town", None, None),
    ("X04", "Xã Tân Hòa", "commune", None, None),
    ("X05", "Xã Tấn Hòa", "commune", None, None),
    ("X06", "Xã Hòa Lợi", "commune", None, None),
    ("X99", "Xã Cũ Lạc", "commune", 2020, 2023),
    ("S01", "Sở Tư pháp", "department", None, None),
]
FIELD_MAX = {"1": 9, "2": 7, "3": 14, "4": 6, "5": 9, "6": 7, "7": 13, "8": 35}


def seed(con) -> None:
    with db.write(con):
        frameworks.load_example(con)
        survey_definitions.load_example(con)
        con.executemany(
            "insert into ref.units (unit_code, unit_name, kind, valid_from, valid_to) values (?, ?, ?, ?, ?)",
            UNITS,
        )
        con.execute("insert into ref.unit_aliases values ('X06', 'Xã Hoà Lợi cũ')")
        con.execute(
            "insert into ref.unit_lineage (former_code, merged_code, effective_year) values ('X99', 'X06', 2024)"
        )


@pytest.fixture(autouse=True)
def own_accounts(tmp_path, monkeypatch):
    """Each test has an account file of its own (none yet), never the developer's data/auth.toml."""
    monkeypatch.setenv("CCHC_AUTH", str(tmp_path / "auth.toml"))


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "cchc.duckdb"
    con = db.connect(path)
    seed(con)
    con.close()
    return path


@pytest.fixture
def con(db_path):
    c = db.connect(db_path)
    yield c
    c.close()


def rejected(con, load) -> list[str]:
    """Run a load that must be refused: its problems, as the user reads them; and proof that the
    database is exactly as it was."""
    from pipelines.problems import InvalidInput

    before = snapshot(con)
    with pytest.raises(InvalidInput) as e:
        load()
    assert snapshot(con) == before, "a rejected file must leave the database exactly as it was"
    return [str(p) for p in e.value.problems]


def snapshot(con) -> dict:
    """Every table's rows: to show that a rejected file changed nothing."""
    tables = con.execute(
        "select schema_name || '.' || table_name from duckdb_tables() order by 1"
    ).fetchall()
    return {t: sorted(map(repr, con.execute(f"select * from {t}").fetchall())) for (t,) in tables}


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory):
    """The demo database, built once per test session by the real `demo` code."""
    from pipelines import demo

    path = tmp_path_factory.mktemp("demo") / "cchc.duckdb"
    demo.build(path)
    return path
