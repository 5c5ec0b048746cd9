"""The refusal register (否定备案): filing, reviewing, reading, exporting and verifying it."""

from clerk.services.refusals.exports import export_xlsx, register_pdf
from clerk.services.refusals.filing import (
    RefusalFiling,
    file_refusal,
    file_unserved,
    hall_key,
    payload_of,
    record_follow_up,
    register_key_name,
    review,
    review_state,
    set_hall_key,
)
from clerk.services.refusals.integrity import Verification, verify_register
from clerk.services.refusals.register import (
    Choices,
    Counts,
    EntryRow,
    RegisterFilter,
    ReviewRow,
    entry_detail,
    list_entries,
    register_choices,
    register_counts,
)

__all__ = [
    "Choices",
    "Counts",
    "EntryRow",
    "RefusalFiling",
    "RegisterFilter",
    "ReviewRow",
    "Verification",
    "entry_detail",
    "export_xlsx",
    "file_refusal",
    "file_unserved",
    "hall_key",
    "list_entries",
    "payload_of",
    "record_follow_up",
    "register_choices",
    "register_counts",
    "register_key_name",
    "register_pdf",
    "review",
    "review_state",
    "set_hall_key",
    "verify_register",
]
