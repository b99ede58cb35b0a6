"""The change reason a write carries into the history, checked before anything is written.

A service sets ``instance._change_reason`` and saves (or deletes); django-simple-history copies it
into the history row after the write. Checking it in ``pre_save``/``pre_delete`` covers every write
of every model of our apps, whatever service or path set it, and refuses before the row is touched:
too long or holding a personnummer gives a ValidationError on ``change_reason`` (the edit forms
show it next to that field), and the reason is stored normalised like every other text.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from .models import Membership, Organisation
from .querysets import forget_reach
from .text import CHANGE_REASON_MAX_LENGTH, normalize_text
from .validators import validate_no_personal_identity_number

PROJECT_APP_LABELS = frozenset({"promises", "followup"})


def clean_change_reason(reason: str) -> str:
    """``reason`` normalised; a ValidationError on ``change_reason`` if it may not be stored."""
    reason = normalize_text(reason)
    try:
        MaxLengthValidator(CHANGE_REASON_MAX_LENGTH)(reason)
        validate_no_personal_identity_number(reason)
    except ValidationError as error:
        raise ValidationError({"change_reason": error.error_list}) from None
    return reason


@receiver(pre_save)
@receiver(pre_delete)
def check_change_reason(sender, instance, **kwargs):
    if sender._meta.app_label not in PROJECT_APP_LABELS:
        return
    reason = getattr(instance, "_change_reason", None)
    if isinstance(reason, str) and reason:
        instance._change_reason = clean_change_reason(reason)


# The kommuner a user reaches are remembered on the user object (querysets.municipality_ids): any
# change of a membership, an organisation or a police area's coverage voids what was remembered.
for _signal in (post_save, post_delete):
    _signal.connect(
        forget_reach, sender=Membership, dispatch_uid=f"forget_reach_membership_{_signal}"
    )
    _signal.connect(forget_reach, sender=Organisation, dispatch_uid=f"forget_reach_org_{_signal}")
m2m_changed.connect(
    forget_reach,
    sender=Organisation.covered_municipalities.through,
    dispatch_uid="forget_reach_coverage",
)
