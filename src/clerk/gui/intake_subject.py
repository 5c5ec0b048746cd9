"""The matter or bundle of the 受理 page, found by Chinese, full pinyin or initials."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clerk.domain.search import SearchIndex


class SubjectSearch(QGroupBox):
    """Emits ``picked(kind, code)`` ("matter" or "bundle") when Enter takes a hit."""

    picked = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Matter or bundle"), parent)
        layout = QVBoxLayout(self)
        self.index: SearchIndex | None = None
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Chinese, full pinyin or initials; Enter picks"))
        self.search.textChanged.connect(self._search)
        self.search.returnPressed.connect(self._pick_hit)
        self.hits = QListWidget(self)
        self.hits.itemActivated.connect(lambda _item: self._pick_hit())
        layout.addWidget(self.search)
        layout.addWidget(self.hits)

    def _search(self, text: str) -> None:
        self.hits.clear()
        if self.index is None:
            return
        for hit in self.index.search(text, 8):
            code = hit.matter_code if hit.kind == "material" else hit.code
            kind = "bundle" if hit.kind == "bundle" else "matter"
            label = (
                f"{hit.name} · {hit.department}"
                if hit.kind != "bundle"
                else f"【一件事】{hit.name}"
            )
            item = QListWidgetItem(label, self.hits)
            item.setData(Qt.ItemDataRole.UserRole, (kind, code))
        if self.hits.count():
            self.hits.setCurrentRow(0)

    def _pick_hit(self) -> None:
        item = self.hits.currentItem()
        if item is not None:
            self.picked.emit(*item.data(Qt.ItemDataRole.UserRole))
