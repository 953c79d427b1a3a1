"""PDF papers typeset offline with Typst. A template in pipelines/papers/ reads its figures, already
formatted the Vietnamese way in Python, as JSON (`data` in papers/common.typ)."""

import json
from pathlib import Path

PAPERS = Path(__file__).with_name("papers")


def pdf(template: str, data: dict) -> bytes:
    """The PDF of papers/TEMPLATE.typ filled with `data`."""
    import typst

    return typst.compile(
        str(PAPERS / f"{template}.typ"),
        root=str(PAPERS),
        sys_inputs={"data": json.dumps(data, ensure_ascii=False, default=str)},
    )
