"""The one dialog base that submits in the background (:class:`SubmitDialog`) and its OK/Cancel form
(:class:`FormDialog`): every dialog that writes runs its work through ``Op`` and has one error policy — a
failure is said in the one message box over the dialog, the dialog stays open with everything typed."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QVBoxLayout, QWidget

from counter_app.ui.kit import errors
from counter_app.ui.kit.operations import Op
from counter_app.ui.kit.widgets import ErrorLabel, follow_language


class InputProblem(ValueError):
    """A field a form cannot read (a date not typed as dd.mm.yyyy): said in red under the fields."""


class SubmitDialog(QDialog):
    """The one dialog base that submits in the background: ``submit(*args)`` runs ``work(*args)`` off the UI
    thread (:class:`Op`); the dialog closes only when it succeeded, after ``done(result)``.

    A failure (a refusal of the core, the database away) is shown in the one message box over the dialog
    (``kit.errors.error_box``), then ``refused(error)`` is called; the dialog stays open with everything typed.
    The widgets in ``busy_widgets`` are disabled while the work runs.
    """

    def __init__(
        self,
        work: Callable[..., Any],
        parent: QWidget | None = None,
        *,
        done: Callable[[Any], Any] | None = None,
        refused: Callable[[Exception], Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self._work = work
        self._done = done
        self._refused = refused
        self.error = ErrorLabel()
        self.busy_widgets: list[QWidget] = []
        self.task: asyncio.Task[Any] | None = None
        self.message: QMessageBox | None = None  # the last failure shown over the dialog
        follow_language(self, self.retranslate)

    def retranslate(self) -> None:
        pass

    def submitting(self) -> bool:
        return self.task is not None and not self.task.done()

    def submit(self, *args: Any) -> asyncio.Task[Any] | None:
        """Run ``work(*args)`` in the background; close when it succeeded."""
        work = self._work
        return self.run_work(lambda: work(*args), self._submitted)

    def run_work(
        self, work: Callable[[], Any], success: Callable[[Any], Any] | None = None
    ) -> asyncio.Task[Any] | None:
        """Run another piece of work of this dialog the same way (one at a time): ``success(result)`` after it
        succeeded (the dialog stays open unless ``success`` closes it), :meth:`failed` after it failed."""
        if self.submitting():
            return None
        self.error.clear_message()
        self.task = (
            Op(self, work)
            .busy(*self.busy_widgets)
            .success(success or (lambda _result: None))
            .failure(self.failed)
            .run()
        )
        return self.task

    def _submitted(self, result: Any) -> None:
        if self._done is not None:
            self._done(result)
        QDialog.accept(self)

    def complain(self, error: BaseException) -> None:
        """Say why in the one message box over the dialog; the focus comes back to the form when it closes."""
        self.message = errors.show_error(self, error)
        self.message.finished.connect(self._message_closed)

    def failed(self, error: Exception) -> None:
        self.complain(error)
        if self._refused is not None:
            self._refused(error)

    def _message_closed(self, _result: int) -> None:
        """Back in the form, where the focus was, to correct what the message said."""
        self.message = None
        self.activateWindow()


class FormDialog(SubmitDialog):
    """A dialog with OK and Cancel: OK reads ``values()`` and ``validate()``s them (a problem is said in red under
    the fields), then submits them. Subclasses put their fields in ``self.form_area`` and implement
    ``values()`` (may raise :class:`InputProblem`), ``validate()`` and ``retranslate()``.
    """

    def __init__(
        self,
        work: Callable[[Any], Any],
        parent: QWidget | None = None,
        *,
        done: Callable[[Any], Any] | None = None,
        refused: Callable[[Exception], Any] | None = None,
    ) -> None:
        super().__init__(work, parent, done=done, refused=refused)
        self.form_area = QVBoxLayout()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.busy_widgets.append(self.buttons)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addLayout(self.form_area)

    def finish_layout(self) -> None:
        """Put the error line and the buttons under everything the subclass added, and translate."""
        self.layout_.addWidget(self.error)
        self.layout_.addWidget(self.buttons)
        self.retranslate()

    def values(self) -> Any:
        raise NotImplementedError

    def validate(self) -> str | None:
        """A message in the UI language when the fields are not acceptable, else None."""
        return None

    def accept(self) -> None:
        if self.submitting():
            return
        try:
            values = self.values()
        except InputProblem as problem:
            self.error.show_message(str(problem))
            return
        problem = self.validate()
        if problem:
            self.error.show_message(problem)
            return
        self.submit(values)
