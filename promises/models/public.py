"""When what a visitor of the public pages sees last changed: the version behind their ETag."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..fields import CharField  # normalising fields, see fields.py


class PublicRevision(models.Model):
    """When the public content of one promise, of one kommun's pages, or of the list of kommuner
    (the home page) last changed, or when one public status update last changed (its feed entry).

    Written only by ``promises.public_revision`` in the transaction of the change itself, and read
    by the public pages for their ETag and Last-Modified. A row of its own, not a column of the
    promise: a save of a promise loaded before the stamp moved would write the old stamp back.
    The object is named by kind and id, without a foreign key, so that a stamp outlives a deletion
    and a restored object (same id) continues from it.
    """

    class Kind(models.TextChoices):
        HOME = "home", _("listan över kommuner")
        MUNICIPALITY = "kommun", _("kommun")
        PROMISE = "lofte", _("löfte")
        UPDATE = "uppdatering", _("statusuppdatering")

    # Derived data: no history and no admin of its own (see ActivitySummary).
    derived = True

    kind = CharField(_("typ"), max_length=20, choices=Kind.choices)
    object_id = models.BigIntegerField(_("id"))
    changed_at = models.DateTimeField(_("senast ändrad för allmänheten"))

    class Meta:
        verbose_name = _("offentlig version")
        verbose_name_plural = _("offentliga versioner")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="public_revision_object")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.changed_at.isoformat()}"
