"""The catalog screen over the shipped catalog: search in Kazakh and Russian, details, redirects."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from counter_app.core.domain import i18n
from counter_app.core.domain.clock import SettableClock
from counter_app.ui.screens.catalog_screen import CatalogScreen

TODAY = dt.date(2026, 11, 23)


def screen(qtbot, catalog) -> CatalogScreen:
    widget = CatalogScreen(catalog, SettableClock.on(TODAY))
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_lists_every_service_in_force_today(qtbot, shipped_catalog):
    widget = screen(qtbot, shipped_catalog)
    assert sorted(widget.shown_codes()) == sorted(s.code for s, _v in shipped_catalog.in_force(TODAY))


def test_finds_a_service_by_a_kazakh_word(qtbot, shipped_catalog):
    widget = screen(qtbot, shipped_catalog)
    widget.search.setText("жәрдемақы")  # QTest can only type ASCII keys
    assert "guardian-benefit" in widget.shown_codes()
    assert len(widget.shown_codes()) < len(shipped_catalog.in_force(TODAY))


def test_finds_a_service_by_a_russian_word_and_shows_its_documents(qtbot, shipped_catalog):
    widget = screen(qtbot, shipped_catalog)
    widget.search.setText("пособие опекунам")
    assert widget.shown_codes() == ["guardian-benefit"]
    widget.select("guardian-benefit")
    text = widget.details.toPlainText()
    service = shipped_catalog.service("guardian-benefit")
    version = service.version_on(TODAY)
    assert service.names.en in text
    assert "The counter takes this service" in text
    assert " ".join(version.term.text.ru.split()) in " ".join(text.split())  # the law in Russian
    for document in version.documents:
        assert document.label.en in text
        if document.condition is not None:
            assert document.condition.text.en in text or document.condition.text.ru in text


def test_a_service_the_counter_does_not_take_shows_where_to_go(qtbot, shipped_catalog):
    refused = [(s, v) for s, v in shipped_catalog.in_force(TODAY) if not v.accepted_at_counter]
    service, version = refused[0]
    i18n.set_language("kk")
    widget = screen(qtbot, shipped_catalog)
    widget.select(service.code)
    text = widget.details.toPlainText()
    assert service.names.kk.split()[0] in text
    assert " ".join(version.redirect.kk.split()[:5]) in " ".join(text.split())
    item = widget.services.currentItem()
    assert item.data(Qt.ItemDataRole.UserRole) == service.code


def test_nothing_found_says_so(qtbot, shipped_catalog):
    widget = screen(qtbot, shipped_catalog)
    qtbot.keyClicks(widget.search, "zzzz-no-such-word")
    assert widget.shown_codes() == []
    assert widget.empty.isVisible()
    assert widget.details.toPlainText() == ""


def test_arrows_typed_in_the_search_field_move_the_selection_and_the_details(qtbot, shipped_catalog):
    """Down/Up in the search field walk the list as on the intake's service page; the keyboard stays there."""
    widget = screen(qtbot, shipped_catalog)
    widget.search.setFocus()
    first, second = widget.shown_codes()[:2]
    assert widget.services.currentItem().data(Qt.ItemDataRole.UserRole) == first
    qtbot.keyClick(widget.search, Qt.Key.Key_Down)
    assert widget.services.currentItem().data(Qt.ItemDataRole.UserRole) == second
    assert shipped_catalog.service(second).names.en in widget.details.toPlainText()
    qtbot.keyClick(widget.search, Qt.Key.Key_Up)
    assert widget.services.currentItem().data(Qt.ItemDataRole.UserRole) == first
    assert widget.search.text() == ""
