"""The PostgreSQL test fixture: a test that leaves a connection checked out fails itself.

Otherwise the connection would be garbage-collected, still open, during some later test,
and its ResourceWarning would fail that unrelated test instead.
"""

import pytest

from tests.support import databases
from tests.support.databases import PostgresTemplate, pg_unavailable


def test_a_connection_left_checked_out_fails_the_test_that_took_it(
    postgres_template: PostgresTemplate | str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if isinstance(postgres_template, str):
        pg_unavailable(postgres_template)
        return
    monkeypatch.setattr(databases, "CHECKIN_WAIT_SECONDS", 0.1)  # it never comes back
    db = postgres_template.database()
    conn = db.engine.connect()
    leak = r"1 connection\(s\) to clerk_test_\w+ still checked out"
    where = r"tests/foundation/test_pg_fixture\.py:\d+ test_a_connection_left_checked_out"
    with pytest.raises(pytest.fail.Exception, match=rf"(?s){leak}.*in thread MainThread.*{where}"):
        postgres_template.drop(db)
    # Closed, so its garbage collection warns no later test either.
    assert conn.connection.dbapi_connection.closed
    conn.invalidate()
    conn.close()
