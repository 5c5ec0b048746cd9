"""stats: today's queue writes no longer run the stale-day triggers on PostgreSQL

Revision ID: 0010_stats_today
Revises: 0007_stats

Today is never summarised, so a ticket or call of today marks nothing; yet the row
triggers of 0007_stats ran a plpgsql function for every call, recall and finish just to
find that out, while 60 windows call at once. The triggers on ``queue_ticket`` and
``queue_call`` now carry a ``WHEN`` condition, checked by the server without entering
plpgsql, and fire only for a row of a day before the marking limit (the same limit the
function applies, so what is marked does not change for tickets).

A call's day is its ticket's service day, which a ``WHEN`` cannot look up; it uses the
call's own time instead. A ticket is only ever called on or after its service day, so a
call dated before the limit still fires. The one case it skips, a call made today to a
ticket of an earlier day (a recall of a ticket left called overnight), updates that
ticket in the same transaction, and the ticket's trigger marks the day.

SQLite keeps its unconditional triggers: one workstation, one writer, nothing to queue
behind.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010_stats_today"
down_revision: str | Sequence[str] | None = "0007_stats"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As 0007_stats.MARKED_BEFORE on PostgreSQL.
LIMIT = "((now() + interval '1 hour') AT TIME ZONE 'Asia/Shanghai')::date"
DAY = {
    "queue_ticket": "{r}.service_day",
    "queue_call": "({r}.called_at AT TIME ZONE 'Asia/Shanghai')::date",
}


def _before_limit(table: str, row: str) -> str:
    return f"{DAY[table].format(r=row)} < {LIMIT}"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in DAY:
        op.execute(f"DROP TRIGGER stats_stale ON {table}")
        for action, when in (
            ("INSERT", _before_limit(table, "NEW")),
            ("UPDATE", f"{_before_limit(table, 'OLD')} OR {_before_limit(table, 'NEW')}"),
            ("DELETE", _before_limit(table, "OLD")),
        ):
            op.execute(
                f"CREATE TRIGGER stats_stale_{action.lower()} AFTER {action} ON {table} "
                f"FOR EACH ROW WHEN ({when}) EXECUTE FUNCTION stats_stale_{table}()"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in DAY:
        for action in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER stats_stale_{action} ON {table}")
        op.execute(
            f"CREATE TRIGGER stats_stale AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION stats_stale_{table}()"
        )
