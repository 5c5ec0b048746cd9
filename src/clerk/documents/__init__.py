"""ReportLab documents: case data in, PDF bytes out (no Qt).

``render(data, paper)`` lays out any document of ``clerk.documents.data``;
``titled_table`` makes a list document (the refusal register) in the same style.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

from reportlab.platypus import Flowable

from clerk.documents import commitment, notification, receipt, refusal, ticket
from clerk.documents.data import KIND_NAMES, DocumentData, DocumentKind, Paper, kind_of
from clerk.documents.fonts import preload
from clerk.documents.layout import Styles, build, styles
from clerk.documents.register import titled_table as _titled_table
from clerk.documents.template import Template, load_template

_BUILDERS: dict[DocumentKind, Callable[[Any, Template, Styles], list[Flowable]]] = {
    DocumentKind.RECEIPT: receipt.build,
    DocumentKind.NOTIFICATION: notification.build,
    DocumentKind.COMMITMENT: commitment.build,
    DocumentKind.REFUSAL: refusal.build,
    DocumentKind.TICKET: ticket.build,
}
_template: Template | None = None


def template() -> Template:
    """The hall template, loaded (and checked) on first use."""
    global _template
    if _template is None:
        _template = load_template()
    return _template


def reload_template() -> Template:
    """Read the hall template again (after IT changed it)."""
    global _template
    _template = None
    return template()


def default_paper(kind: DocumentKind) -> Paper:
    return Paper.ROLL80 if kind is DocumentKind.TICKET else Paper.A4


# ReportLab's TrueType subsetting keeps per-font state that is not thread-safe (two
# threads rendering at once raised IndexError in ttfonts): one document at a time.
_rendering = threading.RLock()


def render(data: DocumentData, paper: Paper | None = None, hall: Template | None = None) -> bytes:
    """The PDF of ``data``: A4 by default, tickets on the 80 mm roll. Thread-safe."""
    kind = kind_of(data)
    paper = paper or default_paper(kind)
    if kind is DocumentKind.TICKET and paper is not Paper.ROLL80:
        raise ValueError("a ticket is printed on the 80 mm roll only")
    if kind is not DocumentKind.TICKET and paper is Paper.ROLL80:
        raise ValueError(f"{kind} is printed on A4 or A5 only")
    hall = hall or template()
    with _rendering:
        story = _BUILDERS[kind](data, hall, styles(paper))
        return build(story, paper, hall, title=KIND_NAMES[kind], reference=data.reference)


def titled_table(
    title: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    subtitle: str = "",
    widths: Sequence[float] | None = None,
    paper: Paper = Paper.A4,
    reference: str = "",
) -> bytes:
    """A list document (e.g. the refusal register) with the hall's header and page footers."""
    with _rendering:
        return _titled_table(
            title,
            columns,
            rows,
            template(),
            subtitle=subtitle,
            widths=widths,
            paper=paper,
            reference=reference,
        )


__all__ = [
    "DocumentKind",
    "Paper",
    "preload",
    "reload_template",
    "render",
    "template",
    "titled_table",
]
