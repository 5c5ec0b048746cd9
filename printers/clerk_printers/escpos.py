"""An ESC/POS thermal receipt printer (80 mm roll, 203 dpi), written to its device file.

The target is the printer's device: ``/dev/usb/lp0`` on Linux, a shared port such as
``\\\\.\\COM3`` on Windows, or any file (a stand-in that tests read back). Each PDF page
is rendered with QtPdf at 8 dots/mm, cropped to the 72 mm printable width, turned into
black and white and sent as ``GS v 0`` raster bands, then the paper is fed and cut.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument

from clerk.plugin_api import PrintFailed

DOTS_PER_MM = 8  # 203 dpi
WIDTH_DOTS = 576  # 72 mm printable
BAND_ROWS = 256  # rows per GS v 0 command; older printers cap the height of one image
INIT = b"\x1b@"
FEED_AND_CUT = b"\x1bd\x04\x1dVB\x00"  # feed 4 lines, partial cut


def raster(pdf: bytes) -> list[np.ndarray]:
    """Each page as rows of WIDTH_DOTS booleans (True = black)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ticket.pdf"
        path.write_bytes(pdf)
        document = QPdfDocument()
        if document.load(str(path)) != QPdfDocument.Error.None_:
            raise PrintFailed("待打印的文件无法读取，请重新生成后再打印。")
        pages = []
        for page in range(document.pageCount()):
            size = document.pagePointSize(page)
            width = round(size.width() / 72 * 25.4 * DOTS_PER_MM)
            height = round(size.height() / 72 * 25.4 * DOTS_PER_MM)
            image = document.render(page, QSize(width, height))
            pages.append(_black(image, width, height))
        document.close()
    return pages


def _black(image: QImage, width: int, height: int) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    stride = image.bytesPerLine()
    pixels = np.frombuffer(bytes(image.constBits()), np.uint8).reshape(height, stride)
    bgra = pixels[:, : width * 4].reshape(height, width, 4).astype(np.float32)
    alpha = bgra[..., 3] / 255
    grey = bgra[..., :3].mean(axis=2)
    light = 255 - alpha * (255 - grey)  # over white paper
    left = max(0, (width - WIDTH_DOTS) // 2)
    page = light[:, left : left + WIDTH_DOTS] < 150
    if page.shape[1] < WIDTH_DOTS:  # narrower than the roll: centre it
        pad = WIDTH_DOTS - page.shape[1]
        page = np.pad(page, ((0, 0), (pad // 2, pad - pad // 2)))
    return page


def commands(pages: list[np.ndarray]) -> bytes:
    out = bytearray(INIT)
    for page in pages:
        for top in range(0, page.shape[0], BAND_ROWS):
            band = page[top : top + BAND_ROWS]
            data = np.packbits(band, axis=1)
            rows, row_bytes = data.shape
            out += b"\x1dv0\x00" + bytes(
                [row_bytes % 256, row_bytes // 256, rows % 256, rows // 256]
            )
            out += data.tobytes()
        out += FEED_AND_CUT
    return bytes(out)


class EscPosPrinter:
    def __init__(self, device: str) -> None:
        if not device.strip():
            raise PrintFailed(
                "热敏打印机未指定设备，请在打印机设置中写明，例如 escpos:/dev/usb/lp0。"
            )
        self.device = Path(device.strip())

    def print_pdf(self, pdf: bytes, title: str) -> str:
        data = commands(raster(pdf))
        try:
            with self.device.open("wb") as port:
                port.write(data)
        except OSError as exc:
            raise PrintFailed(
                f"热敏打印机 {self.device} 无法写入（{exc.strerror or exc}），请检查电源、纸张和连接后重试。",
                repr(exc),
            ) from exc
        return str(self.device)
