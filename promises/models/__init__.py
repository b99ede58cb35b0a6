"""The chain: organisation → agreement → promise → focus area → activity → status update.

Every model keeps a full history (django-simple-history); the rules that concern more than one field
live in ``clean()`` so that services, forms and the admin all enforce them with the same message on
the same field.

One module per part of the chain, all re-exported here, so ``from promises.models import Activity``
is the one way to import a model:

- ``organisations``: Organisation (kommun or lokalpolisområde) and Membership (a user's role in one);
- ``documents``: Agreement (samverkansöverenskommelse), Promise (medborgarlöfte or åtgärdsplan) and
  their Signatory;
- ``plan``: FocusArea, Activity and StatusUpdate;
- ``followups``: DueDate, a planned follow-up to a committee or an agreement's check-in;
- ``deletions``: Deletion, one restorable deletion made by a user;
- ``summaries``: ActivitySummary, each activity's newest update, kept beside it;
- ``public``: PublicRevision, when what the public pages show last changed.
"""

from .deletions import Deletion
from .documents import Agreement, Promise, Signatory
from .followups import DueDate
from .organisations import Membership, Organisation
from .plan import Activity, FocusArea, StatusUpdate
from .public import PublicRevision
from .summaries import ActivitySummary

__all__ = [
    "Activity",
    "ActivitySummary",
    "Agreement",
    "Deletion",
    "DueDate",
    "FocusArea",
    "Membership",
    "Organisation",
    "Promise",
    "PublicRevision",
    "Signatory",
    "StatusUpdate",
]
