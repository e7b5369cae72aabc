"""Where the keyboard goes when a screen is shown (ui/focus.focus_start)."""

from PySide6.QtWidgets import QLineEdit, QPushButton, QVBoxLayout, QWidget

from counter_app.ui.focus import focus_start


def test_a_screen_whose_proxy_is_a_tab_starts_in_the_tabs_own_field(qtbot):
    """The Handoff screen's proxy is its Queue tab, whose proxy is the providers' table: the keyboard goes to
    the table, not to the first widget that takes it (the tab bar, here a button)."""
    screen = QWidget()
    qtbot.addWidget(screen)
    first = QPushButton("tab bar")
    tab = QWidget()
    field = QLineEdit()
    QVBoxLayout(tab).addWidget(field)
    tab.setFocusProxy(field)
    layout = QVBoxLayout(screen)
    layout.addWidget(first)
    layout.addWidget(tab)
    screen.setFocusProxy(tab)
    screen.show()

    assert focus_start(screen) is field
