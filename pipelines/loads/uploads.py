"""The upload history and rolling an upload back (what it replaced comes back into force): what a
rollback would do is said before it is done, and what it did after. Every loader has one shape:
`check(con, path, ...) -> Checked` reads and checks a file and writes nothing, then
`store(con, checked, who, client)` writes what was checked in one transaction, its line in the
history through `record` (the only writer of meta.uploads)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from pipelines import audit, db, reads, vocabulary
from pipelines.problems import InvalidInput, Problem
from pipelines.text import vn_number

if TYPE_CHECKING:
    import duckdb

Payload = TypeVar("Payload")


@dataclass
class Checked(Generic[Payload]):
    """A file read and checked, nothing written yet: what its loader's `store` writes
    (`payload`), what the user is shown before confirming (`report`: a loader's report, or a
    sentence; `warnings`), and the file's name, sha256 and row count for its history line. The
    upload page keeps it between the check and the confirm, so the file is read once; `database`
    (`judged`, at the check) tells `store` whether another write came in between."""

    file_name: str
    sha256: str
    row_count: int
    payload: Payload
    report: object = None
    warnings: list[str] = field(default_factory=list)
    database: dict | None = None


def judged(con: duckdb.DuckDBPyConnection) -> dict:
    """What a check judged a file against: every stored table's signature (db.fingerprint) but
    the audit log's, which a login adds to."""
    return {t: sig for t, sig in db.fingerprint(con).items() if t != "meta.audit"}


def unchanged(con: duckdb.DuckDBPyConnection, checked: Checked) -> None:
    """Refuse to store what was checked when the database changed since (another upload came in
    between the check and the confirm): what was judged may no longer hold."""
    if checked.database is not None and judged(con) != checked.database:
        raise InvalidInput(
            [
                Problem(
                    "Dữ liệu đã thay đổi sau khi kiểm tra tệp (có lần nạp khác): kiểm tra lại tệp"
                )
            ]
        )


def report_to_store(con: duckdb.DuckDBPyConnection, checked: Checked) -> object:
    """The report a store fills in: the checked one as it was shown, without its preview (no upload
    number, no changes, what the write adds said again); refused when the database changed since
    the check (`unchanged`)."""
    unchanged(con, checked)
    return replace(
        checked.report,
        dry_run=False,
        upload_id=None,
        changes=None,
        replaced_units=[],
        warnings=list(checked.warnings),
    )


def record(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    file_name: str,
    sha256: str,
    row_count: int,
    uploaded_by: str,
    year: int | None = None,
    layout: str | None = None,
    messages: Sequence[str] = (),
) -> int:
    """The upload's line in the history (inside the caller's write), and its number: the next after
    the highest ever given, so that a preview (a write rolled back) uses no number up, as a
    sequence would; writers take turns (pipelines.sharing), so no two get the same."""
    (upload_id,) = con.execute(
        "insert into meta.uploads (upload_id, file_name, sha256, upload_kind, year, layout, row_count, uploaded_by, messages)"
        " select coalesce(max(upload_id), 0) + 1, ?, ?, ?, ?, ?, ?, ?, ? from meta.uploads returning upload_id",
        [file_name, sha256, kind, year, layout, row_count, uploaded_by, list(messages)],
    ).fetchone()
    return upload_id


def set_messages(con: duckdb.DuckDBPyConnection, upload_id: int, messages: Sequence[str]) -> None:
    """The upload's warnings, when some are found after `record` (inside the same write: what
    the stored rows say once the marts are rebuilt)."""
    con.execute(
        "update meta.uploads set messages = $messages where upload_id = $upload_id",
        {"messages": list(messages), "upload_id": upload_id},
    )


