"""Alembic environment: runs on the engine clerk hands over, online only."""

from typing import Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext

from clerk.storage.models import Base
from clerk.storage.models.base import UTCDateTime


def render_item(type_: str, obj: object, autogen_context: AutogenContext) -> str | Literal[False]:
    """Migrations spell our UTC timestamp as the plain column type it stores."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


engine = context.config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_item=render_item,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
