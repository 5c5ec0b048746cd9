# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'catalogue_page.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QHBoxLayout, QHeaderView,
    QLabel, QLineEdit, QSizePolicy, QSplitter,
    QTableView, QVBoxLayout, QWidget)

class Ui_CataloguePage(object):
    def setupUi(self, CataloguePage):
        if not CataloguePage.objectName():
            CataloguePage.setObjectName(u"CataloguePage")
        CataloguePage.resize(1200, 700)
        self.layout = QVBoxLayout(CataloguePage)
        self.layout.setObjectName(u"layout")
        self.search_row = QHBoxLayout()
        self.search_row.setObjectName(u"search_row")
        self.search_label = QLabel(CataloguePage)
        self.search_label.setObjectName(u"search_label")

        self.search_row.addWidget(self.search_label)

        self.search = QLineEdit(CataloguePage)
        self.search.setObjectName(u"search")
        self.search.setClearButtonEnabled(True)

        self.search_row.addWidget(self.search)

        self.state = QLabel(CataloguePage)
        self.state.setObjectName(u"state")

        self.search_row.addWidget(self.state)


        self.layout.addLayout(self.search_row)

        self.splitter = QSplitter(CataloguePage)
        self.splitter.setObjectName(u"splitter")
        self.splitter.setOrientation(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.hits = QTableView(self.splitter)
        self.hits.setObjectName(u"hits")
        self.hits.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.hits.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.hits.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.hits.setWordWrap(False)
        self.splitter.addWidget(self.hits)
        self.hits.horizontalHeader().setStretchLastSection(True)
        self.hits.verticalHeader().setVisible(False)
        self.detail = QWidget(self.splitter)
        self.detail.setObjectName(u"detail")
        self.detail_layout = QVBoxLayout(self.detail)
        self.detail_layout.setObjectName(u"detail_layout")
        self.detail_layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(self.detail)
        self.title.setObjectName(u"title")
        self.title.setWordWrap(True)

        self.detail_layout.addWidget(self.title)

        self.summary = QLabel(self.detail)
        self.summary.setObjectName(u"summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.detail_layout.addWidget(self.summary)

        self.saving = QLabel(self.detail)
        self.saving.setObjectName(u"saving")

        self.detail_layout.addWidget(self.saving)

        self.materials = QTableView(self.detail)
        self.materials.setObjectName(u"materials")
        self.materials.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.materials.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.materials.setWordWrap(False)
        self.materials.horizontalHeader().setStretchLastSection(False)
        self.materials.verticalHeader().setVisible(False)

        self.detail_layout.addWidget(self.materials)

        self.splitter.addWidget(self.detail)

        self.layout.addWidget(self.splitter)

        self.layout.setStretch(1, 1)
#if QT_CONFIG(shortcut)
        self.search_label.setBuddy(self.search)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.search, self.hits)
        QWidget.setTabOrder(self.hits, self.materials)

        self.retranslateUi(CataloguePage)
    # setupUi

    def retranslateUi(self, CataloguePage):
        self.search_label.setText(QCoreApplication.translate("CataloguePage", u"&Find", None))
        self.search.setPlaceholderText(QCoreApplication.translate("CataloguePage", u"Matter, bundle or material: Chinese, full pinyin or initials", None))
        pass
    # retranslateUi

