"""Problems found in an input file: each says, in Vietnamese, what is wrong and where."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    message: str
    sheet: str | None = None
    cell: str | None = None

    def __str__(self) -> str:
        where = f"{self.sheet}!{self.cell}" if self.sheet and self.cell else self.sheet or ""
        return f"{where}: {self.message}" if where else self.message


def _cell_position(cell: str | None) -> tuple[int, int]:
    if not cell:
        return (0, 0)
    letters = cell.rstrip("0123456789")
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return (int(cell[len(letters):] or 0), col)


def in_reading_order(problems: list[Problem], sheets: list[str]) -> list[Problem]:
    """Problems sorted as a person reads the file: sheet by sheet, row by row, left to right."""
    order = {name: i for i, name in enumerate(sheets)}
    return sorted(problems, key=lambda p: (order.get(p.sheet, -1), _cell_position(p.cell)))


class InvalidInput(Exception):
    """A file that cannot be loaded; carries every problem found in it."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
