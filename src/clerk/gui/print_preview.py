"""Print preview: the document as it will print (QtPdf), the printer, Print and Retry.

The PDF is shown from memory; printing goes through ``PrintService`` on a worker, so the
console never waits for a printer. A failure (printer off, out of paper, paused) is shown
in the dialog in Chinese and the Print button becomes Retry.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clerk.documents.data import KIND_NAMES, DocumentKind
from clerk.domain.errors import ClerkError
from clerk.gui.workstation import Workstation
from clerk.services.printing import PrintRecord, PrintService, printer_target


class PrintPreviewDialog(QDialog):
    """Shows ``pdf`` and prints it on the printer set for ``kind`` (or ``printer``)."""

    def __init__(
        self,
        ws: Workstation,
        service: PrintService,
        kind: DocumentKind,
        reference: str,
        pdf: bytes,
        printer: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ws = ws
        self._service = service
        self._kind = kind
        self._reference = reference
        self._pdf = pdf
        self._printer = printer or printer_target(ws.settings, kind)
        self.record: PrintRecord | None = None
        self.setWindowTitle(self.tr("Print preview"))
        self.resize(720, 900)

        self._bytes = QByteArray(pdf)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        title = QLabel(f"{KIND_NAMES[kind]}  {reference}", self)
        self.printer_label = QLabel(self.tr("Printer: %1").replace("%1", self._printer), self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons = QDialogButtonBox(self)
        self.print_button = QPushButton(self.tr("&Print"), self)
        self.print_button.setDefault(True)
        self.buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("&Close"))
        self.print_button.clicked.connect(self.print_document)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.printer_label)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

    def print_document(self) -> None:
        """Send the document to the printer on a worker; the dialog stays responsive."""
        self.print_button.setEnabled(False)
        self.status.setText(self.tr("Printing…"))
        service, actor = self._service, self._ws.actor
        kind, reference, pdf, printer = self._kind, self._reference, self._pdf, self._printer
        self._ws.workers.run(
            lambda: service.submit_pdf(actor, kind, reference, pdf, printer=printer).result(),
            self._printed,
            self._failed,
            owner=self,
        )

    def _printed(self, record: PrintRecord) -> None:
        self.record = record
        if record.reprint:
            self.status.setText(self.tr("Printed again (reprint recorded)."))
        else:
            self.status.setText(self.tr("Printed."))
        self.print_button.setText(self.tr("&Print again"))
        self.print_button.setEnabled(True)

    def _failed(self, error: ClerkError) -> None:
        self.status.setText(error.message)
        self.print_button.setText(self.tr("&Retry"))
        self.print_button.setEnabled(True)
