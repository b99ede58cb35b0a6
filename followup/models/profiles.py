"""A kommun's document profile: how its committee documents look, edited by its coordinators.

The section headings and their order (``followup.outline``), the word in the header
(tjänsteskrivelse or tjänsteutlåtande), whether the kommun answers the barnchecklista or writes a
Barnperspektiv section, its logo, the address footer and the font. A report takes the profile as it
is when the report's snapshot is taken; an issued report keeps the profile it was issued with.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from promises.audit import audited_history
from promises.fields import CharField, TextField  # normalising, see fields.py
from promises.text import PARAGRAPHS_MAX_LENGTH
from promises.validators import NO_ID_NUMBER
from promises.versioning import Versioned

from ..fonts import DEFAULT_FONT, FONT_CHOICES
from ..outline import default_sections
from .reports import Report

LOGO_MAX_BYTES = 300 * 1024


class DocumentProfile(Versioned):
    # The logo's bytes are not diffed in the history; its checksum there stands for it.
    history_hidden_fields = ("logo",)

    class LogoType(models.TextChoices):
        PNG = "image/png", "PNG"
        SVG = "image/svg+xml", "SVG"

    municipality = models.OneToOneField(
        "promises.Organisation",
        on_delete=models.CASCADE,
        related_name="document_profile",
        verbose_name=_("kommun"),
    )
    document_type = CharField(
        _("ordet i sidhuvudet"),
        max_length=20,
        choices=Report.DocumentType.choices,
        default=Report.DocumentType.STATEMENT,
        help_text=_("Det dokumentet kallas i er kommun, t.ex. Tjänsteskrivelse."),
    )
    sections = models.JSONField(
        _("avsnitt"),
        default=default_sections,
        help_text=_("Dokumentets avsnitt med rubrik och nivå, i ordning."),
    )
    uses_child_checklist = models.BooleanField(
        _("kommunen använder barnchecklista"),
        default=False,
        help_text=_(
            "Barnchecklistan läggs sist i dokumentet, på en egen sida. Utan checklista skriver "
            "ni ett avsnitt om barnperspektiv i stället."
        ),
    )
    logo = models.BinaryField(_("logotyp"), blank=True, default=b"", editable=False)
    logo_type = CharField(
        _("logotypens format"), max_length=20, choices=LogoType.choices, blank=True
    )
    logo_sha256 = CharField(_("logotypens kontrollsumma"), max_length=64, blank=True)
    logo_alt = CharField(
        _("logotypens alternativtext"),
        max_length=200,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_("Vad logotypen föreställer, för den som inte ser den, t.ex. Knivsta kommun."),
    )
    footer = TextField(
        _("adressfot"),
        max_length=PARAGRAPHS_MAX_LENGTH,
        blank=True,
        validators=NO_ID_NUMBER,
        help_text=_(
            "Kommunens post- och besöksadress, telefon och webbplats, en uppgift per rad. "
            "Står längst ned på första sidan."
        ),
    )
    font = CharField(_("typsnitt"), max_length=30, choices=FONT_CHOICES, default=DEFAULT_FONT)
    updated_at = models.DateTimeField(_("senast ändrad"), auto_now=True)

    history = audited_history()

    class Meta:
        verbose_name = _("dokumentprofil")
        verbose_name_plural = _("dokumentprofiler")

    def __str__(self) -> str:
        return _("Dokumentprofil för %(municipality)s") % {"municipality": self.municipality}

    @property
    def has_logo(self) -> bool:
        return bool(self.logo_type and self.logo)

    @property
    def footer_lines(self) -> list[str]:
        return [line.strip() for line in (self.footer or "").splitlines() if line.strip()]
