"""The service catalog for every role: find a service, see what it needs, or where the citizen must go instead."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.domain.catalog import (
    Catalog,
    Channel,
    DocumentKind,
    LocalizedText,
    Service,
    ServiceVersion,
)
from counter_app.core.domain.clock import Clock, system_clock
from counter_app.core.domain.i18n import N_, _, current_language
from counter_app.ui.kit.formats import format_date
from counter_app.ui.kit.widgets import ArrowsToList, WrappingList
from counter_app.ui.screens import title_label

CHANNEL_NAMES = {
    Channel.STATE_CORPORATION: N_("State Corporation counter"),
    Channel.PORTAL: N_("e-government portal"),
    Channel.PROVIDER_OFFICE: N_("provider's office"),
    Channel.SCHOOL: N_("school"),
}
DOCUMENT_KIND_NAMES = {
    DocumentKind.APPLICATION: N_("application filled in at the counter"),
    DocumentKind.ORIGINAL: N_("original shown and returned"),
    DocumentKind.COPY: N_("copy kept; original shown and returned"),
    DocumentKind.NOTARISED: N_("notarised document kept"),
    DocumentKind.INFORMATION_SYSTEM: N_("obtained by the operator from a state information system"),
}


def _p(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def law(text: LocalizedText, lang: str) -> str:
    """A text quoted from the law: Kazakh or Russian; an English UI shows the Russian original."""
    return text.ru if lang == "en" else text.get(lang)


def _b(text: str) -> str:
    return f"<b>{_p(text)}</b>"


def service_details_html(service: Service, version: ServiceVersion, lang: str) -> str:
    """The selected service in the UI language (English shows the Russian law text with English labels)."""
    parts: list[str] = [f"<h2>{_p(service.names.get(lang))}</h2>"]
    short = service.short_names.get(lang)
    if short and short != service.names.get(lang):
        parts.append(f"<p><i>{_p(short)}</i></p>")
    if not version.accepted_at_counter:
        redirect = version.redirect.get(lang) if version.redirect else ""
        parts.append(
            '<table width="100%" cellpadding="10" style="background-color:#fdecea; border: 2px solid #b00020;">'
            '<tr><td><p style="color:#b00020; font-size:large;">'
            + _b(_("The counter does not take this service"))
            + "</p><p>"
            + _b(_("Where to go and why:"))
            + f" {_p(redirect)}</p></td></tr></table>"
        )
    else:
        parts.append(
            '<p style="color:#1b5e20; font-size:large;">' + _b(_("The counter takes this service")) + "</p>"
        )
    source = version.legal_source
    rows = [
        (_("Provider"), version.provider.name.get(lang)),
        (_("Where to apply"), ", ".join(_(CHANNEL_NAMES[c]) for c in version.channels)),
        (_("Term"), law(version.term.text, lang)),
        (_("Fee"), law(version.fee, lang)),
        (_("Result"), law(version.result, lang)),
        (
            _("Legal source"),
            _("{act} No. {number} of {date}").format(
                act=source.act.get(lang), number=source.number, date=format_date(source.date)
            )
            + (" — " + _("appendix {appendix}").format(appendix=source.appendix) if source.appendix else ""),
        ),
        (_("In force since"), format_date(version.effective_from)),
    ]
    if version.jurisdiction.text is not None:
        rows.append((_("Where the applicant must be registered"), version.jurisdiction.text.get(lang)))
    parts.append('<table width="100%" cellpadding="4" cellspacing="0">')
    for label, value in rows:
        parts.append(
            f'<tr><td valign="top" width="28%"><b>{_p(label)}</b></td><td valign="top">{_p(value)}</td></tr>'
        )
    parts.append("</table>")
    if version.documents:
        parts.append("<h3>" + _p(_("Documents")) + "</h3><ol>")
        for document in version.documents:
            lines = [f"<b>{_p(document.label.get(lang))}</b>"]
            wording = law(document.wording, lang)
            if wording and wording.casefold() != document.label.get(lang).casefold():
                lines.append(_p(wording))
            facts = [_(DOCUMENT_KIND_NAMES[document.kind])]
            if document.information_system and document.kind != DocumentKind.INFORMATION_SYSTEM:
                facts.append(_("the operator may obtain it from a state information system"))
            if document.e_document_allowed:
                facts.append(_("an e-document from the digital documents service is accepted"))
            lines.append(f"<i>{_p('; '.join(facts))}</i>")
            if document.per_child:
                lines.append(_b(_("For each child.")))
            if document.condition is not None:
                lines.append(_b(_("Required only:")) + " " + _p(document.condition.text.get(lang)))
            if document.alternatives:
                choices = "".join(f"<li>{_p(law(a, lang))}</li>" for a in document.alternatives)
                lines.append(_b(_("Any one of these is enough:")) + f"<ul>{choices}</ul>")
            if document.validity is not None:
                lines.append(
                    _p(
                        _("Valid for {days} days after issue ({source}).").format(
                            days=document.validity.days, source=document.validity.source.get(lang)
                        )
                    )
                )
            parts.append(f'<li style="margin-bottom: 6px;">{"<br>".join(lines)}</li>')
        parts.append("</ol>")
    if version.intake_refusal_grounds:
        parts.append("<h3>" + _p(_("Grounds to refuse at intake")) + "</h3><ul>")
        parts.extend(f"<li>{_p(law(ground, lang))}</li>" for ground in version.intake_refusal_grounds)
        parts.append("</ul>")
    return "".join(parts)


class CatalogScreen(QWidget):
    def __init__(self, catalog: Catalog, clock: Clock = system_clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._clock = clock
        self.title = title_label()
        self.search_label = QLabel()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search_label.setBuddy(self.search)
        self.search.textChanged.connect(self._fill)
        self.services = WrappingList()
        self.services.setSpacing(2)
        self.services.currentItemChanged.connect(lambda *_args: self._show_selected())
        self.search.installEventFilter(ArrowsToList(self.services))
        self.details = QTextBrowser()
        self.details.setOpenLinks(False)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search_label)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.services, 1)
        left_layout.addWidget(self.empty)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.splitter, 1)
        self.setTabOrder(self.search, self.services)
        self.setTabOrder(self.services, self.details)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(_("Service catalog"))
        self.search_label.setText(_("&Search (any word in Kazakh or Russian):"))
        self.search.setPlaceholderText(_("for example: қорғаншылық, опека"))
        self._fill()

    def shown_codes(self) -> list[str]:
        return [self.services.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.services.count())]

    def select(self, code: str) -> None:
        for index, shown in enumerate(self.shown_codes()):
            if shown == code:
                self.services.setCurrentRow(index)
                return
        raise KeyError(code)

    def _fill(self) -> None:
        lang = current_language()
        selected = self.services.currentItem()
        selected_code = selected.data(Qt.ItemDataRole.UserRole) if selected else None
        words = self.search.text().strip()
        matching = {s.code for s in self._catalog.search(words)} if words else None
        rows = [
            (service, version)
            for service, version in self._catalog.in_force(self._clock().date())
            if matching is None or service.code in matching
        ]
        rows.sort(key=lambda row: (not row[1].accepted_at_counter, row[0].name(lang).casefold()))
        self.services.blockSignals(True)
        self.services.clear()
        for service, version in rows:
            mark = (
                "✔ " + _("The counter takes it")
                if version.accepted_at_counter
                else "✖ " + _("Not at the counter: see where to go")
            )
            item = QListWidgetItem(f"{service.name(lang)}\n{mark}")
            item.setData(Qt.ItemDataRole.UserRole, service.code)
            item.setToolTip(service.name(lang))
            if not version.accepted_at_counter:
                item.setForeground(QBrush(QColor("#7a1020")))
            self.services.addItem(item)
            if service.code == selected_code:
                self.services.setCurrentItem(item)
        self.services.fit_items()
        self.services.blockSignals(False)
        if self.services.currentItem() is None and self.services.count():
            self.services.setCurrentRow(0)
        if not rows:
            self.empty.setText(_("No service in force today matches these words."))
        self.empty.setVisible(not rows)
        self._show_selected()

    def _show_selected(self) -> None:
        item = self.services.currentItem()
        if item is None:
            self.details.clear()
            return
        service = self._catalog.service(item.data(Qt.ItemDataRole.UserRole))
        version = service.version_on(self._clock().date())
        if version is None:
            self.details.clear()
            return
        self.details.setHtml(service_details_html(service, version, current_language()))
