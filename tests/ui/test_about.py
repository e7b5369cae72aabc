"""Help → About Counter names the version, the database and the data folder."""

from __future__ import annotations

from counter_app import __version__
from counter_app.core.domain.permissions import Role
from counter_app.paths import user_data_dir
from counter_app.ui.main_window import MainWindow

from .conftest import demo_account


def test_about_box_from_the_help_menu(qtbot, demo_ctx):
    window = MainWindow(demo_ctx, demo_account(demo_ctx, Role.OPERATOR))
    qtbot.addWidget(window)
    assert window.help_menu.title() == "&Help"
    window.about_action.trigger()
    from PySide6.QtWidgets import QMessageBox

    (box,) = window.findChildren(QMessageBox)
    assert box.windowTitle() == "About Counter"
    assert box.text().startswith(f"Counter {__version__}\n")
    assert f"Data folder: {user_data_dir()}" in box.text()
    assert f"Database: {demo_ctx.db.display_url()}" in box.text()
    box.close()
