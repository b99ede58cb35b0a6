"""An upload on its way into a promise: what was read from the file, what the check found, and
where the import stands. It is bookkeeping, not part of the chain (the chain's own history says
what the import wrote, "Importerad från …"); a user keeps one per promise, the newest."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from promises.fields import CharField
from promises.models import Promise
from promises.validators import NO_ID_NUMBER


class ImportJob(models.Model):
    class Status(models.TextChoices):
        CHECKING = "kontrolleras", _("Kontrolleras")
        READY = "klar", _("Klar att importera")
        INVALID = "fel", _("Har fel")
        IMPORTING = "importeras", _("Importeras")
        DONE = "importerad", _("Importerad")
        FAILED = "misslyckades", _("Misslyckades")

    promise = models.ForeignKey(
        Promise,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("löfte"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("uppladdad av"),
    )
    created_at = models.DateTimeField(_("uppladdad"), auto_now_add=True)
    file_name = CharField(_("filnamn"), max_length=150, validators=NO_ID_NUMBER)
    status = CharField(_("status"), max_length=20, choices=Status.choices, default=Status.CHECKING)
    # The uploaded file, until the check has read it (then emptied).
    content = models.BinaryField(_("filen"), blank=True, default=b"", editable=False)
    # The areas and activities read from the file (imports.rows.PlannedArea as JSON), what the
    # check found wrong (text lines), notes about what was skipped, and the preview (what the
    # import will create or change, from the check run).
    areas = models.JSONField(_("områden"), default=list, blank=True)
    problems = models.JSONField(_("fel"), default=list, blank=True)
    notices = models.JSONField(_("noteringar"), default=list, blank=True)
    preview = models.JSONField(_("förhandsgranskning"), default=list, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("importer")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.IMPORTING)

    @property
    def reason(self) -> str:
        return _("Importerad från %(name)s") % {"name": self.file_name}
