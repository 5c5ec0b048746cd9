"""At the window: call the next ticket, call it again, no-show, serve, finish, transfer.

Times come from the database (``database_now``), so a workstation with a wrong clock
cannot reorder the queue. Two windows never call one ticket: PostgreSQL hands each
caller a different row (``FOR UPDATE SKIP LOCKED``); SQLite has one writer at a time
(``BEGIN IMMEDIATE``). Calling and finishing are written once per engine, in
``clerk.storage.queue_sql``. Every call is a ``queue_call`` row, announced on PostgreSQL
with ``NOTIFY`` (see ``feed``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.orm import Session

from clerk.domain import queue as rules
from clerk.domain.errors import ClerkError, Conflict, NotFound
from clerk.domain.queue import TicketInfo
from clerk.services.accounts import Actor, Role, require
from clerk.services.queue.board import CallInfo, call_info
from clerk.services.queue.hall import category_named, my_window, no_window, window_numbered
from clerk.storage.db import Database
from clerk.storage.dialect import begin_write, database_now, sql_of
from clerk.storage.models.queue import QueueTicket, QueueWindow
from clerk.storage.queue_sql import Called, announce, info_of, ticket_desk

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RecallResult:
    call: CallInfo | None
    no_show: bool  # the recall limit was reached: the ticket is now 过号


def call_next(
    db: Database, actor: Actor, settings: rules.QueueRules | None = None
) -> TicketInfo | None:
    """Call the next ticket to the actor's window; None when nobody waits for it.

    Order: tickets transferred to this window, priority channel and appointments due
    now; then tickets already waiting past the alert limit; then the window's categories
    in order of preference; within each, the longest wait.

    On PostgreSQL this is one statement, committed on its own: it locks the window
    (``queue_window_for_call``), picks and claims the ticket (``SKIP LOCKED``: windows
    calling at once each get a different one) and inserts the call, whose trigger
    NOTIFYs the displays. On SQLite it is one short ``BEGIN IMMEDIATE`` transaction.
    """
    settings = settings or rules.QueueRules()
    require(actor, Role.CLERK, Role.MANAGER, Role.ADMIN)
    called = ticket_desk(db).call_next(db, actor.window_no, actor.account_id, settings)
    _check_window(actor, called)
    assert called is not None
    if called.ticket is None:
        return None
    log.info(
        "%s called to window %s (call %s)",
        called.ticket.number,
        called.window_number,
        called.call_id,
    )
    return called.ticket


def _check_window(actor: Actor, called: Called | None) -> None:
    if called is None:
        raise no_window(actor.window_no)
    if called.window_state != rules.OPEN:
        state = rules.WINDOW_STATE_NAMES[called.window_state]
        raise Conflict(f"{called.window_number} 号窗口处于{state}状态，请先开放窗口。")
    if called.busy_number:
        raise Conflict(f"{called.busy_number} 号尚未处理完：请先办结、转办或记为过号。")


def _active_ticket(
    s: Session, actor: Actor, ticket_id: int, *states: str
) -> tuple[QueueWindow, QueueTicket]:
    window = my_window(s, actor)
    ticket = sql_of(s).lock(s, QueueTicket, ticket_id)
    if ticket is None:
        raise NotFound("该号不存在。")
    if ticket.window_id != window.id or ticket.state not in (rules.CALLED, rules.SERVING):
        raise Conflict(f"{ticket.number} 号不在本窗口办理。")
    if ticket.state not in states:
        raise Conflict(f"{ticket.number} 号{rules.STATE_NAMES[ticket.state]}，不能这样操作。")
    return window, ticket


def recall(
    db: Database, actor: Actor, ticket_id: int, settings: rules.QueueRules | None = None
) -> RecallResult:
    """Call the same ticket again; past the recall limit it becomes a no-show (过号)."""
    settings = settings or rules.QueueRules()
    with db.session() as s:
        begin_write(s)
        window, ticket = _active_ticket(s, actor, ticket_id, rules.CALLED)
        if ticket.recall_count >= settings.max_recalls:
            ticket.state = rules.NO_SHOW
            log.info("%s no-show after %d recalls", ticket.number, ticket.recall_count)
            return RecallResult(None, no_show=True)
        ticket.recall_count += 1
        call = call_info(announce(s, window, ticket, "recall", actor.account_id, database_now(s)))
        return RecallResult(call, no_show=False)


def mark_no_show(db: Database, actor: Actor, ticket_id: int) -> None:
    with db.session() as s:
        begin_write(s)
        _, ticket = _active_ticket(s, actor, ticket_id, rules.CALLED)
        ticket.state = rules.NO_SHOW


def begin_service(db: Database, actor: Actor, ticket_id: int) -> TicketInfo:
    """The applicant has come to the window: service starts."""
    with db.session() as s:
        begin_write(s)
        return begin_service_in(s, actor, ticket_id)


def begin_service_in(s: Session, actor: Actor, ticket_id: int) -> TicketInfo:
    """``begin_service`` within another use case's unit of work (the intake opening for the
    called ticket); the caller has begun the write (``begin_write``)."""
    _, ticket = _active_ticket(s, actor, ticket_id, rules.CALLED, rules.SERVING)
    if ticket.state == rules.CALLED:
        ticket.state = rules.SERVING
        ticket.service_started_at = database_now(s)
        ticket.clerk_id = actor.account_id
    return info_of(ticket)


def finish(db: Database, actor: Actor, ticket_id: int) -> TicketInfo:
    """Service ended (办结 at the window); the rating may follow.

    On PostgreSQL one statement, committed on its own; on SQLite one short ``BEGIN
    IMMEDIATE`` transaction.
    """
    require(actor, Role.CLERK, Role.MANAGER, Role.ADMIN)
    done = ticket_desk(db).finish(db, ticket_id, actor.window_no, actor.account_id)
    if done is None:
        with db.session() as s:
            _active_ticket(s, actor, ticket_id, rules.CALLED, rules.SERVING)  # says why not
        raise Conflict("该号的状态刚刚改变，请刷新后再试。")
    return done


def transfer(
    db: Database,
    actor: Actor,
    ticket_id: int,
    note: str,
    *,
    category_prefix: str | None = None,
    window_number: str | None = None,
) -> TicketInfo:
    """Send the applicant on to another category or one window, with a note for it.

    The ticket keeps its number and its time of issue, so it does not queue from the
    back again.
    """
    if (category_prefix is None) == (window_number is None):
        raise ClerkError("转办请选择一个业务类别或一个窗口。")
    if not note.strip():
        raise ClerkError("转办请填写说明，告诉下一个窗口申请人要办什么。")
    with db.session() as s:
        begin_write(s)
        window, ticket = _active_ticket(s, actor, ticket_id, rules.CALLED, rules.SERVING)
        if window_number is not None:
            target = window_numbered(s, window_number)
            if target.id == window.id:
                raise ClerkError("不能转办给本窗口。")
            if target.state == rules.CLOSED:
                raise Conflict(f"{target.number} 号窗口已关闭，请选择其他窗口或类别。")
            ticket.target_window_id = target.id
        else:
            category = category_named(s, category_prefix or "")
            ticket.category_id = category.id
            ticket.category = category
            ticket.target_window_id = None
        ticket.state = rules.TRANSFERRED
        ticket.transfer_note = note.strip()
        ticket.window_id = None
        ticket.called_at = None
        ticket.recall_count = 0
        return info_of(ticket)
