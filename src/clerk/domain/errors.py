"""Errors a clerk can read: the message is Chinese and safe to show, the detail goes to the log."""

from __future__ import annotations


class ClerkError(Exception):
    """A failure the person at the console must be told about.

    ``message`` is shown as it is (Simplified Chinese, no personal data in clear);
    ``detail`` is for the log and may hold technical text.
    """

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail

    def __str__(self) -> str:
        return self.message


class PermissionDenied(ClerkError):
    """The signed-in account's role does not allow the action."""


class NotFound(ClerkError):
    """A record the action needs does not exist."""


class Conflict(ClerkError):
    """The action clashes with the current state (someone else has it, already decided …)."""


class DatabaseUnavailable(ClerkError):
    """The database cannot be reached, is locked, corrupt, or of another version."""
