"""`python -m clerk` does what the `clerk` command does."""

from clerk.cli import main

raise SystemExit(main())
