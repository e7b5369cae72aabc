"""The administrator's Settings at the real window, keyboard only: the keyboard starts in the current tab's
first field (never on the tab bar), Ctrl+Tab / Ctrl+Shift+Tab and Ctrl+PgDown / Ctrl+PgUp turn the tabs from
any field and the keyboard follows into the new tab (back into the field it left there); the Reports screen
opens in a field too."""

from __future__ import annotations

import pytest

from tests.support.desk import log_in


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_settings_tabs_are_turned_from_the_keyboard(start_counter, lang):
    counter = start_counter(lang)
    log_in(counter, "admin")
    counter.wait_focus(r"CatalogScreen")
    counter.key("ctrl+6")
    counter.wait_focus(r"SettingsScreen/OfficeTab\.branch_kk$")
    counter.key("Tab")
    counter.wait_focus(r"SettingsScreen/OfficeTab\.branch_ru$")
    counter.key("ctrl+Tab")  # from the second field, not only from the first
    counter.wait_focus(r"SettingsScreen/ProvidersTab\.table$")
    counter.key("ctrl+Next")
    counter.wait_focus(r"SettingsScreen/UsersTab\.")
    counter.key("ctrl+shift+Tab")
    counter.wait_focus(r"SettingsScreen/ProvidersTab\.table$")
    counter.key("ctrl+Prior")
    counter.wait_focus(r"SettingsScreen/OfficeTab\.branch_ru$")  # back in the field it left
    counter.key("shift+Tab")
    counter.wait_focus(r"SettingsScreen/OfficeTab\.branch_kk$")
    counter.key("shift+Tab")  # backwards out of the first field: the tab bar is not in the way
    assert "QTabBar" not in counter.wait_focus(r"^(?!.*branch_kk$)")
    counter.key("ctrl+5")
    counter.wait_focus(r"ReportsScreen/BoardPanel\.")  # the board's first button, past the sections' tab bar
    counter.alive()
