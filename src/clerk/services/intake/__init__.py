"""Intake at the window: applicants, drafts held by one clerk, the four decisions, cases,
corrections (补正) and e-licences (电子证照).

A service starts a draft (from a called ticket or a walk-in, ``serve_ticket``). The
clerk's changes are saved as they work (``save_draft``), so a crash loses nothing and
``my_open_drafts`` offers the draft again. A decision (``accept``, ``defer``,
``notify_missing``, ``refuse``, or ``decide_and_finish`` at the window) is one
transaction, repeated safely with the same key.

Other capabilities, the gui, the cli, tools, bench and tests use only these names.
"""

from clerk.domain.intake import ApplicantInput
from clerk.services.intake.applicants import find_applicant
from clerk.services.intake.cases import draft_of_case, search_cases
from clerk.services.intake.catalogues import catalogue_for
from clerk.services.intake.corrections import (
    CaseDue,
    CorrectionDue,
    cases_due,
    corrections_due,
    find_for_correction,
    pending_materials,
    receive_all_deferred,
    receive_correction,
)
from clerk.services.intake.decisions import accept, defer, notify_missing, refuse
from clerk.services.intake.drafts import (
    HOLD_LEASE,
    abandon_draft,
    assessment,
    get_draft,
    my_open_drafts,
    notified_drafts,
    open_draft,
    release_draft,
    save_draft,
    waiting_drafts,
)
from clerk.services.intake.elicence import (
    ELicenceProvider,
    ELicenceRecord,
    TableELicenceProvider,
    exempt_entry,
    import_elicences,
)
from clerk.services.intake.serving import (
    ScannedCase,
    Served,
    decide_and_finish,
    open_scanned_case,
    serve_ticket,
)
from clerk.services.intake.views import (
    ApplicantView,
    CaseSummary,
    DecisionOutcome,
    DraftChanges,
    DraftView,
    Printer,
    RecordedDocument,
    RefusalInput,
)

__all__ = [
    "HOLD_LEASE",
    "ApplicantInput",
    "ApplicantView",
    "CaseDue",
    "CaseSummary",
    "CorrectionDue",
    "DecisionOutcome",
    "DraftChanges",
    "DraftView",
    "ELicenceProvider",
    "ELicenceRecord",
    "Printer",
    "RecordedDocument",
    "RefusalInput",
    "ScannedCase",
    "Served",
    "TableELicenceProvider",
    "abandon_draft",
    "accept",
    "assessment",
    "cases_due",
    "catalogue_for",
    "corrections_due",
    "decide_and_finish",
    "defer",
    "draft_of_case",
    "exempt_entry",
    "find_applicant",
    "find_for_correction",
    "get_draft",
    "import_elicences",
    "my_open_drafts",
    "notified_drafts",
    "notify_missing",
    "open_draft",
    "open_scanned_case",
    "pending_materials",
    "receive_all_deferred",
    "receive_correction",
    "refuse",
    "release_draft",
    "save_draft",
    "search_cases",
    "serve_ticket",
    "waiting_drafts",
]
