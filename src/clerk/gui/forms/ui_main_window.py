# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'main_window.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QAction, QBrush, QColor, QConicalGradient,
    QCursor, QFont, QFontDatabase, QGradient,
    QIcon, QImage, QKeySequence, QLinearGradient,
    QPainter, QPalette, QPixmap, QRadialGradient,
    QTransform)
from PySide6.QtWidgets import (QApplication, QMainWindow, QMenu, QMenuBar,
    QSizePolicy, QStackedWidget, QTabWidget, QVBoxLayout,
    QWidget)

class Ui_MainWindow(object):
    def setupUi(self, MainWindow):
        if not MainWindow.objectName():
            MainWindow.setObjectName(u"MainWindow")
        MainWindow.resize(1280, 800)
        self.action_lock = QAction(MainWindow)
        self.action_lock.setObjectName(u"action_lock")
#if QT_CONFIG(shortcut)
        self.action_lock.setShortcut(u"Ctrl+L")
#endif // QT_CONFIG(shortcut)
        self.action_sign_out = QAction(MainWindow)
        self.action_sign_out.setObjectName(u"action_sign_out")
#if QT_CONFIG(shortcut)
        self.action_sign_out.setShortcut(u"Ctrl+Shift+L")
#endif // QT_CONFIG(shortcut)
        self.action_quit = QAction(MainWindow)
        self.action_quit.setObjectName(u"action_quit")
#if QT_CONFIG(shortcut)
        self.action_quit.setShortcut(u"Ctrl+Q")
#endif // QT_CONFIG(shortcut)
        self.action_about = QAction(MainWindow)
        self.action_about.setObjectName(u"action_about")
        self.stack = QStackedWidget(MainWindow)
        self.stack.setObjectName(u"stack")
        self.console = QWidget()
        self.console.setObjectName(u"console")
        self.console_layout = QVBoxLayout(self.console)
        self.console_layout.setObjectName(u"console_layout")
        self.console_layout.setContentsMargins(0, 0, 0, 0)
        self.pages = QTabWidget(self.console)
        self.pages.setObjectName(u"pages")
        self.pages.setDocumentMode(True)

        self.console_layout.addWidget(self.pages)

        self.stack.addWidget(self.console)
        MainWindow.setCentralWidget(self.stack)
        self.menu_bar = QMenuBar(MainWindow)
        self.menu_bar.setObjectName(u"menu_bar")
        self.menu_console = QMenu(self.menu_bar)
        self.menu_console.setObjectName(u"menu_console")
        self.menu_pages = QMenu(self.menu_bar)
        self.menu_pages.setObjectName(u"menu_pages")
        self.menu_help = QMenu(self.menu_bar)
        self.menu_help.setObjectName(u"menu_help")
        MainWindow.setMenuBar(self.menu_bar)

        self.menu_bar.addAction(self.menu_console.menuAction())
        self.menu_bar.addAction(self.menu_pages.menuAction())
        self.menu_bar.addAction(self.menu_help.menuAction())
        self.menu_console.addAction(self.action_lock)
        self.menu_console.addAction(self.action_sign_out)
        self.menu_console.addSeparator()
        self.menu_console.addAction(self.action_quit)
        self.menu_help.addAction(self.action_about)

        self.retranslateUi(MainWindow)
    # setupUi

    def retranslateUi(self, MainWindow):
        self.action_lock.setText(QCoreApplication.translate("MainWindow", u"&Lock console", None))
        self.action_sign_out.setText(QCoreApplication.translate("MainWindow", u"Sign &out", None))
        self.action_quit.setText(QCoreApplication.translate("MainWindow", u"&Quit", None))
        self.action_about.setText(QCoreApplication.translate("MainWindow", u"&About clerk", None))
        self.menu_console.setTitle(QCoreApplication.translate("MainWindow", u"&Console", None))
        self.menu_pages.setTitle(QCoreApplication.translate("MainWindow", u"&Pages", None))
        self.menu_help.setTitle(QCoreApplication.translate("MainWindow", u"&Help", None))
        pass
    # retranslateUi

