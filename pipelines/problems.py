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


class InvalidInput(Exception):
    """A file that cannot be loaded; carries every problem found in it."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
