"""The checklist of the 受理 page, marked from the keyboard: 1 or Space received, 2 missing,
3 deferred, 4 exempt (by an e-licence), A all received."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QTableView, QWidget

from clerk.domain.catalogue import ChecklistLine
from clerk.domain.intake import MaterialEntry, MaterialState, received
from clerk.gui.intake_models import IntakeChecklistModel

STATE_KEYS = {
    Qt.Key.Key_1: MaterialState.RECEIVED,
    Qt.Key.Key_Space: MaterialState.RECEIVED,
    Qt.Key.Key_2: MaterialState.MISSING,
    Qt.Key.Key_3: MaterialState.DEFERRED,
    Qt.Key.Key_4: MaterialState.EXEMPT,
}


class ChecklistTable(QTableView):
    """Emits ``marked(code, MaterialEntry)`` for a material marked, ``exempt_asked(row)``
    when an e-licence is to replace a paper, ``problem(text)`` for a state not allowed."""

    marked = Signal(str, object)
    exempt_asked = Signal(int)
    problem = Signal(str)

    def __init__(self, model: IntakeChecklistModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.checklist = model
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.horizontalHeader()
        header.setSectionResizeMode(IntakeChecklistModel.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(IntakeChecklistModel.NOTE, QHeaderView.ResizeMode.Stretch)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._checklist_key(event):
            super().keyPressEvent(event)

    def _checklist_key(self, event: QKeyEvent) -> bool:
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        row = self.currentIndex().row()
        if event.key() == Qt.Key.Key_A:
            for line in self.checklist.lines:
                code = line.material.code
                if self.checklist.entries.get(code, MaterialEntry()).state is MaterialState.MISSING:
                    self.marked.emit(code, received(line))
            return True
        state = STATE_KEYS.get(Qt.Key(event.key()))
        if state is None or row < 0:
            return False
        self.mark(row, state)
        return True

    def mark(self, row: int, state: MaterialState) -> None:
        line = self.checklist.lines[row]
        if state is MaterialState.RECEIVED:
            self.marked.emit(line.material.code, received(line))
        elif state is MaterialState.MISSING:
            self.marked.emit(line.material.code, MaterialEntry())
        elif state is MaterialState.DEFERRED:
            if not line.material.deferrable:
                self.problem.emit(self.tr("This material cannot be deferred."))
                return
            self.marked.emit(line.material.code, MaterialEntry(MaterialState.DEFERRED))
        elif not line.material.elicence_type:
            self.problem.emit(self.tr("No e-licence replaces this material."))
        else:
            self.exempt_asked.emit(row)
        if row + 1 < self.checklist.rowCount():
            self.selectRow(row + 1)


class LicenceField(QLineEdit):
    """The e-licence number typed when none was found for the applicant; Enter records it
    (``typed(code, MaterialEntry)``)."""

    typed = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(self.tr("E-licence number, Enter to record"))
        self.returnPressed.connect(self._typed)
        self._line: ChecklistLine | None = None
        self.hide()

    def ask(self, line: ChecklistLine) -> None:
        self._line = line
        self.clear()
        self.show()
        self.setFocus()

    def _typed(self) -> None:
        number = self.text().strip()
        if not number or self._line is None:
            return
        material = self._line.material
        entry = MaterialEntry(
            MaterialState.EXEMPT,
            elicence_type=material.elicence_type or "",
            elicence_number=number,
        )
        self.hide()
        self.typed.emit(material.code, entry)
