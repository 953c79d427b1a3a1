"""Problems found in an input file: each says, in Vietnamese, what is wrong and where."""

import csv
import io
from dataclasses import dataclass

from pipelines.text import column_index, vn_number

CELLS_SHOWN = 5  # cells named in one problem about a message that recurs
SHOWN = 50  # problems printed by the CLI or shown on a page; the full list goes to a CSV file


@dataclass(frozen=True)
class Problem:
    message: str
    sheet: str | None = None
    cell: str | None = None
    unit: str | None = (
        None  # the unit the cell belongs to, named unless the problem recurs over many
    )

    def __str__(self) -> str:
        where = f"{self.sheet}!{self.cell}" if self.sheet and self.cell else self.sheet or ""
        return f"{where}: {self.text}" if where else self.text

    @property
    def text(self) -> str:
        return f"{self.message} (đơn vị «{self.unit}»)" if self.unit else self.message


def _cell_position(cell: str | None) -> tuple[int, int]:
    if not cell:
        return (0, 0)
    letters = cell.rstrip("0123456789")
    return (int(cell[len(letters) :] or 0), column_index(letters) + 1)


def in_reading_order(problems: list[Problem], sheets: list[str]) -> list[Problem]:
    """Problems sorted as a person reads the file: sheet by sheet, row by row, left to right."""
    order = {name: i for i, name in enumerate(sheets)}
    return sorted(problems, key=lambda p: (order.get(p.sheet, -1), _cell_position(p.cell)))


def also_at(cells: list[str], total: int) -> str:
    """The text naming the other cells of a problem that recurs: ' (cả ở E6, E7 và 3 ô khác)',
    from its first CELLS_SHOWN cells (the first is the problem's own) and how many there are."""
    if total <= 1:
        return ""
    more = (
        f" và {vn_number(total - len(cells[:CELLS_SHOWN]), 0)} ô khác"
        if total > CELLS_SHOWN
        else ""
    )
    return f" (cả ở {', '.join(cells[1:CELLS_SHOWN])}{more})"


def grouped(problems: list[Problem]) -> list[Problem]:
    """One problem per message and sheet, at its first cell, naming the others; in the order
    of first appearance."""
    groups: dict[tuple[str, str | None], list[Problem]] = {}
    for p in problems:
        groups.setdefault((p.message, p.sheet), []).append(p)
    out = []
    for (message, sheet), same in groups.items():
        cells = [p.cell for p in same if p.cell]
        out.append(
            Problem(message + also_at(cells, len(cells)), sheet, cells[0])
            if len(cells) > 1
            else same[0]
        )
    return out


def to_csv(problems: list[Problem]) -> bytes:
    """Every problem, one a line, for Excel (UTF-8 with BOM): sheet, cell, message."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["Trang tính", "Ô", "Lỗi"])
    writer.writerows([p.sheet or "", p.cell or "", p.text] for p in problems)
    return text.getvalue().encode("utf-8-sig")


class InvalidInput(Exception):
    """A file that cannot be loaded; carries every problem found in it."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
