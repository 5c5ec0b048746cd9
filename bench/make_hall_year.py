"""One year of a 60-window hall, written by bulk inserts that respect the real schema.

About 900,000 tickets (with their calls), 600,000 cases (with drafts, checklist lines,
corrections), ratings with follow-ups and a hash-chained refusal register, ending today
(today's tickets after "now" are left waiting or being served, so the live board has a
hall to show). The schema is the migrated one; the catalogue is the demo catalogue
imported through the real service; everything else is written with executemany (SQLite)
or COPY (PostgreSQL), since driving 600,000 decisions through the services (each with
its PDFs) would take days here. Case documents (the PDFs) are left out: the statistics
never read them and 600,000 receipts would fill the disk.

    .venv/bin/python bench/make_hall_year.py --database sqlite:////tmp/hall.sqlite3
    .venv/bin/python bench/make_hall_year.py --database postgresql+psycopg://postgres@127.0.0.1/hall --scale 0.1
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time as clock
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from clerk.domain.catalogue import Catalogue
from clerk.domain.halltime import HALL_TZ
from clerk.domain.intake import case_number
from clerk.domain.refusal_chain import ENTRY_TAG, GENESIS, REVIEW_TAG, head_seal, link_hash, seal
from clerk.services import catalogue
from clerk.services.accounts import Actor, Role
from clerk.services.refusals import payload_of
from clerk.storage import migrations
from clerk.storage.db import Database, make_engine
from clerk.storage.models.accounts import Account
from clerk.storage.models.refusals import (
    ENTRY_CHAIN_COLUMNS,
    REVIEW_CHAIN_COLUMNS,
    RefusalEntry,
    RefusalReview,
)

WINDOWS = 60
TICKETS_PER_DAY = 3600  # × ~250 working days ≈ 900,000
REGISTER_KEY = b"bench-register-key-not-secret-0000000000"
CATEGORIES = (("A", "综合受理"), ("B", "企业开办"), ("C", "社保医保"), ("D", "不动产登记"))
LEVELS = (
    ("very_satisfied", 0.62),
    ("satisfied", 0.25),
    ("basically_satisfied", 0.09),
    ("dissatisfied", 0.03),
    ("very_dissatisfied", 0.01),
)


def at(day: date, minutes: float) -> datetime:
    """``minutes`` after the hall's midnight of ``day``, in UTC."""
    local = datetime.combine(day, time(), HALL_TZ) + timedelta(minutes=minutes)
    return local.astimezone(UTC)


HEAD_TRIGGER = "refusal_chain_head_forward"


def move_heads(cursor: Any, sqlite: bool, head_rows: list[tuple[str, int, str, str]]) -> None:
    """Set the register's chain heads over rows loaded in bulk, as the tables' owner.

    A head only moves one appended row at a time (migration 0011's trigger); a bulk load
    restores a whole chain at once, as a restore from backup would, so the owner lifts
    the trigger for these updates and puts it back in the same transaction.
    """
    mark = "?" if sqlite else "%s"
    if sqlite:
        cursor.execute(f"SELECT sql FROM sqlite_master WHERE name = '{HEAD_TRIGGER}'")
        (trigger,) = cursor.fetchone()
        cursor.execute(f"DROP TRIGGER {HEAD_TRIGGER}")
    else:
        cursor.execute("ALTER TABLE refusal_chain_head DISABLE TRIGGER USER")
    for name, last_id, last_hash, head in head_rows:
        cursor.execute(
            f"UPDATE refusal_chain_head SET last_id = {mark}, last_hash = {mark}, seal = {mark} "
            f"WHERE name = {mark}",
            (last_id, last_hash, head, name),
        )
    if sqlite:
        cursor.execute(trigger)
    else:
        cursor.execute("ALTER TABLE refusal_chain_head ENABLE TRIGGER USER")


@dataclass
class Tables:
    """Rows waiting to be written, per table, in the order parents come first."""

    rows: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def add(self, table: str, columns: Sequence[str], row: tuple[Any, ...]) -> None:
        self.columns.setdefault(table, tuple(columns))
        self.rows.setdefault(table, []).append(row)

    def size(self) -> int:
        return sum(len(r) for r in self.rows.values())


ORDER = (
    "applicant",
    "queue_sequence",
    "queue_ticket",
    "queue_call",
    "intake_draft",
    "case_number_counter",
    "case",
    "case_material",
    "rating",
    "rating_follow_up",
    "refusal_entry",
    "refusal_review",
)


