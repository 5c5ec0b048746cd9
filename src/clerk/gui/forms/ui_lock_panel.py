# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'lock_panel.ui'
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
from PySide6.QtWidgets import (QApplication, QHBoxLayout, QLabel, QLineEdit,
    QPushButton, QSizePolicy, QSpacerItem, QVBoxLayout,
    QWidget)

class Ui_LockPanel(object):
    def setupUi(self, LockPanel):
        if not LockPanel.objectName():
            LockPanel.setObjectName(u"LockPanel")
        LockPanel.resize(600, 400)
        self.outer = QVBoxLayout(LockPanel)
        self.outer.setObjectName(u"outer")
        self.top_space = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.outer.addItem(self.top_space)

        self.heading = QLabel(LockPanel)
        self.heading.setObjectName(u"heading")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.outer.addWidget(self.heading)

        self.who = QLabel(LockPanel)
        self.who.setObjectName(u"who")
        self.who.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.outer.addWidget(self.who)

        self.row = QHBoxLayout()
        self.row.setObjectName(u"row")
        self.left_space = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.row.addItem(self.left_space)

        self.password_label = QLabel(LockPanel)
        self.password_label.setObjectName(u"password_label")

        self.row.addWidget(self.password_label)

        self.password = QLineEdit(LockPanel)
        self.password.setObjectName(u"password")
        self.password.setMinimumSize(QSize(220, 0))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)

        self.row.addWidget(self.password)

        self.unlock = QPushButton(LockPanel)
        self.unlock.setObjectName(u"unlock")

        self.row.addWidget(self.unlock)

        self.sign_out = QPushButton(LockPanel)
        self.sign_out.setObjectName(u"sign_out")

        self.row.addWidget(self.sign_out)

        self.right_space = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.row.addItem(self.right_space)


        self.outer.addLayout(self.row)

        self.error = QLabel(LockPanel)
        self.error.setObjectName(u"error")
        self.error.setStyleSheet(u"color: #b3261e;")
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error.setWordWrap(True)

        self.outer.addWidget(self.error)

        self.bottom_space = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.outer.addItem(self.bottom_space)

#if QT_CONFIG(shortcut)
        self.password_label.setBuddy(self.password)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.password, self.unlock)
        QWidget.setTabOrder(self.unlock, self.sign_out)

        self.retranslateUi(LockPanel)

        self.unlock.setDefault(True)

    # setupUi

    def retranslateUi(self, LockPanel):
        self.heading.setText(QCoreApplication.translate("LockPanel", u"The console is locked", None))
        self.password_label.setText(QCoreApplication.translate("LockPanel", u"&Password", None))
        self.unlock.setText(QCoreApplication.translate("LockPanel", u"&Unlock", None))
        self.sign_out.setText(QCoreApplication.translate("LockPanel", u"Sign &out", None))
        pass
    # retranslateUi

