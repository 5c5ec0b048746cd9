"""Printing documents on the printer plugins the settings name, and the print log."""

from clerk.services.printing.service import (
    PrintRecord,
    PrintService,
    open_printer,
    plugins,
    print_log,
    printer_target,
)

__all__ = [
    "PrintRecord",
    "PrintService",
    "open_printer",
    "plugins",
    "print_log",
    "printer_target",
]
