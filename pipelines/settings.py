"""Where the database lives: `--db PATH`, else `CCHC_DB`, else data/cchc.duckdb."""

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
DEFAULT_DB = PROJECT_DIR / "data" / "cchc.duckdb"
EXAMPLE_FRAMEWORK = PROJECT_DIR / "data" / "frameworks" / "example_commune.toml"
EXAMPLE_SURVEY = PROJECT_DIR / "data" / "surveys" / "example_commune.toml"


def db_path(cli_value: str | None = None) -> Path:
    return Path(cli_value or os.environ.get("CCHC_DB") or DEFAULT_DB)
