"""stats: per-day summaries of the hall statistics, kept fresh by triggers

Revision ID: 0007_stats
Revises: 0005_refusals

On 0005_refusals rather than 0001_foundation: Alembic stops with KeyError
'0001_foundation' when a revision on the foundation depends on two other branches, and
the triggers need the refusals' and the ratings' (so the queue's and intake's) tables.

The summary tables are derived data (clerk.storage.models.stats). Triggers on the
tables the statistics read add (day, source) to ``stats_stale`` when a row changes, so
a late event on a summarised day (a correction brought, a follow-up closed, a review,
anything written by any program) makes the next query rebuild that part of the day.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_stats"
down_revision: str | Sequence[str] | None = "0005_refusals"
branch_labels: str | Sequence[str] | None = ("stats",)
depends_on: str | Sequence[str] | None = "0008_ratings"

FINAL = "('accepted', 'accepted_deferred', 'completed_on_the_spot', 'refused')"

# Per table: (source, SELECT of the affected days) with {r} for the row (NEW or OLD)
# and {day(…)} for the hall's date of a timestamp. A case's figures depend on the other
# final cases of its application (their visit days); a ticket's matter on its cases;
# ratings' and entries' matter on their case.
MARKS: dict[str, list[tuple[str, str]]] = {
    "queue_ticket": [("tickets", "SELECT {r}.service_day AS day")],
    "queue_call": [
        ("tickets", "SELECT service_day AS day FROM queue_ticket WHERE id = {r}.ticket_id")
    ],
    "case": [
        ("cases", "SELECT {day({r}.decided_at)} AS day"),
        ("corrections", "SELECT {day({r}.decided_at)} AS day"),
        (
            "cases",
            'SELECT {day(decided_at)} AS day FROM "case" '
            f"WHERE draft_id = {{r}}.draft_id AND decision IN {FINAL}",
        ),
        ("tickets", "SELECT service_day AS day FROM queue_ticket WHERE id = {r}.ticket_id"),
        ("ratings", "SELECT {day(rated_at)} AS day FROM rating WHERE case_id = {r}.id"),
        ("refusals", "SELECT {day(filed_at)} AS day FROM refusal_entry WHERE case_id = {r}.id"),
    ],
    "case_material": [
        (source, 'SELECT {day(decided_at)} AS day FROM "case" WHERE id = {r}.case_id')
        for source in ("cases", "corrections")
    ],
    "rating": [("ratings", "SELECT {day({r}.rated_at)} AS day")],
    "rating_follow_up": [
        ("ratings", "SELECT {day(rated_at)} AS day FROM rating WHERE id = {r}.rating_id")
    ],
    "refusal_entry": [("refusals", "SELECT {day({r}.filed_at)} AS day")],
    "refusal_review": [
        ("refusals", "SELECT {day(filed_at)} AS day FROM refusal_entry WHERE id = {r}.entry_id")
    ],
}
# A window's number is the key of its tickets' history: renumbering one rebuilds them all.
RENUMBER = ("tickets", "SELECT day FROM stats_day")


def _day(dialect: str, moment: str) -> str:
    if dialect == "sqlite":
        return f"date({moment}, '+8 hours')"
    return f"(({moment}) AT TIME ZONE 'Asia/Shanghai')::date"


# Today is never summarised: its writes mark nothing (no row for every write to wait on),
# except in its last hour, so a transaction that commits after midnight marks its day.
# (On PostgreSQL now() is the transaction's start.)
MARKED_BEFORE = {
    "sqlite": "date('now', '+9 hours')",
    "postgresql": "((now() + interval '1 hour') AT TIME ZONE 'Asia/Shanghai')::date",
}


def _mark(dialect: str, source: str, days: str, row: str) -> str:
    query = days.replace("{r}", row)
    while "{day(" in query:
        start = query.index("{day(")
        end = query.index(")}", start)
        query = query[:start] + _day(dialect, query[start + 5 : end]) + query[end + 2 :]
    # No unique key: a writer never waits on another's uncommitted mark (nor deadlocks
    # with it); a mark already committed is not written again.
    return (
        f"INSERT INTO stats_stale (day, source) SELECT DISTINCT x.day, '{source}' "
        f"FROM ({query}) AS x WHERE x.day < {MARKED_BEFORE[dialect]} AND NOT EXISTS "
        f"(SELECT 1 FROM stats_stale m WHERE m.day = x.day AND m.source = '{source}')"
    )


def _keyed(name: str, *columns: sa.Column, index: tuple[str, ...]) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dimension", sa.String(length=8), nullable=False),
        sa.Column("span", sa.String(length=5), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        *columns,
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
    )
    op.create_index(f"ix_{name}", name, list(index))


def _ints(*names: str) -> list[sa.Column]:
    return [sa.Column(n, sa.Integer(), nullable=False) for n in names]


def upgrade() -> None:
    op.create_table(
        "stats_day",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("summarised_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_stats_day")),
    )
    op.create_table(
        "stats_stale",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stats_stale")),
    )
    op.create_index("ix_stats_stale_day", "stats_stale", ["day", "source"])
    by_day = ("dimension", "span", "day", "key")
    _keyed(
        "stats_ticket_day",
        *_ints("tickets", "called", "served", "no_show"),
        sa.Column("wait_sum", sa.Float(), nullable=True),
        sa.Column("wait_max", sa.Float(), nullable=True),
        sa.Column("service_sum", sa.Float(), nullable=True),
        sa.Column("service_n", sa.Integer(), nullable=False),
        sa.Column("waits", sa.LargeBinary(), nullable=False),
        index=by_day,
    )
    _keyed(
        "stats_ticket_hour",
        *_ints("hour", "tickets", "called"),
        sa.Column("wait_sum", sa.Float(), nullable=True),
        index=("dimension", "key", "day"),
    )
    _keyed(
        "stats_case_day",
        *_ints(
            "cases",
            "accepted",
            "accepted_deferred",
            "notified",
            "refused",
            "completed_on_the_spot",
            "accepting_cases",
        ),
        sa.Column("received_sum", sa.Integer(), nullable=True),
        sa.Column("exempt_sum", sa.Integer(), nullable=True),
        sa.Column("final_cases", sa.Integer(), nullable=False),
        sa.Column("visits_sum", sa.Integer(), nullable=True),
        *_ints("one_visit", "bundle_cases", "materials_saved"),
        index=by_day,
    )
    _keyed(
        "stats_correction_day",
        sa.Column("due", sa.Date(), nullable=False),
        *_ints("corrections_due", "corrections_brought", "brought_late", "corrections_outstanding"),
        index=by_day,
    )
    _keyed(
        "stats_rating_day",
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        *_ints("ratings", "rectified", "rectified_on_time", "rectification_open"),
        index=by_day,
    )
    _keyed(
        "stats_refusal_day",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("refusal_entries", sa.Integer(), nullable=False),
        index=by_day,
    )
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_triggers()
    else:
        _sqlite_triggers()


def _sqlite_triggers() -> None:
    for table, marks in MARKS.items():
        for action, rows in (
            ("INSERT", ("NEW",)),
            ("UPDATE", ("OLD", "NEW")),
            ("DELETE", ("OLD",)),
        ):
            body = "; ".join(_mark("sqlite", src, q, r) for r in rows for src, q in marks)
            op.execute(
                f'CREATE TRIGGER stats_{table}_{action.lower()} AFTER {action} ON "{table}" '
                f"BEGIN {body}; END"
            )
    op.execute(
        "CREATE TRIGGER stats_queue_window_number AFTER UPDATE OF number ON queue_window "
        f"BEGIN {_mark('sqlite', *RENUMBER, 'NEW')}; END"
    )


def _postgresql_triggers() -> None:
    for table, marks in MARKS.items():
        old = "; ".join(_mark("postgresql", src, q, "OLD") for src, q in marks)
        new = "; ".join(_mark("postgresql", src, q, "NEW") for src, q in marks)
        op.execute(
            f"CREATE FUNCTION stats_stale_{table}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN IF TG_OP <> 'INSERT' THEN {old}; END IF; "
            f"IF TG_OP <> 'DELETE' THEN {new}; END IF; RETURN NULL; END $$"
        )
        op.execute(
            f'CREATE TRIGGER stats_stale AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
            f"FOR EACH ROW EXECUTE FUNCTION stats_stale_{table}()"
        )
    op.execute(
        "CREATE FUNCTION stats_stale_queue_window() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {_mark('postgresql', *RENUMBER, 'NEW')}; RETURN NULL; END $$"
    )
    op.execute(
        "CREATE TRIGGER stats_stale AFTER UPDATE OF number ON queue_window "
        "FOR EACH ROW EXECUTE FUNCTION stats_stale_queue_window()"
    )


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table in (*MARKS, "queue_window"):
        if postgresql:
            op.execute(f'DROP TRIGGER stats_stale ON "{table}"')
            op.execute(f"DROP FUNCTION stats_stale_{table}()")
        elif table == "queue_window":
            op.execute("DROP TRIGGER stats_queue_window_number")
        else:
            for action in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER stats_{table}_{action}")
    for name in (
        "stats_refusal_day",
        "stats_rating_day",
        "stats_correction_day",
        "stats_case_day",
        "stats_ticket_hour",
        "stats_ticket_day",
        "stats_stale",
        "stats_day",
    ):
        op.drop_table(name)
