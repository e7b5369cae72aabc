"""The manager's Handoff screen (issue #6): queue per provider, manifests, courier custody, unclaimed results."""

from counter_app.ui.handoff.screen import HandoffScreen

__all__ = ["HandoffScreen"]
