"""A hall database's roles (PostgreSQL): an owner that keeps the schema, a hall role for workstations.

Workstations connect as the **hall role**: it owns nothing, so it cannot ALTER, DISABLE
or DROP a trigger, ALTER or DROP a table, nor change who may do what. Its grants are the
statements the console runs, table by table (``TABLE_GRANTS``). The audit tables (the
refusal register, its chain heads, the print log, the call log, the schema version) get
no UPDATE, DELETE or TRUNCATE; the one UPDATE the register needs, moving a chain head
on, is granted on the head's three moving columns only and checked by the head's
trigger (migration ``0011_refusals_replace``).

The **owner** role owns every table, sequence and function; only ``clerk db upgrade``
uses it. ``clerk db setup-roles`` (``setup_roles``, run once by IT with an administrator
account) creates the hall role, hands every object to the owner and grants. ``clerk db
upgrade`` re-applies the grants to every hall role after migrating (``apply_grants``):
a new table gets exactly what ``TABLE_GRANTS`` says and nothing by default, and a table
missing there gets nothing at all (a test keeps the map complete).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import Connection, text

from clerk.domain.errors import ClerkError

HALL_ROLE = "clerk_hall"
OWNER_ROLE = "clerk_owner"
SCHEMA = "public"

READ = ("SELECT",)
APPEND = ("SELECT", "INSERT")
WRITE = ("SELECT", "INSERT", "UPDATE")
EVERYTHING = ("SELECT", "INSERT", "UPDATE", "DELETE")

# What the console does to each table (services, the GUI's pages, the CLI as a clerk,
# the triggers that run as the connected role). Worked out from the services' statements
# and checked by recording every statement of the PostgreSQL test suite (docs/security.md).
TABLE_GRANTS: dict[str, tuple[str, ...]] = {
    # foundation: accounts (sign-in counts failures, admins manage), the catalogue
    # (imports add versions, drafts of a version are edited and replaced)
    "account": WRITE,
    "catalogue_version": WRITE,
    "matter": EVERYTHING,
    "material": EVERYTHING,
    "bundle": EVERYTHING,
    "bundle_matter": EVERYTHING,
    # documents: the print log
    "print_job": APPEND,
    # scanning: pages are retaken and removed before a decision
    "scanned_page": EVERYTHING,
    "reference_image": EVERYTHING,
    # intake
    "applicant": WRITE,
    "intake_draft": WRITE,
    "case_number_counter": WRITE,
    "case": WRITE,
    "case_material": EVERYTHING,
    "case_document": EVERYTHING,
    "elicence": WRITE,
    # queue: windows and their categories are set up from the console; calls are a log
    "queue_category": WRITE,
    "queue_window": WRITE,
    "queue_window_category": EVERYTHING,
    "queue_appointment": WRITE,
    "queue_sequence": WRITE,
    "queue_ticket": WRITE,
    "queue_call": APPEND,
    # ratings
    "rating": WRITE,
    "rating_follow_up": WRITE,
    # the refusal register: append-only; the head moves on (column grants below)
    "refusal_entry": APPEND,
    "refusal_review": APPEND,
    "refusal_chain_head": READ,
    # statistics: derived data, rebuilt by whoever asks first
    "stats_day": EVERYTHING,
    "stats_stale": EVERYTHING,
    "stats_ticket_day": EVERYTHING,
    "stats_ticket_hour": EVERYTHING,
    "stats_case_day": EVERYTHING,
    "stats_correction_day": EVERYTHING,
    "stats_rating_day": EVERYTHING,
    "stats_refusal_day": EVERYTHING,
    # Alembic: the console reads where the schema stands, never moves it
    "alembic_version": READ,
}
# Column-level UPDATE: appending moves a chain head on (``_append`` in services.refusals);
# its name never changes, and the trigger lets it move one step along the chain only.
COLUMN_UPDATES: dict[str, tuple[str, ...]] = {
    "refusal_chain_head": ("last_id", "last_hash", "seal"),
}
# No UPDATE, DELETE or TRUNCATE for the hall role, ever (a test holds TABLE_GRANTS to it).
AUDIT_TABLES = frozenset(
    {
        "refusal_entry",
        "refusal_review",
        "refusal_chain_head",
        "print_job",
        "queue_call",
        "alembic_version",
    }
)

_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def check_role_name(name: str) -> str:
    """A role name clerk writes into SQL: lower-case letters, digits and ``_`` only."""
    if not _NAME.fullmatch(name):
        raise ClerkError(
            f"数据库角色名“{name}”无效：只能用小写字母、数字和下划线，且不以数字开头。",
            f"role name {name!r} rejected",
        )
    return name


def _ident(name: str) -> str:
    return f'"{check_role_name(name)}"'


def _table(name: str) -> str:
    return f'{SCHEMA}."{name}"'


def _tables(conn: Connection) -> list[str]:
    return list(
        conn.scalars(
            text(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = :schema AND c.relkind IN ('r', 'p') ORDER BY c.relname"
            ),
            {"schema": SCHEMA},
        )
    )


def grant_statements(role: str, tables: list[str]) -> list[str]:
    """Everything the hall role ``role`` may do on ``tables``, from nothing."""
    who = _ident(role)
    statements = [
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {SCHEMA} FROM {who}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {SCHEMA} FROM {who}",
        f"REVOKE CREATE ON SCHEMA {SCHEMA} FROM PUBLIC",
        f"REVOKE CREATE ON SCHEMA {SCHEMA} FROM {who}",
        f"GRANT USAGE ON SCHEMA {SCHEMA} TO {who}",
    ]
    for table in tables:
        privileges = TABLE_GRANTS.get(table, ())
        if privileges:
            statements.append(f"GRANT {', '.join(privileges)} ON {_table(table)} TO {who}")
        columns = COLUMN_UPDATES.get(table)
        if columns:
            listed = ", ".join(f'"{c}"' for c in columns)
            statements.append(f"GRANT UPDATE ({listed}) ON {_table(table)} TO {who}")
    # nextval for the tables' serial ids; not UPDATE (setval) nor SELECT.
    statements.append(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {SCHEMA} TO {who}")
    return statements


def apply_grants(conn: Connection, role: str) -> None:
    """Give ``role`` exactly the hall role's grants on the tables there are now."""
    for statement in grant_statements(role, _tables(conn)):
        conn.exec_driver_sql(statement)


