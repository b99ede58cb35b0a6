"""Optimistic locking: every editable object carries its version in its own row.

An edit form reads the version in the same query as the fields it shows (it is a column of the row),
and a save is a compare-and-swap: ``UPDATE … SET lock_version = v + 1 WHERE id = … AND
lock_version = v``. Zero rows updated means someone else saved (or deleted) the object since ``v``
was read: the save is refused with :class:`StaleVersion`, never applied over the newer change.

The check lives in ``save()`` itself, so it holds on every write path (services, admin, shell): a
save without an explicit ``expected_version`` compares against the version the instance was loaded
with. The services turn :class:`StaleVersion` into an edit conflict that names who changed what.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class StaleVersion(ValidationError):
    """The row is no longer at the version the save was based on (or no longer exists)."""

    def __init__(self, instance: models.Model, expected_version: int):
        super().__init__(_("Någon annan har ändrat det här medan du skrev."), code="stale_version")
        self.instance = instance
        self.expected_version = expected_version


class Versioned(models.Model):
    """Abstract base of every model a user edits in a form."""

    lock_version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, expected_version: int | None = None, **kwargs):
        if self._state.adding or kwargs.get("force_insert"):
            return super().save(*args, **kwargs)
        expected = self.lock_version if expected_version is None else int(expected_version)
        manager = type(self)._base_manager
        using = kwargs.get("using") or self._state.db or "default"
        with transaction.atomic(using=using):
            swapped = (
                manager.using(using)
                .filter(pk=self.pk, lock_version=expected)
                .update(lock_version=expected + 1)
            )
            if not swapped:
                raise StaleVersion(self, expected)
            previous, self.lock_version = self.lock_version, expected + 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "lock_version"}
            try:
                return super().save(*args, **kwargs)
            except BaseException:
                self.lock_version = previous
                raise