def file_sha256(path: Path | str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@dataclass(frozen=True)
class Rollback:
    """An upload to roll back and what would be in force after: per earlier upload, how many
    units it takes back; `left_empty` units keep nothing; `unchanged` have a newer upload."""

    upload_id: int
    file_name: str
    kind: str
    year: int | None
    values: int
    units: int
    restored: tuple[tuple[int, str, int], ...]  # (upload_id, file_name, units)
    left_empty: int
    unchanged: int
    noun: str  # what was loaded, in a sentence: «điểm», «phiếu khảo sát»

    def _upload(self) -> str:
        year = f" năm {self.year}" if self.year is not None else ""
        return (
            f"lần tải #{self.upload_id} ({self.file_name}: {self.noun}{year}, "
            f"{vn_number(self.values, 0)} giá trị của {vn_number(self.units, 0)} đơn vị)"
        )

    def _after(self) -> list[str]:
        said = []
        if self.restored:
            said.append(
                f"{self.noun.capitalize()} trước lần tải này được dùng lại: "
                + "; ".join(
                    f"lần tải #{i} ({name}) cho {vn_number(n, 0)} đơn vị"
                    for i, name, n in self.restored
                )
                + "."
            )
        if self.left_empty:
            year = f" năm {self.year}" if self.year is not None else ""
            said.append(
                f"{vn_number(self.left_empty, 0)} đơn vị không còn {self.noun}{year}"
                " (không có lần tải nào trước)."
            )
        if self.unchanged:
            said.append(f"{vn_number(self.unchanged, 0)} đơn vị đã có lần tải mới hơn, không đổi.")
        return said

    def preview(self) -> str:
        return " ".join([f"Sẽ hoàn tác {self._upload()}.", *self._after()])

    def done(self) -> str:
        return " ".join([f"Đã hoàn tác {self._upload()}.", *self._after()])


def plan(con: duckdb.DuckDBPyConnection, upload_id: int) -> Rollback:
    """What rolling this upload back would do; refused (InvalidInput) when it cannot be rolled back."""
    row = con.execute(
        "select status, file_name, upload_kind, year, row_count from meta.uploads where upload_id = ?",
        [upload_id],
    ).fetchone()
    if row is None:
        raise InvalidInput([Problem(f"Không có lần tải #{upload_id}")])
    status, file_name, kind, year, values = row
    nouns = vocabulary.rollback_kinds(con)
    if kind not in nouns:
        raise InvalidInput(
            [Problem(f"Lần tải #{upload_id} ({file_name}) là {_never_rolled_back(con, kind)}")]
        )
    if status != "loaded":
        raise InvalidInput(
            [Problem(f"Lần tải #{upload_id} ({file_name}) đã được hoàn tác trước đó")]
        )
    coverage = reads.rollback_coverage(con, upload_id)
    live = coverage[coverage["is_in_force"]]
    back = live.dropna(subset=["restored_upload_id"])
    restored = tuple(
        (int(i), str(name), int(n))
        for (i, name), n in back.groupby(["restored_upload_id", "restored_file_name"])
        .size()
        .sort_index(ascending=False)
        .items()
    )
    return Rollback(
        upload_id,
        file_name,
        kind,
        None if year is None else int(year),
        int(values),
        coverage["unit_code"].nunique(),
        restored,
        int(live["restored_upload_id"].isna().sum()),
        int((~coverage["is_in_force"]).sum()),
        nouns[kind],
    )


def _never_rolled_back(con: duckdb.DuckDBPyConnection, kind: str) -> str:
    """Why an upload of this kind is not rolled back, and what to do instead."""
    noun = vocabulary.upload_kinds(con).get(kind, kind)
    said = vocabulary.in_sentence(noun)
    if kind == "commitments":
        return f"{said}: chỉ được bổ sung, không hoàn tác"
    return f"{said}: không hoàn tác được, nạp lại {said} đúng để thay"


def rollback(
    con: duckdb.DuckDBPyConnection, upload_id: int, who: str, client: str = audit.CLI
) -> str:
    """Roll the upload back (`who` did it, from `client`); what it restored, in words."""
    done = plan(con, upload_id)
    with db.write(con):
        con.execute(
            "update meta.uploads set status = 'rolled_back', rolled_back_at = current_timestamp where upload_id = ?",
            [upload_id],
        )
        audit.record(
            con, who, "rollback", done.done().removeprefix("Đã hoàn tác ").capitalize(), client
        )
    return done.done()