class Sink:
    """Bulk writes: executemany on SQLite, COPY on PostgreSQL."""

    def __init__(self, url: str) -> None:
        self.engine = make_engine(make_url(url))
        self.sqlite = self.engine.dialect.name == "sqlite"
        self.conn = self.engine.raw_connection()
        if self.sqlite:
            self.conn.execute("PRAGMA synchronous=OFF")

    def write(self, tables: Tables) -> None:
        cursor = self.conn.cursor()
        for table in ORDER:
            rows = tables.rows.get(table)
            if not rows:
                continue
            columns = tables.columns[table]
            quoted = ", ".join(f'"{c}"' for c in columns)
            if self.sqlite:
                marks = ", ".join("?" for _ in columns)
                cursor.executemany(
                    f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})',
                    [tuple(_sqlite(v) for v in row) for row in rows],
                )
            else:
                with cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(row)
        self.conn.commit()
        tables.rows.clear()

    def finish(self, head_rows: list[tuple[str, int, str, str]]) -> None:
        cursor = self.conn.cursor()
        move_heads(cursor, self.sqlite, head_rows)
        if not self.sqlite:
            for table in ORDER:
                if table in ("queue_sequence", "case_number_counter"):
                    continue
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                    f'coalesce(max(id), 1)) FROM "{table}"'
                )
            self.conn.commit()
            self.conn.driver_connection.autocommit = True  # VACUUM needs no transaction
            self.conn.driver_connection.execute("VACUUM ANALYZE")
        else:
            self.conn.commit()
            self.conn.execute("ANALYZE")
        self.conn.close()
        self.engine.dispose()


