"""Demo activity: days of hall work driven through the real services.

Each day applicants take tickets at the kiosk; the demo clerks call them, receive
their applications and decide (accept, defer, notify, refuse, on-the-spot), finish
the ticket and let the applicant rate it. Applicants told to bring something come
back on a later day, and so do those who owe a deferred material.

A past day runs in a child process under libfaketime (``faketime``), started at
08:30 Beijing time on that day and running ``speed`` times faster, so every
timestamp, case number, document and register entry carries that day. The process
clock is what SQLite's ``now`` reads; a PostgreSQL server keeps its own clock, so on
PostgreSQL the activity is dated by the server (today).
"""

from __future__ import annotations

import logging
import os
import random
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TextIO

import keyring
from keyring.backend import KeyringBackend
from sqlalchemy import select

from clerk.demo.mode import prepare_demo
from clerk.domain import ratings as rating_rules
from clerk.domain.catalogue import Checklist
from clerk.domain.errors import ClerkError
from clerk.domain.halltime import HALL_TZ
from clerk.domain.ids import USCC_ALPHABET, org_code_check, resident_id_check, uscc_check
from clerk.domain.intake import (
    DECISION_NAMES,
    ApplicantInput,
    ApplicantKind,
    Decision,
    MaterialEntry,
    MaterialState,
    RefusalCategory,
    received,
)
from clerk.domain.subject import subject_of
from clerk.domain.workdays import WorkCalendar
from clerk.secrets import get_secret, set_secret
from clerk.services import intake, queue
from clerk.services.accounts import DEMO_ACCOUNTS, Actor, Role
from clerk.services.catalogue import load_catalogue
from clerk.services.refusals import register_key_name
from clerk.settings import Settings
from clerk.storage.db import Database, open_database, resolve_url
from clerk.storage.models.accounts import Account
from clerk.storage.models.base import utcnow

log = logging.getLogger(__name__)

# The demo register is sealed with a public key: demo data proves nothing.
DEMO_REGISTER_KEY = "clerk-demo-register-key-not-secret-0000"
OPENING, CLOSING = 9 * 60, 16 * 60 + 30  # minutes after midnight, Beijing time

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = (
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "霞",
    "平",
    "刚",
    "桂英",
    "建华",
    "文博",
    "晓梅",
    "志强",
    "海燕",
)
SHOPS = (
    "墨香书店",
    "好邻居便利店",
    "晨光餐饮",
    "百味小吃",
    "绿源果蔬",
    "新华文具",
    "悦读书屋",
    "康健药房",
    "阳光托育",
    "匠心装修",
    "乐购超市",
    "清风茶舍",
)
REGIONS = ("110105", "310104", "440304", "330106", "510107", "420106", "210102", "320102")
REFUSALS = (
    (
        RefusalCategory.OUT_OF_SCOPE,
        "办理护照",
        "出入境证件不在本大厅受理范围，请到公安出入境接待大厅办理。",
        "《中华人民共和国行政许可法》第三十二条第一款第二项",
    ),
    (
        RefusalCategory.CONDITIONS_NOT_MET,
        "",
        "经营场所位于居民住宅楼内，不符合受理条件。",
        "《中华人民共和国行政许可法》第三十二条第一款第三项",
    ),
    (
        RefusalCategory.PROHIBITED,
        "",
        "申请经营的项目属于国家明令禁止的情形。",
        "《中华人民共和国行政许可法》第十二条",
    ),
)


class _DemoKeyring(KeyringBackend):
    """The demo's process keeps the demo register key in memory on a machine without a keyring."""

    priority = 0

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


def ensure_register_key(db: Database) -> None:
    name = register_key_name(db.url)
    if get_secret(name):
        return
    try:
        set_secret(name, DEMO_REGISTER_KEY)
    except ClerkError:
        log.warning("no OS keyring: the demo register key is kept in this process only")
        keyring.set_keyring(_DemoKeyring())
        set_secret(name, DEMO_REGISTER_KEY)


# ---------------------------------------------------------------- people


def person(rng: random.Random) -> ApplicantInput:
    born = date(1955, 1, 1) + timedelta(days=rng.randrange(365 * 48))
    first17 = f"{rng.choice(REGIONS)}{born:%Y%m%d}{rng.randrange(1000):03d}"
    name = rng.choice(SURNAMES) + rng.choice(GIVEN)
    phone = f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
    return ApplicantInput(ApplicantKind.PERSON, name, first17 + resident_id_check(first17), phone)


