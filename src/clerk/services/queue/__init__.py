"""Queue calling (排队叫号) and 好差评: the kiosk, the window's buttons, the hall display,
the 15-minute rule, and the applicant's rating of the service.

- ``setup``: categories, windows and appointments (admin, or the set-up file);
- ``tickets``: the kiosk issues a ticket or checks an appointment in;
- ``window``: the window opens, pauses and closes; the ticket at it now;
- ``calling``: call next, recall, no-show, begin service, finish, transfer;
- ``board`` and ``feed``: the calls the hall display shows, as they happen;
- ``loads``: waiting tickets, expected waits and overdue alerts;
- ``ratings``: rate a finished service; a poor rating opens a follow-up.
"""

from clerk.domain.queue import TicketInfo
from clerk.services.queue.board import CallInfo, recent_calls
from clerk.services.queue.calling import (
    RecallResult,
    begin_service,
    begin_service_in,
    call_next,
    finish,
    mark_no_show,
    recall,
    transfer,
)
from clerk.services.queue.feed import CallFeed, ListeningFeed, PollingFeed, open_call_feed
from clerk.services.queue.hall import load_rules
from clerk.services.queue.loads import (
    CategoryLoad,
    WaitingTicket,
    category_loads,
    overdue_alerts,
    waiting_tickets,
)
from clerk.services.queue.ratings import (
    FollowUpInfo,
    RatingResult,
    RatingSubject,
    close_follow_up,
    follow_ups,
    rate,
    rating_subjects,
)
from clerk.services.queue.setup import (
    CategoryInfo,
    SetupSummary,
    add_appointment,
    categories,
    import_setup,
    save_category,
    save_window,
)
from clerk.services.queue.tickets import IssuedTicket, check_in, issue_ticket
from clerk.services.queue.window import (
    WindowInfo,
    close_window,
    current_ticket,
    open_window,
    pause_window,
    windows,
)

__all__ = [
    "CallFeed",
    "CallInfo",
    "CategoryInfo",
    "CategoryLoad",
    "FollowUpInfo",
    "IssuedTicket",
    "ListeningFeed",
    "PollingFeed",
    "RatingResult",
    "RatingSubject",
    "RecallResult",
    "SetupSummary",
    "TicketInfo",
    "WaitingTicket",
    "WindowInfo",
    "add_appointment",
    "begin_service",
    "begin_service_in",
    "call_next",
    "categories",
    "category_loads",
    "check_in",
    "close_follow_up",
    "close_window",
    "current_ticket",
    "finish",
    "follow_ups",
    "import_setup",
    "issue_ticket",
    "load_rules",
    "mark_no_show",
    "open_call_feed",
    "open_window",
    "overdue_alerts",
    "pause_window",
    "rate",
    "rating_subjects",
    "recall",
    "recent_calls",
    "save_category",
    "save_window",
    "transfer",
    "waiting_tickets",
    "windows",
]