def _sqlite(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def fresh_database(url: str) -> Database:
    """Create (PostgreSQL) or empty (SQLite) the target, then migrate it."""
    target = make_url(url)
    if target.get_backend_name() == "sqlite":
        from pathlib import Path

        path = Path(target.database or "")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{target.database}"'))
        admin.dispose()
    engine = make_engine(target)
    migrations.upgrade(engine)
    return Database(target, engine)


def _working_days(last: date, count: int) -> list[date]:
    days: list[date] = []
    day = last
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= timedelta(days=1)
    return days[::-1]


@dataclass
class Staff:
    admin: int
    manager: int
    clerks: list[int]  # index = window - 1


def _set_up(db: Database) -> tuple[Staff, Catalogue, int, dict[str, int], list[int]]:
    """Accounts, the demo catalogue (real import), categories and windows."""
    with db.session() as s:
        admin = Account(
            username="admin", display_name="系统管理员", role="admin", password_hash="-"
        )
        manager = Account(
            username="manager",
            display_name="王丽华",
            staff_no="M0001",
            role="manager",
            password_hash="-",
        )
        s.add_all([admin, manager])
        clerks = [
            Account(
                username=f"clerk{n:02d}",
                display_name=f"窗口人员{n:02d}",
                staff_no=f"C{n:04d}",
                role="clerk",
                password_hash="-",
            )
            for n in range(1, WINDOWS + 1)
        ]
        s.add_all(clerks)
        s.flush()
        staff = Staff(admin.id, manager.id, [c.id for c in clerks])
    actor = Actor(staff.admin, "admin", "系统管理员", "", Role.ADMIN, "")
    catalogue.import_catalogue(db, actor, catalogue.demo_catalogue_path())
    cat = catalogue.load_catalogue(db)
    with db.session() as s:
        version_id = int(s.execute(text("SELECT max(id) FROM catalogue_version")).scalar_one())
        codes = sorted(cat.matters)
        quarter = len(codes) // 4
        category_ids = {}
        for position, (prefix, name) in enumerate(CATEGORIES):
            mine = codes[position * quarter : (position + 1) * quarter]
            category_ids[prefix] = int(
                s.execute(
                    text(
                        "INSERT INTO queue_category (prefix, name, matter_codes, position, active) "
                        "VALUES (:p, :n, :m, :pos, :a) RETURNING id"
                    ),
                    {"p": prefix, "n": name, "m": json.dumps(mine), "pos": position, "a": True},
                ).scalar_one()
            )
        window_ids = []
        for n in range(1, WINDOWS + 1):
            state = "open" if n <= 50 else ("paused" if n <= 55 else "closed")
            window_id = int(
                s.execute(
                    text(
                        "INSERT INTO queue_window (number, name, state, clerk_id, active) "
                        "VALUES (:n, '', :s, :c, :a) RETURNING id"
                    ),
                    {
                        "n": str(n),
                        "s": state,
                        "c": staff.clerks[n - 1] if state != "closed" else None,
                        "a": True,
                    },
                ).scalar_one()
            )
            first = CATEGORIES[(n - 1) % 4][0]
            second = CATEGORIES[n % 4][0]
            for position, prefix in enumerate((first, second)):
                s.execute(
                    text(
                        "INSERT INTO queue_window_category (window_id, category_id, position) "
                        "VALUES (:w, :c, :p)"
                    ),
                    {"w": window_id, "c": category_ids[prefix], "p": position},
                )
            window_ids.append(window_id)
    return staff, cat, version_id, category_ids, window_ids


class Year:
    """The generator: day by day, tickets → services → cases → ratings → register."""

    def __init__(self, db: Database, scale: float, seed: int, now: datetime) -> None:
        self.rng = random.Random(seed)
        self.now = now
        self.staff, self.catalogue, self.version, self.categories, self.windows = _set_up(db)
        self.matters = sorted(self.catalogue.matters.values(), key=lambda m: m.code)
        self.bundles = sorted(self.catalogue.bundles)
        self.checklists = {
            m.code: self.catalogue.checklist_for_matter(m.code) for m in self.matters
        }
        self.checklists |= {b: self.catalogue.checklist_for_bundle(b) for b in self.bundles}
        self.per_day = max(1, round(TICKETS_PER_DAY * scale))
        self.ids: dict[str, int] = {}
        self.applicants: list[int] = []
        self.waiting_returns: list[
            tuple[int, int, str, str, date]
        ] = []  # draft, applicant, kind, code, day
        self.entries: list[RefusalEntry] = []
        self.reviews: list[RefusalReview] = []
        self.heads = {"entries": (0, GENESIS), "reviews": (0, GENESIS)}
        self.tables = Tables()
        self.counts = {"tickets": 0, "cases": 0, "ratings": 0, "entries": 0}

    def next_id(self, table: str) -> int:
        self.ids[table] = self.ids.get(table, 0) + 1
        return self.ids[table]

    # ------------------------------------------------------------ applicants

    def applicant(self) -> int:
        if self.applicants and self.rng.random() < 0.3:
            return self.rng.choice(self.applicants)
        applicant_id = self.next_id("applicant")
        number = f"1101011990{applicant_id:07d}X"[:18]
        created = at(date.today(), 0)
        self.tables.add(
            "applicant",
            (
                "id",
                "kind",
                "name",
                "id_number",
                "phone",
                "legal_representative",
                "address",
                "created_at",
                "updated_at",
            ),
            (applicant_id, "person", f"申请人{applicant_id}", number, "", "", "", created, created),
        )
        self.applicants.append(applicant_id)
        return applicant_id

    # ------------------------------------------------------------ one day

    def day(self, day: date) -> None:
        rng = self.rng
        sequences: dict[str, int] = {}
        case_sequence = 0
        window_free = [at(day, 9 * 60)] * WINDOWS
        arrivals = sorted(self._arrival(day) for _ in range(self.per_day))
        for issued in arrivals:
            if issued > self.now:
                break
            prefix = rng.choices("ABCD", weights=(4, 3, 2, 1))[0]
            sequences[prefix] = sequences.get(prefix, 0) + 1
            ticket_id = self.next_id("queue_ticket")
            self.counts["tickets"] += 1
            wait = rng.expovariate(1 / 7.0) + rng.random() * 2
            if rng.random() < 0.08:
                wait += rng.uniform(10, 30)  # a rush the windows could not keep up with
            called = issued + timedelta(minutes=wait)
            window = rng.randrange(WINDOWS - 5)
            clerk = self.staff.clerks[window]
            service = rng.uniform(3, 18)
            begin = called + timedelta(minutes=rng.uniform(0.3, 1.5))
            started: datetime | None = begin
            ended: datetime | None = begin + timedelta(minutes=service)
            outcome = rng.random()
            state, note, calls = "done", "", [("call", called, window)]
            if outcome < 0.05:
                state, started, ended = "no_show", None, None
                calls += [
                    ("recall", called + timedelta(minutes=1), window),
                    ("recall", called + timedelta(minutes=2), window),
                ]
            elif outcome < 0.08:
                # Transferred once: a second call at another window after the first service.
                other = (window + 7) % (WINDOWS - 5)
                second = called + timedelta(minutes=rng.uniform(8, 25))
                calls.append(("call", second, other))
                note = "转其他类别办理"
                window, clerk = other, self.staff.clerks[other]
                started = second + timedelta(minutes=0.5)
                ended = second + timedelta(minutes=0.5 + service)
            called_at: datetime | None = calls[-1][1] if calls[-1][0] == "call" else called
            if called > self.now:  # today, still waiting
                state, called_at, started, ended, calls, window_id, clerk_id = (
                    "waiting",
                    None,
                    None,
                    None,
                    [],
                    None,
                    None,
                )
            else:
                window_id, clerk_id = self.windows[window], clerk
                if ended is not None and ended > self.now:
                    state, ended = "serving", None
            calls = [c for c in calls if c[1] <= self.now]
            window_free[window] = ended or window_free[window]
            overdue = issued + timedelta(minutes=15) if wait > 15 and called_at else None
            self.tables.add(
                "queue_ticket",
                (
                    "id",
                    "service_day",
                    "number",
                    "category_id",
                    "priority_reason",
                    "appointment_id",
                    "due_at",
                    "request_key",
                    "issued_at",
                    "state",
                    "called_at",
                    "window_id",
                    "target_window_id",
                    "recall_count",
                    "transfer_note",
                    "service_started_at",
                    "service_ended_at",
                    "clerk_id",
                    "overdue_at",
                ),
                (
                    ticket_id,
                    day,
                    f"{prefix}{sequences[prefix]:03d}",
                    self.categories[prefix],
                    None,
                    None,
                    None,
                    None,
                    issued,
                    state,
                    called_at,
                    window_id,
                    None,
                    2 if state == "no_show" else 0,
                    note,
                    started,
                    ended,
                    clerk_id,
                    overdue,
                ),
            )
            for kind, moment, win in calls:
                self.tables.add(
                    "queue_call",
                    (
                        "id",
                        "ticket_id",
                        "window_id",
                        "ticket_number",
                        "window_number",
                        "kind",
                        "called_at",
                        "clerk_id",
                    ),
                    (
                        self.next_id("queue_call"),
                        ticket_id,
                        self.windows[win],
                        f"{prefix}{sequences[prefix]:03d}",
                        str(win + 1),
                        kind,
                        moment,
                        self.staff.clerks[win],
                    ),
                )
            if state != "done" or ended is None or started is None:
                continue
            cases_here = 1 if rng.random() < 0.68 else (2 if rng.random() < 0.12 else 0)
            for n in range(cases_here):
                case_sequence += 1
                decided = started + timedelta(minutes=service * (n + 1) / (cases_here + 0.5))
                case_id = self._case(
                    day,
                    case_sequence,
                    ticket_id,
                    issued,
                    called_at,
                    started,
                    decided,
                    window,
                    clerk,
                )
                if rng.random() < 0.55:
                    self._rating(
                        ticket_id, case_id, window, clerk, ended + timedelta(seconds=30), day
                    )
            if cases_here == 0 and rng.random() < 0.3:
                self._rating(ticket_id, None, window, clerk, ended + timedelta(seconds=30), day)
        for prefix, last in sequences.items():
            self.tables.add(
                "queue_sequence",
                ("service_day", "category_id", "last"),
                (day, self.categories[prefix], last),
            )
        if case_sequence:
            self.tables.add("case_number_counter", ("day", "last_sequence"), (day, case_sequence))
        self._register_day(day)

    def _arrival(self, day: date) -> datetime:
        # Busier mornings: 9:00–11:30 twice as likely as the afternoon.
        if self.rng.random() < 0.6:
            minutes = self.rng.uniform(9 * 60, 11.5 * 60)
        else:
            minutes = self.rng.uniform(13.5 * 60, 16.5 * 60)
        return at(day, minutes)

    # ------------------------------------------------------------ cases

    def _case(
        self,
        day: date,
        sequence: int,
        ticket_id: int,
        issued: datetime,
        called: datetime | None,
        started: datetime,
        decided: datetime,
        window: int,
        clerk: int,
    ) -> int:
        rng = self.rng
        returning = None
        if self.waiting_returns and rng.random() < 0.15:
            returning = self.waiting_returns.pop(rng.randrange(len(self.waiting_returns)))
        if returning is not None:
            draft_id, applicant_id, kind, code, _ = returning
            visits = 2
            roll = rng.random()
            decision = (
                "accepted" if roll < 0.85 else ("accepted_deferred" if roll < 0.95 else "notified")
            )
        else:
            draft_id = self.next_id("intake_draft")
            applicant_id = self.applicant()
            visits = 1
            if rng.random() < 0.1:
                kind, code = "bundle", rng.choice(self.bundles)
            else:
                matter = rng.choice(self.matters)
                kind, code = "matter", matter.code
            on_the_spot = kind == "matter" and self.catalogue.matters[code].on_the_spot
            roll = rng.random()
            if on_the_spot and roll < 0.9:
                decision = "completed_on_the_spot"
            elif roll < 0.62:
                decision = "accepted"
            elif roll < 0.75:
                decision = "accepted_deferred"
            elif roll < 0.96:
                decision = "notified"
            else:
                decision = "refused"
            self.tables.add(
                "intake_draft",
                (
                    "id",
                    "status",
                    "applicant_id",
                    "agent_id",
                    "subject_kind",
                    "subject_code",
                    "catalogue_version_id",
                    "materials",
                    "first_clerk_id",
                    "window_no",
                    "ticket_id",
                    "holder_id",
                    "held_at",
                    "visits",
                    "revision",
                    "service_started_at",
                    "created_at",
                    "updated_at",
                ),
                (
                    draft_id,
                    "decided",
                    applicant_id,
                    None,
                    kind,
                    code,
                    self.version,
                    "{}",
                    clerk,
                    str(window + 1),
                    ticket_id,
                    None,
                    None,
                    1,
                    1,
                    started,
                    started,
                    decided,
                ),
            )
        checklist = self.checklists[code]
        lines = checklist.lines
        exempt = {
            i for i, line in enumerate(lines) if line.material.elicence_type and rng.random() < 0.6
        }
        deferred: set[int] = set()
        missing: set[int] = set()
        if decision == "accepted_deferred":
            deferred = {rng.randrange(len(lines))} - exempt or {
                max(set(range(len(lines))) - exempt, default=0)
            }
        elif decision == "notified":
            missing = (
                set(rng.sample(range(len(lines)), min(len(lines), rng.choice((1, 1, 2))))) - exempt
            )
        refused = decision == "refused"
        received = 0 if refused else len(lines) - len(exempt) - len(deferred) - len(missing)
        case_id = self.next_id("case")
        number = case_number(day, sequence)
        name = (
            self.catalogue.matters[code].name
            if kind == "matter"
            else self.catalogue.bundles[code].name
        )
        promised = (
            day + timedelta(days=7)
            if decision in ("accepted", "accepted_deferred")
            else (day if decision == "completed_on_the_spot" else None)
        )
        completed = decided if decision == "completed_on_the_spot" else None
        corrections = []
        for position, line in enumerate(lines):
            state = "received"
            due = brought = None
            if position in exempt:
                state = "exempt"
            elif position in deferred:
                state = "deferred"
                due = day + timedelta(days=7)
                roll = rng.random()
                if roll < 0.8:
                    brought = at(
                        day + timedelta(days=rng.randint(1, 6)), rng.uniform(9 * 60, 16 * 60)
                    )
                elif roll < 0.9:
                    brought = at(
                        day + timedelta(days=rng.randint(8, 14)), rng.uniform(9 * 60, 16 * 60)
                    )
                if brought is not None and brought > self.now:
                    brought = None
                if brought is not None:
                    corrections.append(brought)
            elif position in missing:
                state = "missing"
            if refused:
                continue
            self.tables.add(
                "case_material",
                (
                    "id",
                    "case_id",
                    "position",
                    "code",
                    "name",
                    "necessity",
                    "state",
                    "form_received",
                    "copies",
                    "elicence_type",
                    "elicence_number",
                    "correction_due",
                    "received_later_at",
                    "received_later_by",
                ),
                (
                    self.next_id("case_material"),
                    case_id,
                    position,
                    line.material.code,
                    line.material.name,
                    line.material.necessity.value,
                    state,
                    "" if state != "received" else "original",
                    1 if state == "received" else 0,
                    line.material.elicence_type or "" if state == "exempt" else "",
                    "",
                    due,
                    brought,
                    clerk if brought else None,
                ),
            )
        if corrections and len(corrections) == len(deferred):
            completed = max(corrections)
        visits += len(corrections)
        category = rng.choice(("out_of_scope", "conditions_not_met")) if refused else ""
        self.tables.add(
            "case",
            (
                "id",
                "number",
                "decision_key",
                "draft_id",
                "decision",
                "applicant_id",
                "agent_id",
                "subject_kind",
                "subject_code",
                "subject_name",
                "department",
                "catalogue_version_id",
                "clerk_id",
                "first_clerk_id",
                "window_no",
                "ticket_id",
                "ticket_issued_at",
                "ticket_called_at",
                "service_started_at",
                "decided_at",
                "promised_date",
                "promised_estimated",
                "completed_at",
                "materials_asked",
                "materials_received",
                "materials_exempt",
                "materials_deferred",
                "materials_missing",
                "visits",
                "refusal_category",
                "reason",
                "legal_basis",
            ),
            (
                case_id,
                number,
                f"bench-{case_id}",
                draft_id,
                decision,
                applicant_id,
                None,
                kind,
                code,
                name,
                "",
                self.version,
                clerk,
                clerk,
                str(window + 1),
                ticket_id,
                issued,
                called,
                started,
                decided,
                promised,
                False,
                completed,
                len(lines),
                received,
                len(exempt),
                len(deferred),
                len(missing),
                visits,
                category,
                "不属于本大厅受理范围" if refused else "",
                "《行政许可法》第三十二条" if refused else "",
            ),
        )
        self.counts["cases"] += 1
        if decision == "notified":
            if self.rng.random() < 0.8:
                self.waiting_returns.append((draft_id, applicant_id, kind, code, day))
            self._entry(
                decided, window, clerk, "notification", "材料不齐全", code, name, draft_id, case_id
            )
        elif refused:
            self._entry(
                decided,
                window,
                clerk,
                "refusal",
                "不属于本机关职权范围",
                code,
                name,
                draft_id,
                case_id,
            )
        return case_id

    # ------------------------------------------------------------ ratings

    def _rating(
        self,
        ticket_id: int,
        case_id: int | None,
        window: int,
        clerk: int,
        when: datetime,
        day: date,
    ) -> None:
        if when > self.now:
            return
        level = self.rng.choices([lv for lv, _ in LEVELS], [w for _, w in LEVELS])[0]
        rating_id = self.next_id("rating")
        self.tables.add(
            "rating",
            (
                "id",
                "ticket_id",
                "case_id",
                "clerk_id",
                "window_no",
                "matter_code",
                "matter_name",
                "level",
                "reasons",
                "comment",
                "channel",
                "rated_at",
            ),
            (
                rating_id,
                ticket_id,
                case_id,
                clerk,
                str(window + 1),
                "",
                "综合受理",
                level,
                "[]",
                "",
                "evaluator",
                when,
            ),
        )
        self.counts["ratings"] += 1
        if level in ("dissatisfied", "very_dissatisfied"):
            due = day + timedelta(days=21)
            closed = at(day + timedelta(days=self.rng.randint(2, 25)), 10 * 60)
            state = "closed" if closed <= self.now else "open"
            self.tables.add(
                "rating_follow_up",
                (
                    "id",
                    "rating_id",
                    "opened_at",
                    "due_date",
                    "due_estimated",
                    "state",
                    "result",
                    "closed_at",
                    "closed_by",
                ),
                (
                    self.next_id("rating_follow_up"),
                    rating_id,
                    when,
                    due,
                    False,
                    state,
                    "已回访并整改" if state == "closed" else "",
                    closed if state == "closed" else None,
                    self.staff.manager if state == "closed" else None,
                ),
            )

    # ------------------------------------------------------------ the register

    def _entry(
        self,
        when: datetime,
        window: int,
        clerk: int,
        kind: str,
        category: str,
        code: str,
        name: str,
        draft_id: int,
        case_id: int,
    ) -> None:
        self.entries.append(
            RefusalEntry(
                filed_at=when,
                window_no=str(window + 1),
                clerk_id=clerk,
                clerk_name=f"窗口人员{window + 1:02d}",
                clerk_staff_no=f"C{window + 1:04d}",
                kind=kind,
                category=category,
                reason="材料不齐全" if kind == "notification" else "不属于本大厅受理范围",
                legal_basis="《中华人民共和国行政许可法》第三十二条",
                facts="",
                applicant_name="申请人",
                applicant_id_no="",
                applicant_phone="",
                applicant_address="",
                matter_code=code,
                matter_name=name,
                missing_materials="[]",
                ticket_no="",
                draft_id=draft_id,
                case_id=case_id,
            )
        )

    def _register_day(self, day: date) -> None:
        """Chain the day's entries in filing order, and the manager's next-day reviews."""
        self.entries.sort(key=lambda e: e.filed_at)
        for entry in self.entries:
            last_id, last_hash = self.heads["entries"]
            entry.id = last_id + 1
            entry.prev_hash = last_hash
            entry.hash = link_hash(ENTRY_TAG, payload_of(entry, ENTRY_CHAIN_COLUMNS))
            entry.seal = seal(REGISTER_KEY, entry.hash)
            self.heads["entries"] = (entry.id, entry.hash)
            self.tables.add(
                "refusal_entry",
                (*ENTRY_CHAIN_COLUMNS, "hash", "seal"),
                _values(entry, ENTRY_CHAIN_COLUMNS),
            )
            self.counts["entries"] += 1
            review_at = entry.filed_at + timedelta(days=1)
            if review_at <= self.now and self.rng.random() < 0.9:
                verdict = "agree" if self.rng.random() < 0.93 else "disagree"
                self._review(entry.id, review_at, verdict, 0)
                if verdict == "disagree" and self.rng.random() < 0.7:
                    self._review(entry.id, review_at + timedelta(hours=3), "follow_up", 1)
        self.entries.clear()

    def _review(self, entry_id: int, when: datetime, kind: str, resolved: int) -> None:
        last_id, last_hash = self.heads["reviews"]
        review = RefusalReview(
            id=last_id + 1,
            entry_id=entry_id,
            recorded_at=when,
            kind=kind,
            manager_id=self.staff.manager,
            manager_name="王丽华",
            comment="",
            resolved=resolved,
            prev_hash=last_hash,
        )
        review.hash = link_hash(REVIEW_TAG, payload_of(review, REVIEW_CHAIN_COLUMNS))
        review.seal = seal(REGISTER_KEY, review.hash)
        self.heads["reviews"] = (review.id, review.hash)
        self.tables.add(
            "refusal_review",
            (*REVIEW_CHAIN_COLUMNS, "hash", "seal"),
            _values(review, REVIEW_CHAIN_COLUMNS),
        )

    def head_rows(self) -> list[tuple[str, int, str, str]]:
        return [
            (name, last_id, last_hash, head_seal(REGISTER_KEY, name, last_id, last_hash))
            for name, (last_id, last_hash) in self.heads.items()
        ]


def _values(row: RefusalEntry | RefusalReview, columns: Iterable[str]) -> tuple[Any, ...]:
    return (*(getattr(row, c) for c in columns), row.hash, row.seal)


def make(
    url: str, scale: float = 1.0, seed: int = 1, days: int = 250, out: Any = sys.stdout
) -> dict[str, int]:
    """Build the hall's year at ``url`` (replacing what is there); return what was written."""
    started = clock.perf_counter()
    db = fresh_database(url)
    now = datetime.now(UTC)
    year = Year(db, scale, seed, now)
    db.dispose()
    sink = Sink(url)
    today = now.astimezone(HALL_TZ).date()
    for n, day in enumerate(_working_days(today, days), start=1):
        year.day(day)
        if year.tables.size() > 400_000:
            sink.write(year.tables)
        if n % 50 == 0:
            print(
                f"  {n}/{days} days, {year.counts['tickets']:,} tickets, "
                f"{year.counts['cases']:,} cases ({clock.perf_counter() - started:.0f} s)",
                file=out,
                flush=True,
            )
    sink.write(year.tables)
    sink.finish(year.head_rows())
    year.counts["seconds"] = round(clock.perf_counter() - started)
    return year.counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="SQLAlchemy URL (replaced!)")
    parser.add_argument(
        "--scale", type=float, default=1.0, help="fraction of a full hall's tickets per day"
    )
    parser.add_argument("--days", type=int, default=250, help="working days (250 ≈ one year)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    counts = make(args.database, args.scale, args.seed, args.days)
    print(", ".join(f"{k} {v:,}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
