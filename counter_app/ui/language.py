"""The UI language on the Qt side: Qt's own translations for built-in buttons, the remembered choice."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QSettings, QTranslator

from counter_app.core.domain.i18n import LANGUAGES
from counter_app.paths import user_data_dir


def ui_settings() -> QSettings:
    """Per-user UI preferences, kept beside the user's data (so tests and installations stay separate)."""
    return QSettings(str(user_data_dir() / "ui.ini"), QSettings.Format.IniFormat)


def saved_language() -> str | None:
    value = ui_settings().value("language")
    return value if isinstance(value, str) and value in LANGUAGES else None


def save_language(lang: str) -> None:
    settings = ui_settings()
    settings.setValue("language", lang)
    settings.sync()


class QtTranslations:
    """Loads ``qtbase_<lang>.qm`` so Qt's built-in buttons and dialogs follow the UI language."""

    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        self.translator: QTranslator | None = None
        self.language: str | None = None

    def apply(self, lang: str) -> bool:
        """Swap the installed translator for ``lang``; True when a Qt translation was loaded."""
        if self.translator is not None:
            self._app.removeTranslator(self.translator)
            self.translator = None
        self.language = lang
        if lang == "en":
            return False
        translator = QTranslator(self._app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if not translator.load(f"qtbase_{lang}", folder):
            return False
        self._app.installTranslator(translator)
        self.translator = translator
        return True
