"""The UI kit: the one home of what every screen is built from.

- ``operations``: :class:`Op` runs a use-case off the UI thread and calls back on it (busy widgets, newest-wins
  reloads with :class:`Newest`, failures to the one message box);
- ``errors``: the one message box (refusals, the database unavailable, anything unexpected);
- ``dialogs``: :class:`SubmitDialog` / :class:`FormDialog`, the one dialog base that submits in the background;
- ``table``: :class:`RowsModel`, the one table model, and ``table_view`` (every table of every screen);
- ``formats``: the one set of date, time, name and IIN formatters;
- ``date_field``: :class:`DateField`, the one date field (``dd.mm.yyyy``, a calendar, left with one Tab);
- ``keyboard``: keys that mean the same on every screen (Enter presses a focused button, as Space does);
- ``widgets``: language following, inline messages and the other small widgets.
"""
