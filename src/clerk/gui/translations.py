"""Loading the interface language: every compiled .qm of the locale, plus Qt's own strings.

Source strings are English; ``resources/translations/<locale>/`` holds one .ts/.qm pair
per GUI module (see docs/translations.md). ``CLERK_LANG`` beats the ``ui.language``
setting; ``en`` shows the English source text.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from clerk.paths import resource
from clerk.settings import Settings

log = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "zh_CN"
ENV_LANGUAGE = "CLERK_LANG"


def language(settings: Settings) -> str:
    return os.environ.get(ENV_LANGUAGE) or settings.get("ui.language") or DEFAULT_LANGUAGE


def translation_files(lang: str) -> list[Path]:
    """Qt's own translation (standard buttons, context menus) first, then clerk's modules."""
    qt_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    own = sorted(resource("translations", lang).glob("*.qm"))
    return [p for p in [qt_dir / f"qtbase_{lang}.qm"] if p.is_file()] + own


def install_translators(app: QCoreApplication, lang: str) -> list[QTranslator]:
    """Install the locale's translators on ``app``; English needs none."""
    if lang == "en" or lang.startswith("en_"):
        QLocale.setDefault(QLocale("en_US"))
        return []
    QLocale.setDefault(QLocale(lang))
    installed = []
    for path in translation_files(lang):
        translator = QTranslator(app)
        if translator.load(str(path)) and app.installTranslator(translator):
            installed.append(translator)
        else:
            log.warning("translation %s could not be loaded", path)
    if not installed:
        log.warning("no translations for %s: the interface shows English", lang)
    return installed


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)
        translator.deleteLater()
