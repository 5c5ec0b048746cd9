"""queue: call-next in one statement on PostgreSQL, and the indexes it reads in order

Revision ID: 0009_queue_calling
Revises: 0008_ratings

``queue_window_for_call(number)`` locks the window's row and only then looks for a
ticket still called or served there. A plpgsql function is VOLATILE: each query in it
takes a new snapshot, so the look happens after the lock is held and a second call at
the same window (a double click) sees the first one's ticket. Inside a single SQL
statement the snapshot is taken before the lock, and the second call would not see it.
It also returns the window's categories in order of preference.

It makes the call's commit asynchronous (``synchronous_commit = off`` for this
transaction only): PostgreSQL takes one lock for the whole database while a
transaction that NOTIFYs commits, so with the commit waiting for the disk every window
calling at once queued behind the others' disk flushes (about 0.4 ms each here). A
call is still all or nothing; a server crash within a fraction of a second of a call
can undo it (the ticket waits again, and the clerk calls again).

Indexes, all partial (only the tickets they are about, so they stay small on a busy
day), each read in order so call-next stops at the first ticket it can lock:
``ix_queue_ticket_waiting`` (day, category, issue time) for a category's longest wait;
``ix_queue_ticket_waiting_since`` (day, issue time) for the overdue tickets of all the
window's categories; ``ix_queue_ticket_first`` for the few that go first (transferred to
a window, priority channel, appointments); ``ix_queue_ticket_active`` for "is this window
busy?" without reading the window's whole history.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_queue_calling"
down_revision: str | Sequence[str] | None = "0008_ratings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIVE_SQL = "state IN ('called', 'serving')"
WAITING_SQL = "state IN ('waiting', 'transferred')"
FIRST_SQL = (
    f"{WAITING_SQL} AND (target_window_id IS NOT NULL OR priority_reason IS NOT NULL"
    " OR due_at IS NOT NULL)"
)
INDEXES = (
    ("ix_queue_ticket_waiting", ["service_day", "category_id", "issued_at", "id"], WAITING_SQL),
    ("ix_queue_ticket_waiting_since", ["service_day", "issued_at", "id"], WAITING_SQL),
    ("ix_queue_ticket_first", ["service_day", "issued_at", "id"], FIRST_SQL),
    ("ix_queue_ticket_active", ["window_id"], ACTIVE_SQL),
)

WINDOW_FOR_CALL = """
CREATE FUNCTION queue_window_for_call(p_number text)
RETURNS TABLE (window_id integer, window_number varchar, window_state varchar,
               busy_number varchar, categories integer[])
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    w queue_window%ROWTYPE;
BEGIN
    SELECT * INTO w FROM queue_window
    WHERE queue_window.number = p_number AND queue_window.active
    FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    PERFORM set_config('synchronous_commit', 'off', true);
    RETURN QUERY SELECT w.id, w.number, w.state,
        (SELECT t.number FROM queue_ticket t
         WHERE t.window_id = w.id AND t.state IN ('called', 'serving') LIMIT 1),
        ARRAY(SELECT c.category_id FROM queue_window_category c
              WHERE c.window_id = w.id ORDER BY c.position);
END;
$$
"""


def upgrade() -> None:
    with op.batch_alter_table("queue_ticket", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_queue_ticket_waiting",
            sqlite_where=sa.text(WAITING_SQL),
            postgresql_where=sa.text(WAITING_SQL),
        )
        for name, columns, where in INDEXES:
            batch_op.create_index(
                name, columns, sqlite_where=sa.text(where), postgresql_where=sa.text(where)
            )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(WINDOW_FOR_CALL)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION queue_window_for_call(text)")
    with op.batch_alter_table("queue_ticket", schema=None) as batch_op:
        for name, _, where in INDEXES:
            batch_op.drop_index(name, sqlite_where=sa.text(where), postgresql_where=sa.text(where))
        batch_op.create_index(
            "ix_queue_ticket_waiting",
            ["category_id", "issued_at"],
            sqlite_where=sa.text(WAITING_SQL),
            postgresql_where=sa.text(WAITING_SQL),
        )
