"""Deleting so that it can be restored, and restoring: "Borttaget" brings a deletion back whole."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..audit import Restorable, RestorableRoot, is_restorable
from ..models import Deletion
from .writes import delete, deletion_description, save


@transaction.atomic
def delete_restorable(*, instance: RestorableRoot, user, reason: str = "") -> None:
    """Delete a promise, focus area, activity or status update so that it can be restored."""
    delete(instance, user=user, reason=reason)


# Restoring ------------------------------------------------------------------------------------


def _restorable_models() -> list[type[Restorable]]:
    """Every model whose history rows can belong to a deletion (``Restorable``), parents before
    children (each model's ``restore_order``), so that every restored row finds what it belongs
    to."""
    models = [model for model in apps.get_models() if is_restorable(model)]
    return sorted(models, key=lambda model: model.restore_order)


@transaction.atomic
def restore_deletion(*, deletion: Deletion, user) -> int:
    """Bring back everything ``deletion`` removed, with the same ids so that each object's history
    continues where it stopped. Returns how many objects came back."""
    deletion = Deletion.objects.select_for_update().get(pk=deletion.pk)
    if deletion.restored_at is not None:
        raise ValidationError(_("Det här är redan återställt."))
    restored = 0
    for model in _restorable_models():
        rows = model.history.filter(deletion=deletion, history_type="-").order_by("history_id")
        for row in rows:
            instance = row.instance
            if model._default_manager.filter(pk=instance.pk).exists():
                continue
            try:
                instance.full_clean()
            except ValidationError as error:
                raise ValidationError(
                    _("%(object)s kan inte återställas: %(reason)s")
                    % {
                        "object": deletion_description(instance),
                        "reason": "; ".join(error.messages),
                    }
                ) from error
            instance._history_user = user
            instance._change_reason = _("Återställd")
            if hasattr(instance, "lock_version"):
                instance.lock_version += 1  # a restore is a change of its own
            instance.save(force_insert=True)
            # auto_now_add fields stamped the restore time; keep when the object was written.
            stamped = {
                field.attname: getattr(row, field.attname)
                for field in model._meta.concrete_fields
                if getattr(field, "auto_now_add", False)
            }
            if stamped:
                model._default_manager.filter(pk=instance.pk).update(**stamped)
            restored += 1
    deletion.restored_at = timezone.now()
    deletion.restored_by = user
    save(deletion, user=user, reason=_("Återställd"))
    return restored