def hall_roles(conn: Connection) -> list[str]:
    """The hall roles set up on this database: the roles, other than a table's owner, that
    hold a privilege on one of the schema's tables. Empty before ``setup-roles``."""
    return list(
        conn.scalars(
            text(
                "SELECT DISTINCT pg_get_userbyid(a.grantee) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace, aclexplode(c.relacl) a "
                "WHERE n.nspname = :schema AND c.relkind IN ('r', 'p') "
                "AND a.grantee <> c.relowner AND a.grantee <> 0 ORDER BY 1"
            ),
            {"schema": SCHEMA},
        )
    )


def schema_owner(conn: Connection) -> str | None:
    """The role that owns the register's table (and so, after setup-roles, every table)."""
    return conn.scalar(
        text(
            "SELECT pg_get_userbyid(relowner) FROM pg_class "
            "WHERE oid = to_regclass('public.refusal_entry')"
        )
    )


def may_change_schema(conn: Connection) -> bool:
    """Whether the connected role may migrate: a superuser, or the tables' owner (or a
    member of it). True on an empty database: CREATE on the schema decides there."""
    owner = schema_owner(conn)
    if owner is None:
        return True
    return bool(
        conn.scalar(
            text(
                "SELECT rolsuper OR pg_has_role(current_user, :owner, 'USAGE') "
                "FROM pg_roles WHERE rolname = current_user"
            ),
            {"owner": owner},
        )
    )


@dataclass
class RolesReport:
    """What ``setup_roles`` did, for IT to read."""

    owner: str
    hall: str
    created: list[str] = field(default_factory=list)
    handed_over: int = 0
    revoked_memberships: list[str] = field(default_factory=list)


def _role_exists(conn: Connection, name: str) -> bool:
    return bool(conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}))


def _verifier(conn: Connection, role: str, password: str) -> str:
    """The password as a SCRAM verifier, computed here: the clear text never reaches the
    server (nor its statement log)."""
    raw = conn.connection.dbapi_connection
    pgconn = raw.pgconn  # type: ignore[union-attr]
    verifier: bytes = pgconn.encrypt_password(
        password.encode("utf-8"), role.encode("utf-8"), b"scram-sha-256"
    )
    return verifier.decode("ascii").replace("'", "''")


