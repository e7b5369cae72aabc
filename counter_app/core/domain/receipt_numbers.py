"""The receipt number's format: ``<department>-<YYYYMMDD>-<NNNN>`` (handed out by ``core.usecases.numbering``)."""

from __future__ import annotations

import datetime as dt
import re

RECEIPT_NUMBER = re.compile(r"^(?P<department>.+)-(?P<day>\d{8})-(?P<serial>\d{4,})$")


def format_receipt_number(department: str, day: dt.date, serial: int) -> str:
    return f"{department}-{day:%Y%m%d}-{serial:04d}"
