"""A titled table document: the refusal register and other lists reuse the document styles."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, Spacer

from clerk.documents.blocks import HEAD_ROW, RULED, para, table
from clerk.documents.data import Paper
from clerk.documents.layout import build, styles
from clerk.documents.template import Template


def titled_table(
    title: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[object]],
    template: Template,
    *,
    subtitle: str = "",
    widths: Sequence[float] | None = None,
    paper: Paper = Paper.A4,
    reference: str = "",
) -> bytes:
    """A PDF of ``rows`` under ``columns`` with the hall's name, ``title`` and page footers.

    Cells are plain text (escaped and wrapped like every document); ``widths`` are
    relative column widths (equal when omitted). The header row repeats on every page.
    """
    s = styles(paper)
    story: list[Flowable] = [para(template.hall.name, s.hall), para(title, s.title)]
    if subtitle:
        story.append(para(subtitle, s.small_center))
    story.append(Spacer(1, 4))
    relative = list(widths) if widths else [1.0] * len(columns)
    total = sum(relative)
    cells = [[para(str(c), s.cell_head) for c in columns]]
    cells += [[para("" if v is None else str(v), s.cell) for v in row] for row in rows]
    widths_pt = [s.width * w / total for w in relative]
    story.append(table(cells, widths_pt, [*RULED, HEAD_ROW], repeat_rows=1))
    return build(story, paper, template, title=title, reference=reference or title)
