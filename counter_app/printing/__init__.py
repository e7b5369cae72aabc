"""Printed forms the citizen takes home: refusal receipt (App. 3), acceptance receipt, application.

Input is plain data (:mod:`counter_app.printing.model`); texts are in ``forms/printed/``; every render
function takes the print language and returns PDF bytes.
"""

import counter_app.printing.reportlab_import  # noqa: F401  (first: ReportLab without its start-up waste)
from counter_app.printing.layout import document_sha256
from counter_app.printing.model import (
    AcceptanceReceipt,
    Applicant,
    ApplicationForm,
    ChildRecord,
    GuardianDecision,
    IdentityDocument,
    Issuer,
    ReceiptLine,
    RefusalReceipt,
    application_variant_for,
    refusal_variant_for,
    service_name,
)
from counter_app.printing.render import render_acceptance_receipt, render_application, render_refusal_receipt

__all__ = [
    "AcceptanceReceipt",
    "Applicant",
    "ApplicationForm",
    "ChildRecord",
    "GuardianDecision",
    "IdentityDocument",
    "Issuer",
    "ReceiptLine",
    "RefusalReceipt",
    "application_variant_for",
    "document_sha256",
    "refusal_variant_for",
    "render_acceptance_receipt",
    "render_application",
    "render_refusal_receipt",
    "service_name",
]
