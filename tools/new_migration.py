"""Write a new Alembic revision by comparing the models with a scratch database.

Usage: python tools/new_migration.py "what changed" [--rev-id 0002_x] [--head REV]
The scratch SQLite database is migrated to the current heads first, so the
revision holds only what the models add.
"""

import argparse
import tempfile
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from clerk.storage import migrations

parser = argparse.ArgumentParser()
parser.add_argument("message")
parser.add_argument("--rev-id", required=True)
parser.add_argument("--head", default="heads", help="revision(s) the new one follows")
parser.add_argument("--depends-on", default=None)
args = parser.parse_args()

with tempfile.TemporaryDirectory() as tmp:
    engine = create_engine(f"sqlite:///{Path(tmp) / 'scratch.sqlite3'}")
    migrations.upgrade(engine)
    command.revision(
        migrations.config(engine),
        message=args.message,
        autogenerate=True,
        rev_id=args.rev_id,
        head=args.head,
        depends_on=args.depends_on,
    )
