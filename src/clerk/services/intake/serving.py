"""Serving an applicant at the window, one use case per key the clerk presses.

``serve_ticket`` begins the service of the called ticket and opens its draft in one
transaction; ``decide_and_finish`` stores the decision and then finishes the ticket;
``open_scanned_case`` is what a scanned case number (a receipt or a notification
slip) opens.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from clerk.domain.errors import ClerkError
from clerk.domain.intake import Decision
from clerk.domain.workdays import WorkCalendar
from clerk.services import queue
from clerk.services.accounts import Actor, require
from clerk.services.intake.cases import draft_of_case
from clerk.services.intake.corrections import find_for_correction
from clerk.services.intake.decisions import decide
from clerk.services.intake.drafts import new_draft_in, open_draft, open_draft_in
from clerk.services.intake.views import (
    WINDOW_ROLES,
    CaseSummary,
    DecisionOutcome,
    DraftView,
    Printer,
    RefusalInput,
)
from clerk.storage.db import Database
from clerk.storage.dialect import begin_write

log = logging.getLogger(__name__)


def serve_ticket(
    db: Database, actor: Actor, ticket_id: int | None = None, draft_id: int | None = None
) -> DraftView:
    """The applicant is at the window: the ticket's service begins and its draft opens.

    One transaction. Without a ticket a walk-in is served (首问负责). ``draft_id`` is the
    notified draft of an applicant who came back with what was missing; without it a
    new draft opens (or the ticket's own, when the ticket is served again after a restart).
    """
    require(actor, *WINDOW_ROLES)
    with db.session() as s:
        begin_write(s)
        if ticket_id is not None:
            queue.begin_service_in(s, actor, ticket_id)
        if draft_id is not None:
            return open_draft_in(s, actor, draft_id, ticket_id)
        return new_draft_in(s, actor, ticket_id)


@dataclass(frozen=True)
class Served:
    """A decision stored, and whether the ticket could be finished after it."""

    outcome: DecisionOutcome
    finish_error: str = ""  # the ticket stays unfinished; the decision stands regardless


def decide_and_finish(
    db: Database,
    actor: Actor,
    draft_id: int,
    key: str,
    decision: Decision,
    refusal: RefusalInput | None = None,
    ticket_id: int | None = None,
    calendar: WorkCalendar | None = None,
    printer: Printer | None = None,
) -> Served:
    """The decision pressed (``refusal`` with 不予受理), then the ticket finished (办结).

    The decision is stored first, in its own transaction, exactly as ``accept``,
    ``defer``, ``notify_missing`` or ``refuse`` store it. Finishing the ticket comes
    after: when that fails (the ticket changed state, the database went away) the
    decision is kept and the reason is given back in ``finish_error``.
    """
    if (decision is Decision.REFUSED) != (refusal is not None):
        raise ValueError("a refusal, and only a refusal, comes with its RefusalInput")
    outcome = decide(db, actor, draft_id, key, decision, refusal, calendar, printer)
    if ticket_id is None:
        return Served(outcome)
    try:
        queue.finish(db, actor, ticket_id)
    except ClerkError as exc:
        log.warning("ticket %s not finished after case %s: %s", ticket_id, outcome.number, exc)
        return Served(outcome, exc.message)
    return Served(outcome)


@dataclass(frozen=True)
class ScannedCase:
    """What a scanned case number opened: a case owing deferred materials, or a draft."""

    correction: CaseSummary | None = None  # the deferred materials may be received now
    draft: DraftView | None = None  # the notified draft, open again for this visit


def open_scanned_case(
    db: Database, actor: Actor, number: str, ticket_id: int | None = None
) -> ScannedCase:
    """A receipt's case number finds the case that still owes deferred materials; any
    other case number (a notification slip's) opens the draft behind it."""
    pending = find_for_correction(db, actor, number)
    if pending:
        return ScannedCase(correction=pending[0])
    draft_id = draft_of_case(db, actor, number)
    return ScannedCase(draft=open_draft(db, actor, draft_id, ticket_id))
