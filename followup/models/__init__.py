"""Follow-up reports: the tjänsteutlåtanden in which a kommun reports a promise to a committee.

- ``reports``: Report, drafted from the chain, edited, then issued: its content frozen as a snapshot,
  its PDF stored with a SHA-256 checksum, and from then on nothing about it may change;
- ``parts``: its entries per activity, signatories and documents, frozen with it;
- ``profiles``: DocumentProfile, how a kommun's documents look (sections, logo, font);
- ``assessment_documents``: AssessmentDocument, the lägesbild's tjänsteskrivelse as a PDF;
- ``layouts``: DraftLayout, the page count of a draft about to be issued (derived, no history).

``from followup.models import Report`` is the one import path.
"""

from .assessment_documents import AssessmentDocument
from .layouts import DraftLayout
from .parts import ReportActivityEntry, ReportDocument, ReportPart, ReportSignatory
from .profiles import DocumentProfile
from .reports import (
    CHECKLIST_CHOICE,
    CHECKLIST_TEXT,
    CHILD_CHECKLIST,
    ISSUE_STALLED_AFTER,
    IssuedReportIsImmutable,
    Report,
    pdf_upload_to,
)

__all__ = [
    "CHECKLIST_CHOICE",
    "CHECKLIST_TEXT",
    "CHILD_CHECKLIST",
    "ISSUE_STALLED_AFTER",
    "AssessmentDocument",
    "DocumentProfile",
    "DraftLayout",
    "IssuedReportIsImmutable",
    "Report",
    "ReportActivityEntry",
    "ReportDocument",
    "ReportPart",
    "ReportSignatory",
    "pdf_upload_to",
]
