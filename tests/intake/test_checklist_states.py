"""The checklist: a row starts "not yet checked" (not "missing"), and each row asks for the date the catalog says
(an ID card's issue date, or the date a document is valid until), read as asked."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from counter_app.core.domain import i18n
from counter_app.core.domain.catalog import DocumentDate
from counter_app.core.domain.checklist import required_items
from counter_app.core.domain.clock import SettableClock
from counter_app.core.domain.intake_draft import ItemMark, Mark
from counter_app.core.domain.intake_errors import IntakeRefused, NotAllChecked, ProblemReason
from counter_app.core.domain.intake_rules import assess
from counter_app.core.usecases.intake import accept, refuse
from counter_app.core.usecases.office_settings import OfficeSettings
from counter_app.ui.intake.pages import PageId
from counter_app.ui.intake.wizard import IntakeWizard
from tests.support.intake_helpers import TODAY, complete_draft

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")


def benefit(catalog):
    return catalog.service("guardian-benefit").version_on(TODAY)


def test_a_row_starts_not_yet_checked_and_blocks_both_receipts(db, operator, catalog):
    draft = complete_draft(catalog, "guardian-benefit")
    draft.marks.pop("bank_account_contract")  # nobody has looked at it yet
    states = {s.item.key: s for s in assess(draft, benefit(catalog), TODAY)}
    assert states["bank_account_contract"].mark.mark is Mark.UNCHECKED
    assert states["bank_account_contract"].problem is ProblemReason.UNCHECKED  # not MISSING
    with pytest.raises(IntakeRefused) as refused:
        accept(db, operator, draft, TODAY, catalog=catalog)
    assert [p.reason for p in refused.value.problems] == [ProblemReason.UNCHECKED]
    with pytest.raises(NotAllChecked) as unchecked:  # a refusal lists only what was found missing
        refuse(db, operator, draft, TODAY, catalog=catalog)
    assert unchecked.value.keys == ["bank_account_contract"]
    draft.marks["bank_account_contract"] = ItemMark(mark=Mark.MISSING)  # "0 — missing", decided
    number = refuse(db, operator, draft, TODAY, catalog=catalog)
    assert number.endswith("-0001")


def test_the_id_cards_issue_date_is_read_as_an_issue_date(catalog):
    version = benefit(catalog)
    draft = complete_draft(catalog, "guardian-benefit")
    (item,) = [i for i in required_items(version, draft.checklist_answers()) if i.key == "identity_document"]
    assert item.document.date_asked is DocumentDate.ISSUE_DATE

    def problem(**typed) -> ProblemReason | None:
        draft.marks[item.key] = ItemMark(mark=Mark.ORIGINAL, **typed)
        return next(s for s in assess(draft, version, TODAY) if s.item.key == item.key).problem

    assert problem(issued_on=dt.date(2020, 1, 15)) is None  # five years ago: valid, not "expired"
    assert (
        problem(issued_on=TODAY - dt.timedelta(days=item.document.validity.days + 1)) is ProblemReason.EXPIRED
    )
    assert problem() is None  # the issue date typed on the Applicant page (15.01.2020) is used
    draft.applicant.id_document.issued_on = None
    assert problem() is ProblemReason.UNDATED
    # A valid-until date typed on a row that asks for the issue date is not read as an expiry.
    assert problem(expires_on=dt.date(2020, 1, 15)) is ProblemReason.UNDATED


def test_a_valid_until_row_is_checked_only_when_a_date_is_typed(catalog):
    version = benefit(catalog)
    draft = complete_draft(catalog, "guardian-benefit")
    key = "bank_account_contract"
    document = next(d for d in version.documents if d.key == key)
    assert document.date_asked is DocumentDate.VALID_UNTIL
    states = lambda: {s.item.key: s.problem for s in assess(draft, version, TODAY)}
    assert states()[key] is None
    draft.marks[key] = ItemMark(mark=Mark.COPY, expires_on=TODAY - dt.timedelta(days=1))
    assert states()[key] is ProblemReason.EXPIRED
    assert next(d for d in version.documents if d.key == "application").date_asked is DocumentDate.NONE


@pytest.fixture
def wizard(qtbot, loop, db, catalog, operator):
    i18n.set_language("en")
    w = IntakeWizard(db, catalog, operator, OfficeSettings(db).load(), clock=SettableClock.on(TODAY))
    qtbot.addWidget(w)
    w.show()
    return w


def test_the_checklist_page_shows_unchecked_rows_and_the_date_each_asks_for(wizard, catalog, qtmodeltester):
    draft = complete_draft(catalog, "guardian-benefit")
    draft.marks.clear()
    draft.page = PageId.CHECKLIST
    wizard.start(draft)
    assert wizard.currentId() == PageId.CHECKLIST
    page = wizard.page(PageId.CHECKLIST)
    model = page.model
    qtmodeltester.check(model, force_py=True)
    rows = {page.items[r].key: r for r in range(model.rowCount())}
    column = {model.headerData(c, Qt.Orientation.Horizontal): c for c in range(model.columnCount())}
    assert list(column) == ["№", "Document", "Mark", "Date asked", "Date", "Status"]
    for row in range(model.rowCount()):
        assert model.text(row, column["Mark"]) == "not yet checked"
        assert model.text(row, column["Status"]) == "not yet checked"
        assert model.text(row, column["№"]) == str(page.items[row].document.number)  # the law's number
    id_row = rows["identity_document"]
    assert model.text(id_row, column["Date asked"]) == "issue date"
    assert model.text(id_row, column["Date"]) == "15.01.2020"  # from the Applicant page
    assert model.text(rows["bank_account_contract"], column["Date asked"]) == "valid until"
    application = model.index(rows["application"], column["Date"])
    assert application.data() == "—" and not model.flags(application) & Qt.ItemFlag.ItemIsEditable
    assert model.flags(model.index(id_row, column["Date"])) & Qt.ItemFlag.ItemIsEditable

    page.table.go_to(id_row, 2)
    page.set_mark(id_row, Mark.ORIGINAL)
    # the ID card's issue date, typed with D (as the view's editor hands it over)
    assert model.setData(model.index(id_row, column["Date"]), "10.03.2019")
    assert draft.marks["identity_document"].issued_on == dt.date(2019, 3, 10)
    assert model.text(id_row, column["Date"]) == "10.03.2019"
    assert model.text(id_row, column["Status"]) == "in order"  # not "expired"
    assert wizard.draft.marks["identity_document"].expires_on is None


def test_the_checklist_rows_are_one_line_high_when_their_text_fits(qtbot, wizard, catalog):
    """The rows are measured once the page has its width (the first fill comes before: every row stood two
    lines high until the first mark)."""
    draft = complete_draft(catalog, "guardian-benefit")
    draft.marks.clear()
    draft.page = PageId.CHECKLIST
    wizard.resize(1100, 720)
    wizard.start(draft)
    page = wizard.page(PageId.CHECKLIST)
    table = page.table
    line = table.fontMetrics().lineSpacing()
    width = table.columnWidth(1)

    def one_line_rows():
        fits = [
            r
            for r in range(page.model.rowCount())
            if table.fontMetrics().horizontalAdvance(page.model.text(r, 1)) + 12 < width
        ]
        return fits and all(table.rowHeight(r) < 2 * line for r in fits)

    qtbot.waitUntil(one_line_rows, timeout=3000)


def test_a_mark_typed_right_after_a_dates_enter_marks_the_row(qtbot, wizard, catalog):
    """D, the date, Enter and at once the mark's key: the date is kept and the key marks the row (Qt's delegate
    closed the date's editor later, so a quick operator's mark key was typed into the date instead)."""
    from PySide6.QtWidgets import QApplication

    from counter_app.ui.intake.pages.base import MARK_KEYS

    draft = complete_draft(catalog, "guardian-benefit")
    draft.marks.clear()
    draft.page = PageId.CHECKLIST
    wizard.start(draft)
    page = wizard.page(PageId.CHECKLIST)
    row = next(r for r, item in enumerate(page.items) if item.key == "identity_document")
    page.table.setFocus()
    page.table.go_to(row, 2)
    original = next(key for key, mark in MARK_KEYS.items() if mark is Mark.ORIGINAL)
    qtbot.keyClick(page.table, Qt.Key.Key_D)
    editor = QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "10.03.2019")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClick(QApplication.focusWidget(), original)  # before the program runs its queued work
    QApplication.processEvents()
    assert wizard.draft.marks["identity_document"].issued_on == dt.date(2019, 3, 10)
    assert wizard.draft.marks["identity_document"].mark is Mark.ORIGINAL


def test_a_language_switch_keeps_the_row_the_operator_is_on(wizard, catalog):
    """Shown again for the same citizen (the language switched mid-checklist), the keyboard stays on the row the
    operator was marking: back on the first row, the next marks typed would change the rows already marked. A new
    citizen's checklist starts on the first row."""
    from counter_app.core.domain.i18n import set_language

    draft = complete_draft(catalog, "guardian-benefit")
    draft.marks.clear()
    draft.page = PageId.CHECKLIST
    wizard.start(draft)
    page = wizard.page(PageId.CHECKLIST)
    page.set_mark(0, Mark.ORIGINAL)  # marks the first row and moves down
    page.set_mark(1, Mark.ORIGINAL)
    assert page.table.current_row() == 2
    try:
        set_language("ru")
        wizard.retranslate()
    finally:
        set_language("en")
        wizard.retranslate()
    assert page.table.current_row() == 2
    fresh = complete_draft(catalog, "guardian-benefit")
    fresh.page = PageId.CHECKLIST
    wizard.start(fresh)
    assert page.table.current_row() == 0
