"""Free text: how long it may be, and the one normalisation every stored text goes through.

Texts arrive pasted from Word, e-mail and PDFs. A vertical tab (Word's Shift+Enter) once made the
kommun's Atom feeds answer 500, because XML 1.0 cannot hold most control characters, and PostgreSQL
refuses NUL in text outright. :func:`normalize_text` makes any text safe for every output (HTML,
Atom, CSV, JSON, PDF): line breaks become "\\n", characters XML cannot hold are removed, and the text
is in Unicode NFC so that "å" typed and "å" pasted compare equal.

Where it runs (see ``promises.fields``): every CharField and TextField of our models is a
normalising field, which normalises in ``to_python`` (``full_clean``, so validators and length
checks see the stored text), in ``pre_save`` (every ``Model.save()``: services, ModelForms, the
admin, the shell, ``bulk_create``) and in ``get_prep_value`` (``QuerySet.update()``, lookups). The
form fields below normalise the typed text before ``max_length`` counts it. A test walks every
model of our apps and fails on a text field that is not a normalising one.
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext

# Maximum lengths, in characters of normalised text ("\n" counts as one). They fit the use: a
# status update is a few paragraphs, a promise's lägesbild or a report's Ärendet a few pages.
PARAGRAPHS_MAX_LENGTH = 5_000  # a status update, an activity, a justification, a short list
SECTION_MAX_LENGTH = 10_000  # a focus area's definition
FOLLOW_UP_MAX_LENGTH = 20_000  # what a report says about one activity
DOCUMENT_MAX_LENGTH = 50_000  # a promise's own texts, a report's sections

# A change reason is stored in the history (a text column): the form and the services agree here.
CHANGE_REASON_MAX_LENGTH = 200

# Line separators other than "\n": CRLF and CR first, then VT (Word's Shift+Enter), FF (page
# break), NEL, and Unicode's LINE and PARAGRAPH SEPARATOR.
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# Not allowed in XML 1.0 (besides \t and \n, and \r which is a line break above): the remaining C0
# controls, NUL included, lone surrogates (from broken UTF-16), and the non-characters FFFE/FFFF.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def normalize_text(value: str) -> str:
    """Return ``value`` with line breaks as "\\n", XML-illegal characters removed, in NFC.

    Idempotent: normalising a normalised text changes nothing.
    """
    if not value:
        return value
    text = _LINE_BREAKS.sub("\n", value)
    text = _XML_ILLEGAL.sub("", text)
    return unicodedata.normalize("NFC", text)


def fit_to_length(text: str, max_length: int, *, marker: str = " […]") -> str:
    """``text`` cut at a word so that it fits ``max_length`` with ``marker`` appended; unchanged
    if it fits. For texts the system composes (a report's pre-fill), never for what a user saved."""
    if len(text) <= max_length:
        return text
    cut = text[: max_length - len(marker)]
    space = cut.rfind(" ")
    if space > len(cut) // 2:
        cut = cut[:space]
    return cut.rstrip() + marker


def _limit_hint(max_length: int) -> str:
    return gettext("Högst %(max_length)s tecken.") % {"max_length": max_length}


_limit_hint_lazy = lazy(_limit_hint, str)


class NormalizedCharField(forms.CharField):
    """A form field that normalises what was typed before it is stripped, counted and validated,
    so that "högst N tecken" counts what will be stored (a browser sends a line break as CRLF).
    A text area says its maximum in its help text ("Högst 5000 tecken.").

    A text saved before its field had a maximum length may be longer; sent back unchanged it is
    accepted (the model field agrees, see ``promises.fields``), so that the rest of the form can be
    saved without cutting it. Any change must bring it within the limit.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if self.max_length is not None and isinstance(self.widget, forms.Textarea):
            # In the help text, so the admin shows it too and aria-describedby ties it to the field.
            hint = _limit_hint_lazy(self.max_length)
            self.help_text = format_lazy("{} {}", self.help_text, hint) if self.help_text else hint

    def to_python(self, value):
        if isinstance(value, str):
            value = normalize_text(value)
        return super().to_python(value)

    def _clean_bound_field(self, bf):
        # Django's hook for fields that need the initial value (FileField uses it the same way).
        if self.disabled:
            return super()._clean_bound_field(bf)
        return self.clean(bf.data, saved=bf.initial)

    def clean(self, value, saved=None):
        value = self.to_python(value)
        self.validate(value)
        keeps_saved_text = (
            self.max_length is not None
            and isinstance(saved, str)
            and len(value) > self.max_length
            and value == self.to_python(saved)
        )
        validators = [
            validator
            for validator in self.validators
            if not (keeps_saved_text and isinstance(validator, MaxLengthValidator))
        ]
        if value not in self.empty_values:
            errors = []
            for validator in validators:
                try:
                    validator(value)
                except ValidationError as error:
                    errors.extend(error.error_list)
            if errors:
                raise ValidationError(errors)
        return value


def normalize_saved_rows(queryset) -> int:
    """Normalise the texts already saved in the rows of ``queryset`` (for the data migrations that
    repair rows written before normalisation existed); return how many rows changed.

    Only the characters :func:`normalize_text` treats change: nothing is cut. The rows are written
    with ``update()``, so no history row is added: the repair is not anyone's edit.
    """
    from django.db import models

    model = queryset.model
    names = [
        field.attname
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField) and not field.primary_key
    ]
    changed_rows = 0
    for row in queryset.values("pk", *names).iterator(chunk_size=2000):
        changes = {
            name: normalize_text(row[name])
            for name in names
            if isinstance(row[name], str) and normalize_text(row[name]) != row[name]
        }
        if changes:
            model._base_manager.filter(pk=row["pk"]).update(**changes)
            changed_rows += 1
    return changed_rows
