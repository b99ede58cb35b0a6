"""The coordinator's follow-up colour of an åtgärd per follow-up period: Brå's "Uppföljning" column
(grön / gul / röd, with the reason), one per activity and period."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from promises.audit import DeletionAwareHistory, audited_history
from promises.fields import CharField, TextField
from promises.limits import PLAUSIBLE_DATE
from promises.models.common import NO_ID_NUMBER
from promises.text import PARAGRAPHS_MAX_LENGTH
from promises.versioning import Versioned


class Colour(models.TextChoices):
    """Brå's three follow-up colours. Never shown by colour alone: each has its word and its own
    shape (``SHAPES``), which the table, the PDF and the form show beside the colour."""

    GREEN = "gron", _("grön")
    YELLOW = "gul", _("gul")
    RED = "rod", _("röd")


# What each colour means, said in words next to it (the legend of the table and the form's help).
MEANINGS = {
    Colour.GREEN: _("går enligt plan"),
    Colour.YELLOW: _("delvis enligt plan, behöver åtgärdas"),
    Colour.RED: _("går inte enligt plan"),
}
# A shape per colour, so that the colour never carries the meaning alone (WCAG 1.4.1).
SHAPES = {Colour.GREEN: "●", Colour.YELLOW: "▲", Colour.RED: "■"}
# The colours whose reason must be given: a yellow or red mark says what is wrong.
REASON_REQUIRED = (Colour.YELLOW, Colour.RED)


class FollowUpRating(Versioned):
    """A colour for one activity of an åtgärdsplan in one follow-up period of its promise."""

    # Deleted with its activity and restored with it (promises.audit.Restorable), after it.
    restore_order = 50

    EDITABLE_FIELDS = ("colour", "reason")
    Colour = Colour

    activity = models.ForeignKey(
        "promises.Activity",
        on_delete=models.CASCADE,
        related_name="follow_up_ratings",
        verbose_name=_("aktivitet"),
    )
    period_start = models.DateField(_("periodens början"), validators=PLAUSIBLE_DATE)
    period_end = models.DateField(_("periodens slut"), validators=PLAUSIBLE_DATE)
    colour = CharField(
        _("färg"),
        max_length=10,
        choices=Colour.choices,
        help_text=_(
            "Grön: går enligt plan. Gul: delvis, behöver åtgärdas. Röd: går inte enligt plan."
        ),
    )
    reason = TextField(
        _("motivering"),
        max_length=PARAGRAPHS_MAX_LENGTH,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_(
            "Varför färgen, t.ex. Två av fyra planerade trygghetsvandringar genomförda; "
            "skolorna kom med i höst. Krävs för gul och röd."
        ),
    )

    history = audited_history(bases=[DeletionAwareHistory])

    class Meta:
        verbose_name = _("uppföljningsfärg")
        verbose_name_plural = _("uppföljningsfärger")
        ordering = ["activity", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "period_start"], name="unique_rating_per_activity_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.period_start}: {self.get_colour_display()}"

    @property
    def shape(self) -> str:
        return SHAPES.get(self.colour, "")

    @property
    def meaning(self) -> str:
        return str(MEANINGS.get(self.colour, ""))

    def clean(self):
        errors = {}
        if self.colour in REASON_REQUIRED and not (self.reason or "").strip():
            errors["reason"] = _("Skriv varför åtgärden är markerad gul eller röd.")
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("Slutdatumet kan inte ligga före startdatumet.")
        if errors:
            raise ValidationError(errors)
