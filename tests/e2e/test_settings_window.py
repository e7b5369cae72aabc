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


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_settings_keys_enter_space_windows_and_a_date(start_counter, stored, lang):
    """Typed at the real window: "1, x" in the windows is refused (the keyboard back in the field, nothing stored);
    Space on Save saves and the keyboard is on Save again when it is done (not in the navigation list); Enter on
    Save saves too; the calendar's date is left with one Tab."""
    from counter_app.core.usecases.office_settings import OfficeSettings
    from tests.support.xsession import wait_for

    counter = start_counter(lang)
    log_in(counter, "admin")
    counter.wait_focus(r"CatalogScreen")
    counter.key("ctrl+6")
    counter.wait_focus(r"SettingsScreen/OfficeTab\.branch_kk$")
    counter.tab_to(r"OfficeTab\.windows$")
    counter.key("ctrl+a")
    counter.type("1, x")
    counter.tab_to(r"OfficeTab\.save_button$")
    counter.key("Return")
    counter.wait_focus(r"OfficeTab\.windows$")  # refused: back in the field at fault
    db = stored()
    assert OfficeSettings(db).load().windows == ("1", "2", "3", "4")  # the demo office's, unchanged

    counter.key("ctrl+a")
    counter.type("1, 2, 3, 4, 5")
    counter.tab_to(r"OfficeTab\.save_button$")
    done = counter.busy_count()
    counter.key("space")
    counter.wait_idle(done)
    counter.wait_focus(r"OfficeTab\.save_button$")  # back from the navigation list, where Qt had put it
    wait_for(lambda: OfficeSettings(db).load().windows == ("1", "2", "3", "4", "5"), "the windows saved")

    counter.key("shift+Tab")
    counter.wait_focus(r"OfficeTab\.idle_minutes$")
    counter.key("Up", "Tab")
    counter.wait_focus(r"OfficeTab\.save_button$")
    done = counter.busy_count()
    counter.key("Return")  # Enter on the focused button presses it, as Space does
    counter.wait_idle(done)
    counter.wait_focus(r"OfficeTab\.save_button$")
    wait_for(lambda: OfficeSettings(db).load().idle_lock_minutes == 6, "the lock time saved")

    counter.key("ctrl+Tab", "ctrl+Tab", "ctrl+Tab")
    counter.wait_focus(r"CalendarTab\.table$")
    counter.key("Tab")
    counter.wait_focus(r"CalendarTab\.day$")
    counter.key("Tab")  # one Tab: out of the date, not to its month
    counter.wait_focus(r"CalendarTab\.kind$")
    counter.alive()
