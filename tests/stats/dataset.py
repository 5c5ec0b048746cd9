"""A small fixed hall whose every figure is worked out by hand (see the numbers in test_figures).

Monday 2 and Tuesday 3 March 2026 (Beijing time) are the period; a few rows outside it
must not count. Rows are written as the services would leave them, with times chosen
by hand, so each expected value below can be checked with pencil and paper.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time

from clerk.domain.halltime import HALL_TZ
from clerk.domain.stats import Period
from clerk.services.accounts import Actor, Role
from clerk.storage.db import Database
from clerk.storage.models.catalogue import (
    Bundle,
    BundleMatter,
    CatalogueVersion,
    Material,
    Matter,
)
from clerk.storage.models.intake import Applicant, Case, CaseMaterial, IntakeDraft
from clerk.storage.models.queue import QueueCall, QueueCategory, QueueTicket, QueueWindow
from clerk.storage.models.ratings import Rating, RatingFollowUp
from clerk.storage.models.refusals import RefusalEntry, RefusalReview
from tests.support.actors import add_actor

MON, TUE, WED = date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4)
PERIOD = Period(MON, TUE)
TODAY = date(2026, 3, 20)  # what "overdue" is measured against


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), HALL_TZ)


@dataclass
class FixedHall:
    db: Database
    clerk_a: Actor  # window 1
    clerk_b: Actor  # window 2
    manager: Actor
    admin: Actor


def build(db: Database) -> FixedHall:
    a = add_actor(db, "clerk-a", Role.CLERK, name="张晓梅", staff_no="C0101", window="1")
    b = add_actor(db, "clerk-b", Role.CLERK, name="李建国", staff_no="C0102", window="2")
    manager = add_actor(db, "manager", Role.MANAGER, name="王丽华", staff_no="M0001", window="")
    admin = add_actor(db, "admin", Role.ADMIN, name="赵志强", staff_no="A0001", window="")
    with db.session() as s:
        version = _catalogue(s)
        windows = _queue(s, a, b)
        tickets = _tickets(s, windows, a, b)
        cases = _cases(s, version, tickets, a, b)
        _ratings(s, tickets, cases, a, b)
        _refusals(s, cases, a, b, manager)
    return FixedHall(db, a, b, manager, admin)


def _catalogue(s) -> int:  # type: ignore[no-untyped-def]
    """M1 asks for 3 materials, M2 for 2; bundle BX = M1 + M2 shares 身份证: 5 → 4, saves 1."""
    version = CatalogueVersion(number=1, content_sha256="0" * 64, source_name="fixed")
    s.add(version)
    s.flush()
    m1 = Matter(
        version_id=version.id,
        code="M1",
        name="食品经营许可",
        department="市场监管局",
        legal_days=20,
        promised_days=5,
    )
    m2 = Matter(
        version_id=version.id,
        code="M2",
        name="公共场所卫生许可",
        department="卫健委",
        legal_days=20,
        promised_days=5,
    )
    s.add_all([m1, m2])
    s.flush()
    for matter, codes in ((m1, ("ID", "FORM", "LIC")), (m2, ("ID", "PLAN"))):
        for position, code in enumerate(codes):
            s.add(
                Material(
                    matter_id=matter.id,
                    position=position,
                    code=code,
                    name=code,
                    form="original",
                    necessity="required",
                )
            )
    bundle = Bundle(version_id=version.id, code="BX", name="开办餐饮店", promised_days=5)
    s.add(bundle)
    s.flush()
    s.add_all(
        [
            BundleMatter(bundle_id=bundle.id, matter_id=m1.id, position=0),
            BundleMatter(bundle_id=bundle.id, matter_id=m2.id, position=1),
        ]
    )
    return version.id


def _queue(s, a: Actor, b: Actor) -> dict[str, QueueWindow]:  # type: ignore[no-untyped-def]
    s.add_all(
        [QueueCategory(prefix="A", name="综合受理"), QueueCategory(prefix="B", name="企业开办")]
    )
    w1 = QueueWindow(number="1", state="open", clerk_id=a.account_id)
    w2 = QueueWindow(number="2", state="paused", clerk_id=b.account_id)
    s.add_all([w1, w2])
    s.flush()
    return {"1": w1, "2": w2}


def _ticket(
    s,
    windows,
    number,
    day,
    issued,
    called=None,
    window=None,
    clerk=None,  # type: ignore[no-untyped-def]
    service=None,
    state="done",
    calls=(),
    note="",
):
    prefix = number[0]
    category = s.query(QueueCategory).filter_by(prefix=prefix).one()
    ticket = QueueTicket(
        service_day=day,
        number=number,
        category_id=category.id,
        issued_at=at(day, *issued),
        state=state,
        called_at=at(day, *called) if called else None,
        window_id=windows[window].id if window else None,
        clerk_id=clerk.account_id if clerk else None,
        service_started_at=at(day, *service[0]) if service else None,
        service_ended_at=at(day, *service[1]) if service else None,
        transfer_note=note,
        recall_count=0,
    )
    s.add(ticket)
    s.flush()
    for kind, when, win in calls or ((("call", called, window),) if called else ()):
        s.add(
            QueueCall(
                ticket_id=ticket.id,
                window_id=windows[win].id,
                ticket_number=number,
                window_number=win,
                kind=kind,
                called_at=at(day, *when),
            )
        )
    return ticket


def _tickets(s, w, a: Actor, b: Actor) -> dict[str, QueueTicket]:  # type: ignore[no-untyped-def]
    t = {
        # Waits 5, 20, 10, 12 (first call; the transfer's second call is at 10:30), 15.
        "T1": _ticket(s, w, "A001", MON, (9, 0), (9, 5), "1", a, ((9, 6), (9, 16))),
        "T2": _ticket(s, w, "A002", MON, (9, 0), (9, 20), "2", b, ((9, 21), (9, 26))),
        "T3": _ticket(
            s,
            w,
            "A003",
            MON,
            (9, 10),
            (9, 20),
            "1",
            a,
            state="no_show",
            calls=(("call", (9, 20), "1"), ("recall", (9, 22), "1")),
        ),
        "T4": _ticket(
            s,
            w,
            "B001",
            MON,
            (10, 0),
            (10, 30),
            "2",
            b,
            ((10, 31), (10, 39)),
            calls=(("call", (10, 12), "1"), ("call", (10, 30), "2")),
            note="转企业开办",
        ),
        "T5": _ticket(s, w, "B001", TUE, (14, 0), state="waiting"),
        "T6": _ticket(s, w, "A001", TUE, (15, 0), (15, 15), "1", a, ((15, 16), (15, 28))),
        # Outside the period.
        "T7": _ticket(s, w, "A001", WED, (9, 0), (9, 30), "1", a, ((9, 31), (9, 40))),
    }
    return t


def _cases(s, version: int, t: dict[str, QueueTicket], a: Actor, b: Actor) -> dict[str, Case]:  # type: ignore[no-untyped-def]
    person = Applicant(kind="person", name="刘洋", id_number="110101199003077777")
    s.add(person)
    s.flush()
    drafts: dict[str, IntakeDraft] = {}

    def draft(name: str, clerk: Actor) -> IntakeDraft:
        if name not in drafts:
            drafts[name] = IntakeDraft(status="decided", first_clerk_id=clerk.account_id)
            s.add(drafts[name])
            s.flush()
        return drafts[name]

    cases: dict[str, Case] = {}

    def add(
        name,
        draft_name,
        clerk,
        window,
        kind,
        code,
        subject,
        decision,
        started,
        decided,  # type: ignore[no-untyped-def]
        ticket=None,
        received=0,
        exempt=0,
        visits=1,
    ):
        case = Case(
            number=f"2026{name}",
            decision_key=name,
            draft_id=draft(draft_name, clerk).id,
            decision=decision,
            applicant_id=person.id,
            subject_kind=kind,
            subject_code=code,
            subject_name=subject,
            catalogue_version_id=version if kind else None,
            clerk_id=clerk.account_id,
            first_clerk_id=clerk.account_id,
            window_no=window,
            ticket_id=t[ticket].id if ticket else None,
            service_started_at=started,
            decided_at=decided,
            materials_received=received,
            materials_exempt=exempt,
            visits=visits,
        )
        s.add(case)
        s.flush()
        cases[name] = case
        return case

    add(
        "C1",
        "D1",
        a,
        "1",
        "matter",
        "M1",
        "食品经营许可",
        "accepted",
        at(MON, 9, 6),
        at(MON, 9, 15),
        "T1",
        received=3,
    )
    add(
        "C2",
        "D2",
        b,
        "2",
        "matter",
        "M2",
        "公共场所卫生许可",
        "notified",
        at(MON, 9, 21),
        at(MON, 9, 25),
        "T2",
        received=1,
    )
    # D2 again on Tuesday: accepted with PLAN deferred, brought on Thursday (3 visit days).
    add(
        "C3",
        "D2",
        a,
        "1",
        "matter",
        "M2",
        "公共场所卫生许可",
        "accepted_deferred",
        at(TUE, 15, 16),
        at(TUE, 15, 27),
        "T6",
        received=1,
        visits=3,
    )
    add(
        "C4",
        "D3",
        b,
        "2",
        "bundle",
        "BX",
        "开办餐饮店",
        "accepted",
        at(MON, 10, 31),
        at(MON, 10, 38),
        "T4",
        received=3,
        exempt=1,
    )
    add(
        "C5",
        "D4",
        a,
        "1",
        "matter",
        "M1",
        "食品经营许可",
        "completed_on_the_spot",
        at(MON, 10, 50),
        at(MON, 11, 0),
        received=2,
        exempt=1,
    )
    add("C6", "D5", b, "2", "", "", "代办护照", "refused", at(TUE, 9, 50), at(TUE, 10, 0))
    # D6: notified and accepted the same Tuesday (one day), a material brought on 10 March.
    add(
        "C8",
        "D6",
        a,
        "1",
        "matter",
        "M1",
        "食品经营许可",
        "notified",
        at(TUE, 9, 20),
        at(TUE, 9, 30),
    )
    add(
        "C7",
        "D6",
        a,
        "1",
        "matter",
        "M1",
        "食品经营许可",
        "accepted_deferred",
        at(TUE, 10, 50),
        at(TUE, 11, 0),
        received=1,
        visits=3,
    )
    add(
        "C9",
        "D7",
        a,
        "1",
        "matter",
        "M1",
        "食品经营许可",
        "accepted",
        at(WED, 9, 31),
        at(WED, 9, 39),
        "T7",
        received=3,
    )

    def material(case, position, code, state="received", due=None, brought=None):  # type: ignore[no-untyped-def]
        s.add(
            CaseMaterial(
                case_id=cases[case].id,
                position=position,
                code=code,
                name=code,
                necessity="required",
                state=state,
                correction_due=due,
                received_later_at=brought,
            )
        )

    material("C1", 0, "ID")
    material("C3", 1, "PLAN", "deferred", date(2026, 3, 10), at(date(2026, 3, 5), 10))
    material("C7", 1, "FORM", "deferred", date(2026, 3, 4))
    material("C7", 2, "LIC", "deferred", date(2026, 3, 9), at(date(2026, 3, 10), 9))
    return cases


def _ratings(s, t, c, a: Actor, b: Actor) -> None:  # type: ignore[no-untyped-def]
    def rate(ticket, case, clerk, window, code, level, when, follow_up=None):  # type: ignore[no-untyped-def]
        rating = Rating(
            ticket_id=t[ticket].id,
            case_id=c[case].id if case else None,
            clerk_id=clerk.account_id,
            window_no=window,
            matter_code=code,
            matter_name=code or "综合受理",
            level=level,
            rated_at=when,
        )
        s.add(rating)
        s.flush()
        if follow_up:
            due, closed = follow_up
            s.add(
                RatingFollowUp(
                    rating_id=rating.id,
                    opened_at=when,
                    due_date=due,
                    state="closed" if closed else "open",
                    closed_at=closed,
                    result="已回访" if closed else "",
                )
            )

    rate("T1", "C1", a, "1", "M1", "very_satisfied", at(MON, 9, 17))
    rate(
        "T2",
        "C2",
        b,
        "2",
        "M2",
        "dissatisfied",
        at(MON, 9, 27),
        (date(2026, 3, 23), at(date(2026, 3, 12), 14)),
    )
    rate("T4", "C4", b, "2", "BX", "satisfied", at(MON, 10, 40))
    rate("T6", "C3", a, "1", "M2", "very_dissatisfied", at(TUE, 15, 30), (date(2026, 3, 17), None))
    rate("T2", None, b, "2", "", "basically_satisfied", at(TUE, 9, 0))
    rate("T7", "C9", a, "1", "M1", "dissatisfied", at(WED, 9, 42), (date(2026, 3, 25), None))


def _refusals(s, c, a: Actor, b: Actor, manager: Actor) -> None:  # type: ignore[no-untyped-def]
    entries = 0
    reviews = 0

    def digest(text: str) -> str:
        return hashlib.sha256(text.encode()).hexdigest()

    def entry(clerk, window, kind, category, when, case=None, code="", verdicts=()):  # type: ignore[no-untyped-def]
        nonlocal entries, reviews
        entries += 1
        row = RefusalEntry(
            id=entries,
            filed_at=when,
            window_no=window,
            clerk_id=clerk.account_id,
            clerk_name=clerk.display_name,
            clerk_staff_no=clerk.staff_no,
            kind=kind,
            category=category,
            reason="理由",
            legal_basis="依据",
            facts="",
            applicant_name="刘洋",
            applicant_id_no="",
            applicant_phone="",
            applicant_address="",
            matter_code=code,
            matter_name=code,
            missing_materials="[]",
            ticket_no="",
            draft_id=None,
            case_id=c[case].id if case else None,
            prev_hash="",
            hash=digest(f"e{entries}"),
            seal="",
        )
        s.add(row)
        s.flush()
        for kind_, resolved in verdicts:
            reviews += 1
            s.add(
                RefusalReview(
                    id=reviews,
                    entry_id=row.id,
                    recorded_at=when,
                    kind=kind_,
                    manager_id=manager.account_id,
                    manager_name=manager.display_name,
                    comment="",
                    resolved=resolved,
                    prev_hash="",
                    hash=digest(f"r{reviews}"),
                    seal="",
                )
            )
        s.flush()

    entry(b, "2", "notification", "材料不齐全", at(MON, 9, 25), "C2", "M2", [("agree", 0)])
    entry(a, "1", "notification", "材料不齐全", at(TUE, 9, 30), "C8", "M1")
    entry(
        b,
        "2",
        "refusal",
        "不属于本机关职权范围",
        at(TUE, 10, 0),
        "C6",
        "",
        [("disagree", 0), ("follow_up", 1)],
    )
    entry(a, "1", "unserved", "系统故障", at(TUE, 16, 0), verdicts=[("disagree", 0)])
    entry(a, "1", "unserved", "系统故障", at(WED, 10, 0))
