# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'first_admin.ui'
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

class Ui_FirstAdminDialog(object):
    def setupUi(self, FirstAdminDialog):
        if not FirstAdminDialog.objectName():
            FirstAdminDialog.setObjectName(u"FirstAdminDialog")
        FirstAdminDialog.resize(480, 280)
        self.layout = QVBoxLayout(FirstAdminDialog)
        self.layout.setObjectName(u"layout")
        self.intro = QLabel(FirstAdminDialog)
        self.intro.setObjectName(u"intro")
        self.intro.setWordWrap(True)

        self.layout.addWidget(self.intro)

        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.username_label = QLabel(FirstAdminDialog)
        self.username_label.setObjectName(u"username_label")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.username_label)

        self.username = QLineEdit(FirstAdminDialog)
        self.username.setObjectName(u"username")

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.username)

        self.display_name_label = QLabel(FirstAdminDialog)
        self.display_name_label.setObjectName(u"display_name_label")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.display_name_label)

        self.display_name = QLineEdit(FirstAdminDialog)
        self.display_name.setObjectName(u"display_name")

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.display_name)

        self.password_label = QLabel(FirstAdminDialog)
        self.password_label.setObjectName(u"password_label")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.password_label)

        self.password = QLineEdit(FirstAdminDialog)
        self.password.setObjectName(u"password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)

        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.password)

        self.confirm_label = QLabel(FirstAdminDialog)
        self.confirm_label.setObjectName(u"confirm_label")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.confirm_label)

        self.confirm = QLineEdit(FirstAdminDialog)
        self.confirm.setObjectName(u"confirm")
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)

        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.confirm)


        self.layout.addLayout(self.form)

        self.error = QLabel(FirstAdminDialog)
        self.error.setObjectName(u"error")
        self.error.setStyleSheet(u"color: #b3261e;")
        self.error.setWordWrap(True)

        self.layout.addWidget(self.error)

        self.buttons = QDialogButtonBox(FirstAdminDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.NoButton)

        self.layout.addWidget(self.buttons)

#if QT_CONFIG(shortcut)
        self.username_label.setBuddy(self.username)
        self.display_name_label.setBuddy(self.display_name)
        self.password_label.setBuddy(self.password)
        self.confirm_label.setBuddy(self.confirm)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.username, self.display_name)
        QWidget.setTabOrder(self.display_name, self.password)
        QWidget.setTabOrder(self.password, self.confirm)

        self.retranslateUi(FirstAdminDialog)
    # setupUi

    def retranslateUi(self, FirstAdminDialog):
        FirstAdminDialog.setWindowTitle(QCoreApplication.translate("FirstAdminDialog", u"Create the administrator account", None))
        self.intro.setText(QCoreApplication.translate("FirstAdminDialog", u"This database has no accounts yet. Create the administrator account; the administrator then creates the clerks' accounts. There is no built-in password.", None))
        self.username_label.setText(QCoreApplication.translate("FirstAdminDialog", u"&Username", None))
        self.display_name_label.setText(QCoreApplication.translate("FirstAdminDialog", u"&Full name", None))
        self.password_label.setText(QCoreApplication.translate("FirstAdminDialog", u"&Password", None))
        self.confirm_label.setText(QCoreApplication.translate("FirstAdminDialog", u"&Repeat password", None))
    # retranslateUi

