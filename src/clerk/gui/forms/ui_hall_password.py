# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'hall_password.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QDialog, QDialogButtonBox,
    QFormLayout, QLabel, QLineEdit, QSizePolicy,
    QVBoxLayout, QWidget)

class Ui_HallPasswordDialog(object):
    def setupUi(self, HallPasswordDialog):
        if not HallPasswordDialog.objectName():
            HallPasswordDialog.setObjectName(u"HallPasswordDialog")
        HallPasswordDialog.resize(480, 200)
        self.layout = QVBoxLayout(HallPasswordDialog)
        self.layout.setObjectName(u"layout")
        self.intro = QLabel(HallPasswordDialog)
        self.intro.setObjectName(u"intro")
        self.intro.setWordWrap(True)

        self.layout.addWidget(self.intro)

        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.password_label = QLabel(HallPasswordDialog)
        self.password_label.setObjectName(u"password_label")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.password_label)

        self.password = QLineEdit(HallPasswordDialog)
        self.password.setObjectName(u"password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.password)


        self.layout.addLayout(self.form)

        self.error = QLabel(HallPasswordDialog)
        self.error.setObjectName(u"error")
        self.error.setStyleSheet(u"color: #b3261e;")
        self.error.setWordWrap(True)

        self.layout.addWidget(self.error)

        self.buttons = QDialogButtonBox(HallPasswordDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.layout.addWidget(self.buttons)

#if QT_CONFIG(shortcut)
        self.password_label.setBuddy(self.password)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(HallPasswordDialog)
    # setupUi

    def retranslateUi(self, HallPasswordDialog):
        HallPasswordDialog.setWindowTitle(QCoreApplication.translate("HallPasswordDialog", u"Hall database password", None))
        self.password_label.setText(QCoreApplication.translate("HallPasswordDialog", u"&Password", None))
    # retranslateUi

