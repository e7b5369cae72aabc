"""The banks an applicant's personal account can be in (``forms/banks.yaml``) and the account number check.

The benefit's application (App. 1 of its rules, seed 001) asks for the personal account number and the bank's
name. The account is an IBAN (Kazakhstan: ``KZ``, two check digits, the bank's three-character code and
thirteen characters, 20 in all); its check digits are verified with python-stdnum.
"""

from __future__ import annotations

from typing import Annotated

from counter_app.core.domain.law_text import LocalizedText, Rule, Strict, record

BANKS_FILE = "banks.yaml"


@record
class Bank(Strict):
    code: Annotated[str, Rule(pattern=r"^[a-z][a-z0-9_]*$")]
    name: LocalizedText  # the bank's name as printed on the application
    short: LocalizedText  # the name the wizard's list shows (the operator types its first letters)
    bic: Annotated[str, Rule(pattern=r"^[A-Z0-9]{8}([A-Z0-9]{3})?$")]


@record
class BanksFile(Strict):
    source: str  # where the list comes from and who keeps it current
    banks: tuple[Bank, ...]

    def check(self) -> None:
        codes = [b.code for b in self.banks]
        if not codes:
            raise ValueError("the list of banks is empty")
        duplicates = sorted({c for c in codes if codes.count(c) > 1})
        if duplicates:
            raise ValueError(f"duplicate bank codes: {duplicates}")


class InvalidAccount(ValueError):
    """The text is not a Kazakhstan IBAN with valid check digits; ``reason`` is ``format`` or ``check_digits``."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def parse_account(text: str) -> str:
    """The account number in its compact form (``KZ86125KZT5004100100``); raises InvalidAccount."""
    compact = "".join(text.split()).upper()
    if (
        len(compact) != 20
        or not compact.startswith("KZ")
        or not compact[2:4].isdigit()
        or not compact.isalnum()
    ):
        raise InvalidAccount("format")
    # imported when used: python-stdnum's import is slow (its registry), and the start does not need it
    from stdnum import iban
    from stdnum.exceptions import ValidationError

    try:
        return iban.validate(compact)
    except ValidationError:
        raise InvalidAccount("check_digits") from None


def format_account(compact: str) -> str:
    """The account in groups of four, as banks print it (``KZ86 125K ZT50 0410 0100``)."""
    from stdnum import iban

    return iban.format(compact)
