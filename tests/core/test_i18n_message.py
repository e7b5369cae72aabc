"""A message shown on screen can be said again in another language (core.i18n.Message)."""

from __future__ import annotations

from counter_app.core.domain import i18n
from counter_app.core.domain.i18n import Message, _, again


def test_a_message_and_its_arguments_are_said_again_in_the_new_language():
    previous = i18n.current_language()
    try:
        i18n.set_language("en")
        inner = _("Settings")
        text = _("Type the time as {pattern}, e.g. {example}.").format(pattern=_("hh:mm"), example="09:40")
        assert isinstance(text, Message) and text == "Type the time as hh:mm, e.g. 09:40."
        i18n.set_language("ru")
        assert text.again() == "Введите время в формате чч:мм, например 09:40."
        assert again(inner) == "Настройки" and again("plain") == "plain"
        i18n.set_language("kk")
        assert "сс:мм" in text.again() and "hh:mm" not in text.again()
    finally:
        i18n.set_language(previous)


def test_a_listener_that_removes_itself_does_not_hide_the_next_one():
    heard: list[str] = []

    def gone(lang: str) -> None:  # a listener whose widget was deleted
        i18n.remove_language_listener(gone)

    def alive(lang: str) -> None:
        heard.append(lang)

    i18n.on_language_changed(gone)
    i18n.on_language_changed(alive)
    try:
        i18n.set_language("ru")
        assert heard == ["ru"]
    finally:
        i18n.remove_language_listener(alive)
        i18n.set_language("en")


def test_an_empty_message_stays_empty_in_every_language_not_the_catalog_header():
    previous = i18n.current_language()
    try:
        for lang in ("en", "kk", "ru"):
            i18n.set_language(lang)
            assert _("") == "" and i18n.gettext_in(lang, "") == ""
        assert "Content-Type" in i18n.translations("ru").gettext("")  # what gettext itself answers
    finally:
        i18n.set_language(previous)
