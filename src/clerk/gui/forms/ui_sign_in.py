# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'sign_in.ui'
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
    QFormLayout, QGroupBox, QHeaderView, QLabel,
    QLineEdit, QSizePolicy, QTreeWidget, QTreeWidgetItem,
    QVBoxLayout, QWidget)

class Ui_SignInDialog(object):
    def setupUi(self, SignInDialog):
        if not SignInDialog.objectName():
            SignInDialog.setObjectName(u"SignInDialog")
        SignInDialog.resize(460, 300)
        self.layout = QVBoxLayout(SignInDialog)
        self.layout.setObjectName(u"layout")
        self.heading = QLabel(SignInDialog)
        self.heading.setObjectName(u"heading")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.layout.addWidget(self.heading)

        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.username_label = QLabel(SignInDialog)
        self.username_label.setObjectName(u"username_label")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.username_label)

        self.username = QLineEdit(SignInDialog)
        self.username.setObjectName(u"username")

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.username)

        self.password_label = QLabel(SignInDialog)
        self.password_label.setObjectName(u"password_label")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.password_label)

        self.password = QLineEdit(SignInDialog)
        self.password.setObjectName(u"password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.password)

        self.window_no_label = QLabel(SignInDialog)
        self.window_no_label.setObjectName(u"window_no_label")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.window_no_label)

        self.window_no = QLineEdit(SignInDialog)
        self.window_no.setObjectName(u"window_no")
        self.window_no.setMaxLength(16)

        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.window_no)


        self.layout.addLayout(self.form)

        self.error = QLabel(SignInDialog)
        self.error.setObjectName(u"error")
        self.error.setStyleSheet(u"color: #b3261e;")
        self.error.setWordWrap(True)

        self.layout.addWidget(self.error)

        self.demo_box = QGroupBox(SignInDialog)
        self.demo_box.setObjectName(u"demo_box")
        self.demo_layout = QVBoxLayout(self.demo_box)
        self.demo_layout.setObjectName(u"demo_layout")
        self.demo_accounts = QTreeWidget(self.demo_box)
        self.demo_accounts.setObjectName(u"demo_accounts")
        self.demo_accounts.setRootIsDecorated(False)
        self.demo_accounts.setUniformRowHeights(True)

        self.demo_layout.addWidget(self.demo_accounts)

        self.demo_hint = QLabel(self.demo_box)
        self.demo_hint.setObjectName(u"demo_hint")
        self.demo_hint.setWordWrap(True)

        self.demo_layout.addWidget(self.demo_hint)


        self.layout.addWidget(self.demo_box)

        self.buttons = QDialogButtonBox(SignInDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.NoButton)

        self.layout.addWidget(self.buttons)

#if QT_CONFIG(shortcut)
        self.username_label.setBuddy(self.username)
        self.password_label.setBuddy(self.password)
        self.window_no_label.setBuddy(self.window_no)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.username, self.password)
        QWidget.setTabOrder(self.password, self.window_no)
        QWidget.setTabOrder(self.window_no, self.demo_accounts)

        self.retranslateUi(SignInDialog)
    # setupUi

    def retranslateUi(self, SignInDialog):
        SignInDialog.setWindowTitle(QCoreApplication.translate("SignInDialog", u"Sign in", None))
        self.heading.setText(QCoreApplication.translate("SignInDialog", u"Comprehensive window console", None))
        self.username_label.setText(QCoreApplication.translate("SignInDialog", u"&Username", None))
        self.password_label.setText(QCoreApplication.translate("SignInDialog", u"&Password", None))
        self.window_no_label.setText(QCoreApplication.translate("SignInDialog", u"&Window number", None))
        self.demo_box.setTitle(QCoreApplication.translate("SignInDialog", u"Demo accounts (demo data only)", None))
        ___qtreewidgetitem = self.demo_accounts.headerItem()
        ___qtreewidgetitem.setText(2, QCoreApplication.translate("SignInDialog", u"Role", None))
        ___qtreewidgetitem.setText(1, QCoreApplication.translate("SignInDialog", u"Password", None))
        ___qtreewidgetitem.setText(0, QCoreApplication.translate("SignInDialog", u"Username", None))
        self.demo_hint.setText(QCoreApplication.translate("SignInDialog", u"Enter on an account signs in with it; a double-click fills it in.", None))
    # retranslateUi

