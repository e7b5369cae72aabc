"""What every screen needs: the database and the services built on it, plus the loaded catalog."""

from __future__ import annotations

from dataclasses import dataclass, field

from counter_app.core.domain.catalog import Catalog
from counter_app.core.domain.office import Bilingual, Office
from counter_app.core.usecases.accounts import Accounts
from counter_app.core.usecases.office_settings import OfficeSettings
from counter_app.storage.db import Database

BLANK_OFFICE = Office(
    Bilingual("", ""), "", Bilingual("", "")
)  # what a screen shows until the office is read


@dataclass
class AppContext:
    db: Database
    catalog: Catalog
    accounts: Accounts = field(init=False)
    office_settings: OfficeSettings = field(init=False)

    def __post_init__(self) -> None:
        self.accounts = Accounts(self.db)
        self.office_settings = OfficeSettings(self.db)
