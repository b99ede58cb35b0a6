"""Due dates: what was promised to a committee and when ("Årsuppföljning till Kommunstyrelsen,
senast 2022-02-28"), and an agreement's check-ins ("kvartalsvisa avstämningar").

A due date belongs to exactly one promise or one agreement. It is met when a follow-up report that
names it is issued (``followup.issuing`` sets ``met_on`` in the issuing transaction; the report's
``due_date`` is the link to the report that met it), or when a coordinator records the date by hand
(a check-in is a meeting, not a report).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..audit import DeletionAwareHistory, audited_history
from ..fields import CharField
from ..limits import PLAUSIBLE_DATE
from ..querysets import DueDateQuerySet
from ..versioning import Versioned
from .common import NO_ID_NUMBER


class DueDate(Versioned):
    """A planned follow-up of a promise, or a check-in of an agreement, with its date and body."""

    # Restored with the promise a deletion took it with (after the promise, see audit.Restorable).
    restore_order = 20
    EDITABLE_FIELDS = ("kind", "title", "due_on", "recipient", "met_on")

    class Kind(models.TextChoices):
        # The first three are the kinds of a follow-up report (followup.Report.Kind), by value.
        HALF_YEAR = "halvarsuppfoljning", _("Halvårsuppföljning")
        ANNUAL = "arsuppfoljning", _("Årsuppföljning")
        CLOSING = "slutuppfoljning", _("Slutuppföljning")
        CHECK_IN = "avstamning", _("Avstämning")
        OTHER = "annan", _("Annan återrapportering")

    promise = models.ForeignKey(
        "Promise",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="due_dates",
        verbose_name=_("löfte"),
    )
    agreement = models.ForeignKey(
        "Agreement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="due_dates",
        verbose_name=_("överenskommelse"),
    )
    kind = CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.ANNUAL)
    title = CharField(
        _("rubrik"),
        max_length=200,
        validators=NO_ID_NUMBER,
        help_text=_("T.ex. Årsuppföljning till Kommunstyrelsen."),
    )
    due_on = models.DateField(
        _("senast"), validators=PLAUSIBLE_DATE, help_text=_("T.ex. 2022-02-28.")
    )
    recipient = CharField(
        _("mottagare"),
        max_length=120,
        validators=NO_ID_NUMBER,
        help_text=_("Det organ som ska få uppföljningen, t.ex. Kommunstyrelsen."),
    )
    met_on = models.DateField(
        _("klar den"),
        null=True,
        blank=True,
        validators=PLAUSIBLE_DATE,
        help_text=_(
            "Fylls i när en uppföljningsrapport som hör hit utfärdas. Fyll i själv när en "
            "avstämning har hållits."
        ),
    )

    history = audited_history(bases=[DeletionAwareHistory])
    objects = DueDateQuerySet.as_manager()

    class Meta:
        verbose_name = _("uppföljning att lämna")
        verbose_name_plural = _("uppföljningar att lämna")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(agreement__isnull=False) & Q(promise__isnull=True))
                | (Q(agreement__isnull=True) & Q(promise__isnull=False)),
                name="due_date_belongs_to_exactly_one_document",
                violation_error_message=_(
                    "En uppföljning hör till antingen en överenskommelse eller ett löfte."
                ),
            ),
        ]
        indexes = [
            # The reminders and the start page read the unmet ones by date.
            models.Index(fields=["due_on"], condition=Q(met_on__isnull=True), name="due_unmet"),
        ]

    def __str__(self) -> str:
        return f"{self.title}, {self.due_on.isoformat()}" if self.due_on else self.title

    @property
    def is_met(self) -> bool:
        return self.met_on is not None

    def is_overdue(self, day=None) -> bool:
        """Passed and not met ("försenad")."""
        return not self.is_met and self.due_on < (day or timezone.localdate())

    def clean(self):
        if self.met_on and self.met_on > timezone.localdate():
            raise ValidationError({"met_on": _("Datumet kan inte ligga i framtiden.")})