def _login_role(conn: Connection, role: str, password: str | None, report: RolesReport) -> None:
    who = _ident(role)
    if not _role_exists(conn, role):
        conn.exec_driver_sql(f"CREATE ROLE {who} LOGIN")
        report.created.append(role)
    if password:
        conn.exec_driver_sql(f"ALTER ROLE {who} PASSWORD '{_verifier(conn, role, password)}'")


def setup_roles(
    conn: Connection,
    *,
    owner: str,
    hall: str,
    owner_password: str | None = None,
    hall_password: str | None = None,
) -> RolesReport:
    """Create or repair the owner and the hall role of the connected database; idempotent.

    Run as an administrator (a superuser, or a role with CREATEROLE that owns the
    objects). The owner gets every table, sequence, view and function of the schema and
    CREATE on it; the hall role gets LOGIN, no special attribute, no membership in any
    role (a member could SET ROLE to the owner), and the grants of ``grant_statements``.
    """
    check_role_name(owner)
    check_role_name(hall)
    if owner == hall:
        raise ClerkError("所有者角色与大厅角色不能相同。", f"owner and hall role both {owner}")
    report = RolesReport(owner, hall)
    _login_role(conn, owner, owner_password, report)
    _login_role(conn, hall, hall_password, report)
    conn.exec_driver_sql(
        f"ALTER ROLE {_ident(hall)} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION "
        "NOBYPASSRLS LOGIN"
    )
    for group in conn.scalars(
        text(
            "SELECT pg_get_userbyid(m.roleid) FROM pg_auth_members m "
            "JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = :hall ORDER BY 1"
        ),
        {"hall": hall},
    ):
        conn.exec_driver_sql(f"REVOKE {_ident(group)} FROM {_ident(hall)}")
        report.revoked_memberships.append(group)
    database = conn.scalar(text("SELECT current_database()"))
    quoted_db = '"' + str(database).replace('"', '""') + '"'
    if (
        conn.scalar(
            text(
                "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"
            )
        )
        == hall
    ):
        conn.exec_driver_sql(f"ALTER DATABASE {quoted_db} OWNER TO {_ident(owner)}")
    conn.exec_driver_sql(f"GRANT CONNECT, TEMPORARY ON DATABASE {quoted_db} TO {_ident(hall)}")
    conn.exec_driver_sql(f"GRANT USAGE, CREATE ON SCHEMA {SCHEMA} TO {_ident(owner)}")
    report.handed_over = _hand_over(conn, owner)
    apply_grants(conn, hall)
    return report


_OBJECTS = {
    # relkind -> ALTER … OWNER TO keyword
    "r": "TABLE",
    "p": "TABLE",
    "v": "VIEW",
    "m": "MATERIALIZED VIEW",
    "S": "SEQUENCE",
}


def _hand_over(conn: Connection, owner: str) -> int:
    """Make ``owner`` the owner of every table, sequence, view and function of the schema."""
    moved = 0
    relations = conn.execute(
        text(
            "SELECT c.relname, c.relkind FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = :schema AND c.relkind IN ('r', 'p', 'v', 'm', 'S') "
            "AND pg_get_userbyid(c.relowner) <> :owner "
            # a serial's sequence follows its table
            "AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d "
            "WHERE d.objid = c.oid AND d.deptype IN ('a', 'i') AND d.refobjsubid > 0)) "
            "ORDER BY c.relkind DESC, c.relname"
        ),
        {"schema": SCHEMA, "owner": owner},
    ).all()
    for name, kind in relations:
        conn.exec_driver_sql(f"ALTER {_OBJECTS[kind]} {_table(name)} OWNER TO {_ident(owner)}")
        moved += 1
    functions = conn.scalars(
        text(
            "SELECT p.oid::regprocedure::text FROM pg_proc p "
            "JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = :schema AND pg_get_userbyid(p.proowner) <> :owner"
        ),
        {"schema": SCHEMA, "owner": owner},
    ).all()
    for signature in functions:
        conn.exec_driver_sql(f"ALTER FUNCTION {signature} OWNER TO {_ident(owner)}")
        moved += 1
    return moved