def enterprise(rng: random.Random) -> ApplicantInput:
    org = "".join(rng.choice(USCC_ALPHABET[:10] + "ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    first17 = f"92{rng.choice(REGIONS)}{org}{org_code_check(org)}"
    if any(c not in USCC_ALPHABET for c in first17):  # an org check "X" is fine; others not
        return enterprise(rng)
    name = f"{rng.choice(('示例市', '新区'))}{rng.choice(SHOPS)}有限公司"
    boss = rng.choice(SURNAMES) + rng.choice(GIVEN)
    phone = f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
    return ApplicantInput(
        ApplicantKind.ENTERPRISE, name, first17 + uscc_check(first17), phone, boss
    )


# ---------------------------------------------------------------- one day


@dataclass
class DayReport:
    day: date
    tickets: int = 0
    decisions: dict[str, int] = field(default_factory=dict)
    corrections: int = 0
    returns: int = 0
    ratings: int = 0

    def line(self) -> str:
        names = {d.value: n for d, n in DECISION_NAMES.items()}
        decided = "，".join(f"{names[k]}{v}" for k, v in sorted(self.decisions.items()))
        return (
            f"{self.day:%Y-%m-%d}：取号{self.tickets}，{decided or '无决定'}，"
            f"补正{self.corrections}，再次来办{self.returns}，评价{self.ratings}"
        )


@dataclass
class Hall:
    db: Database
    admin: Actor
    manager: Actor
    clerks: list[Actor]
    rng: random.Random
    wait_until: Callable[[datetime], None]
    calendar: WorkCalendar = field(default_factory=WorkCalendar)


def prepare(db: Database) -> None:
    """Demo accounts, catalogue, queue categories and windows, the register key."""
    prepare_demo(db)
    ensure_register_key(db)
    admin, _, clerks = demo_staff(db)
    if not queue.categories(db):
        codes = sorted(load_catalogue(db).matters)
        queue.save_category(db, admin, "A", "综合受理", codes[: len(codes) // 2], 0)
        queue.save_category(db, admin, "B", "企业开办", codes[len(codes) // 2 :], 1)
    known = {w.number for w in queue.windows(db)}
    for clerk in clerks:
        if clerk.window_no not in known:
            queue.save_window(db, admin, clerk.window_no, ["A", "B"])


def demo_staff(db: Database) -> tuple[Actor, Actor, list[Actor]]:
    """The demo admin, manager and clerks (clerk n at window n), as signed in."""
    with db.session() as s:
        rows = {
            a.username: a
            for a in s.scalars(
                select(Account).where(Account.username.in_([u for u, *_ in DEMO_ACCOUNTS]))
            )
        }

    def actor(username: str, window: str = "") -> Actor:
        a = rows[username]
        return Actor(a.id, a.username, a.display_name, a.staff_no, Role(a.role), window)

    clerks = [
        actor(u, str(n))
        for n, u in enumerate((u for u, _, _, r in DEMO_ACCOUNTS if r is Role.CLERK), start=1)
    ]
    return actor("demo-admin"), actor("demo-manager"), clerks


def _entries(checklist: Checklist, rng: random.Random, outcome: str) -> dict[str, MaterialEntry]:
    entries = {}
    required = [line for line in checklist.lines if line.material.required]
    for line in checklist.lines:
        if not line.material.required and rng.random() < 0.5:
            continue
        if line.material.elicence_type and rng.random() < 0.4:
            number = f"DZZZ-{rng.randrange(10**8):08d}"
            entries[line.material.code] = MaterialEntry(
                MaterialState.EXEMPT,
                elicence_type=line.material.elicence_type,
                elicence_number=number,
            )
        else:
            entries[line.material.code] = received(line)
    if outcome == "defer":
        for line in checklist.lines:
            if line.material.deferrable:
                entries[line.material.code] = MaterialEntry(MaterialState.DEFERRED)
    if outcome == "notify":
        for line in rng.sample(required, k=min(len(required), rng.choice((1, 1, 2)))):
            entries.pop(line.material.code, None)
    return entries


OUTCOMES = {
    "accept": Decision.ACCEPTED,
    "defer": Decision.ACCEPTED_DEFERRED,
    "notify": Decision.NOTIFIED,
    "refuse": Decision.REFUSED,
}


def _serve_new(hall: Hall, clerk: Actor, ticket_id: int, report: DayReport) -> None:
    rng, db = hall.rng, hall.db
    _, catalogue = intake.catalogue_for(db)
    draft = intake.serve_ticket(db, clerk, ticket_id)
    applicant = person(rng) if rng.random() < 0.6 else enterprise(rng)
    if rng.random() < 0.3:
        kind, code = "bundle", rng.choice(sorted(catalogue.bundles))
    else:
        kind, code = "matter", rng.choice(sorted(catalogue.matters))
    subject = subject_of(catalogue, kind, code)
    deferrable = any(line.material.deferrable for line in subject.checklist.lines)
    roll = rng.random()
    outcome = (
        "refuse"
        if roll < 0.05
        else "notify"
        if roll < 0.22
        else "defer"
        if roll < 0.40 and deferrable
        else "accept"
    )
    changes = intake.DraftChanges(applicant=applicant, subject=(kind, code))
    intake.save_draft(db, clerk, draft.id, changes)
    entries = _entries(subject.checklist, rng, outcome)
    intake.save_draft(db, clerk, draft.id, intake.DraftChanges(entries=entries))
    hall.wait_until(utcnow() + timedelta(minutes=rng.uniform(3, 12)))  # checking the papers
    refusal = None
    if outcome == "refuse":
        category, request, reason, basis = rng.choice(REFUSALS)
        refusal = intake.RefusalInput(category, reason, basis, request or subject.name)
    _decide(hall, clerk, draft.id, ticket_id, OUTCOMES[outcome], refusal, report)


def _decide(
    hall: Hall,
    clerk: Actor,
    draft_id: int,
    ticket_id: int,
    decision: Decision,
    refusal: intake.RefusalInput | None,
    report: DayReport,
) -> None:
    """The decision pressed at the window, the ticket finished with it."""
    key = uuid.uuid4().hex
    served = intake.decide_and_finish(
        hall.db, clerk, draft_id, key, decision, refusal, ticket_id, hall.calendar
    )
    if served.finish_error:
        raise ClerkError(served.finish_error)
    done = served.outcome.decision.value
    report.decisions[done] = report.decisions.get(done, 0) + 1


def _serve_return(hall: Hall, clerk: Actor, ticket_id: int, report: DayReport) -> bool:
    """An applicant who owes a deferred material or was notified comes back (if any)."""
    db, rng = hall.db, hall.rng
    due = intake.corrections_due(db, hall.manager)
    if due and rng.random() < 0.5:
        item = rng.choice(due)
        queue.begin_service(db, clerk, ticket_id)
        [found] = intake.find_for_correction(db, clerk, item.number)
        hall.wait_until(utcnow() + timedelta(minutes=rng.uniform(2, 5)))
        intake.receive_all_deferred(db, clerk, found.id)
        queue.finish(db, clerk, ticket_id)
        report.corrections += 1
        return True
    waiting = intake.notified_drafts(db, clerk, limit=20)
    if not waiting:
        return False
    draft = intake.serve_ticket(db, clerk, ticket_id, draft_id=rng.choice(waiting).id)
    assessed = intake.assessment(db, draft)
    assert assessed is not None
    subject = assessed[0]
    entries = {line.material.code: received(line) for line in subject.checklist.lines}
    intake.save_draft(db, clerk, draft.id, intake.DraftChanges(entries=entries))
    hall.wait_until(utcnow() + timedelta(minutes=rng.uniform(3, 8)))
    _decide(hall, clerk, draft.id, ticket_id, Decision.ACCEPTED, None, report)
    report.returns += 1
    return True


def _rate(hall: Hall, clerk: Actor, ticket_id: int, report: DayReport) -> None:
    rng = hall.rng
    for subject in queue.rating_subjects(hall.db, clerk, ticket_id):
        if rng.random() < 0.2:  # not every applicant rates
            continue
        level = rng.choices(list(rating_rules.LEVELS), weights=(70, 20, 6, 3, 1))[0]
        reasons = rating_rules.POOR_REASONS[:1] if rating_rules.is_poor(level) else ()
        queue.rate(hall.db, clerk, ticket_id, level, reasons, case_id=subject.case_id)
        report.ratings += 1


def _serve(hall: Hall, clerk: Actor, report: DayReport) -> bool:
    """Call the next ticket at this clerk's window and serve it; False when nobody waits."""
    ticket = queue.call_next(hall.db, clerk)
    if ticket is None:
        return False
    if not (hall.rng.random() < 0.25 and _serve_return(hall, clerk, ticket.id, report)):
        _serve_new(hall, clerk, ticket.id, report)
    _rate(hall, clerk, ticket.id, report)
    return True


def run_day(db: Database, applicants: int, seed: int, paced: bool) -> DayReport:
    """One day at the hall, from now (09:00 under faketime) to the last applicant served.

    ``paced``: the process clock runs fast (faketime); wait on it between events so
    arrivals and services spread over the day. Unpaced, everything happens at once.
    """
    rng = random.Random(seed)
    ensure_register_key(db)
    admin, manager, clerks = demo_staff(db)

    def wait_until(moment: datetime) -> None:
        while paced and utcnow() < moment:
            time.sleep(0.002)

    hall = Hall(db, admin, manager, clerks, rng, wait_until)
    today = utcnow().astimezone(HALL_TZ).date()
    start = datetime.combine(today, datetime.min.time(), HALL_TZ) + timedelta(minutes=OPENING)
    report = DayReport(today)
    for clerk in clerks:
        queue.open_window(db, clerk)
    minutes = sorted(rng.uniform(0, CLOSING - OPENING) for _ in range(applicants))
    arrivals = [start + timedelta(minutes=m) for m in minutes]
    free_at = {c.account_id: start for c in clerks}
    waiting = 0
    while arrivals or waiting:
        clerk = min(clerks, key=lambda c: free_at[c.account_id])
        if waiting and (not arrivals or free_at[clerk.account_id] <= arrivals[0]):
            wait_until(free_at[clerk.account_id])
            if _serve(hall, clerk, report):
                waiting -= 1
            free_at[clerk.account_id] = utcnow() + timedelta(minutes=rng.uniform(0.5, 2))
            continue
        wait_until(arrivals.pop(0))
        prefix = "A" if rng.random() < 0.6 else "B"
        queue.issue_ticket(db, prefix, priority_reason="老年人" if rng.random() < 0.05 else None)
        report.tickets += 1
        waiting += 1
    for clerk in clerks:
        queue.close_window(db, clerk)
    return report


def past_days(days: int, today: date, calendar: WorkCalendar) -> list[date]:
    """The last ``days`` working days before today, oldest first."""
    out: list[date] = []
    day = today
    while len(out) < days:
        day -= timedelta(days=1)
        if calendar.is_workday(day):
            out.append(day)
    return out[::-1]


def run_days(url: str, days: int, applicants: int, seed: int, speed: int, out: TextIO) -> None:
    """Each past working day in a child process whose clock starts at 08:30 that day."""
    faketime = shutil.which("faketime")
    if faketime is None:
        raise ClerkError("演示数据需要 faketime（apt-get install faketime）。")
    db = open_database(resolve_url(url, Settings.load()), migrate=True)
    prepare(db)
    db.dispose()
    today = datetime.now(UTC).astimezone(HALL_TZ).date()
    for n, day in enumerate(past_days(days, today, WorkCalendar())):
        clock = f"@{day:%Y-%m-%d} 08:30:00 x{speed}"
        command = [
            faketime,
            "-f",
            clock,
            *_clerk_command(),
            "demo",
            "--database",
            url,
            "--one-day",
            "--applicants",
            str(applicants),
            "--seed",
            str(seed + n),
        ]
        done = subprocess.run(command, capture_output=True, text=True, env=_child_env())
        if done.returncode != 0:
            raise ClerkError(f"{day:%Y-%m-%d} 的演示数据生成失败。", done.stderr[-2000:])
        out.write(done.stdout)
        out.flush()


def _clerk_command() -> list[str]:
    """This program again: the frozen one is its own executable, not a Python to pass -m."""
    return [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "clerk"]


def _child_env() -> dict[str, str]:
    # The faked 09:00 is Beijing time; the child works in UTC as always.
    return {**os.environ, "TZ": "Asia/Shanghai"}
