"""The upload history and rolling an upload back (what it replaced comes back into force)."""

import duckdb
import pandas as pd

from pipelines import db
from pipelines.problems import InvalidInput, Problem


def history(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return db.query(con, "uploads")


def rollback(con: duckdb.DuckDBPyConnection, upload_id: int) -> str:
    row = con.execute("select status, file_name, upload_kind from meta.uploads where upload_id = ?", [upload_id]).fetchone()
    if row is None:
        raise InvalidInput([Problem(f"Không có lần tải #{upload_id}")])
    if row[2] not in ("scores", "survey"):
        raise InvalidInput([Problem(f"Lần tải #{upload_id} ({row[1]}) là cam kết và tiến độ: chỉ được"
                                    " bổ sung, không hoàn tác")])
    if row[0] != "loaded":
        raise InvalidInput([Problem(f"Lần tải #{upload_id} ({row[1]}) đã được hoàn tác trước đó")])
    with db.write(con):
        con.execute(
            "update meta.uploads set status = 'rolled_back', rolled_back_at = current_timestamp where upload_id = ?",
            [upload_id],
        )
    what = "điểm" if row[2] == "scores" else "phiếu khảo sát"
    return f"Đã hoàn tác lần tải #{upload_id} ({row[1]}); {what} trước lần tải này được dùng lại"
