"""The system printer through Qt: QtPdf renders each page, QPainter paints it on a QPrinter.

Works with any printer the operating system knows (Windows spooler, CUPS), under the
offscreen platform too. Qt is allowed here: this plugin is not part of ``clerk``'s core.
Pages are rendered at the printer's resolution (capped at 600 dpi) and painted at their
true size, so a ticket or an A5 slip comes out at scale on any paper.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSize, QSizeF
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from clerk.plugin_api import PrintFailed

MAX_DPI = 600


class SystemPrinter:
    """A printer of the operating system by name; an empty name is the default printer."""

    def __init__(self, name: str) -> None:
        self.name = name.strip()

    def _info(self) -> QPrinterInfo:
        if QGuiApplication.instance() is None:
            raise PrintFailed("系统打印机只能在图形界面中使用，请改用 cups: 或 folder: 打印机。")
        info = QPrinterInfo.printerInfo(self.name) if self.name else QPrinterInfo.defaultPrinter()
        if info.isNull():
            which = f"“{self.name}”" if self.name else "默认打印机"
            raise PrintFailed(f"系统中找不到打印机{which}，请检查打印机设置和连接。")
        return info

    def print_pdf(self, pdf: bytes, title: str) -> str:
        info = self._info()
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "document.pdf"
            path.write_bytes(pdf)
            document = QPdfDocument()
            if document.load(str(path)) != QPdfDocument.Error.None_:
                raise PrintFailed("待打印的文件无法读取，请重新生成后再打印。")
            try:
                self._paint(document, info, title)
            finally:
                document.close()
        return f"{info.printerName()}: {title}"

    def _paint(self, document: QPdfDocument, info: QPrinterInfo, title: str) -> None:
        printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
        printer.setDocName(title)
        printer.setFullPage(True)
        painter = QPainter()
        for page in range(document.pageCount()):
            size_pt = document.pagePointSize(page)
            layout = QPageLayout(
                QPageSize(
                    QSizeF(size_pt), QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch
                ),
                QPageLayout.Orientation.Portrait,
                QMarginsF(0, 0, 0, 0),
            )
            printer.setPageLayout(layout)
            if page == 0:
                if not painter.begin(printer):
                    raise PrintFailed(
                        f"打印机“{info.printerName()}”无法开始打印，请检查电源、纸张和连接后重试。"
                    )
            elif not printer.newPage():
                painter.end()
                raise PrintFailed(f"打印机“{info.printerName()}”打印中断，请检查纸张后重试。")
            dpi = min(printer.resolution(), MAX_DPI)
            pixels = QSize(round(size_pt.width() * dpi / 72), round(size_pt.height() * dpi / 72))
            image = document.render(page, pixels)
            target = printer.pageLayout().fullRectPixels(printer.resolution())
            painter.drawImage(target, image)
        if painter.isActive() and not painter.end():
            raise PrintFailed(f"打印机“{info.printerName()}”未能完成打印，请检查后重试。")
