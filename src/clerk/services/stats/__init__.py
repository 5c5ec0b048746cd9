"""Hall statistics: a period's figures, what is behind each, the live board, the exports.

One module per source (``tickets``, ``cases``, ``corrections``, ``ratings``,
``refusals``) holds that source's rows, conditions, period figures, summary rows and
drill-down list; the figures themselves are defined in ``clerk.domain.stats``.
"""

from clerk.services.stats.drill_down import DrillList, drill
from clerk.services.stats.export import save_pdf, save_xlsx
from clerk.services.stats.figures import period_report
from clerk.services.stats.live import live_board
from clerk.services.stats.scope import Focus, Scope
from clerk.services.stats.tickets import ticket_rows, wait_p90, wait_p90_at_rank

__all__ = [
    "DrillList",
    "Focus",
    "Scope",
    "drill",
    "live_board",
    "period_report",
    "save_pdf",
    "save_xlsx",
    "ticket_rows",
    "wait_p90",
    "wait_p90_at_rank",
]
