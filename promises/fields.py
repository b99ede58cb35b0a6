"""Model fields whose text is normalised (``promises.text.normalize_text``) on every way in.

Why field classes rather than a ``pre_save`` signal or a form mixin: a field is the one place that
every write path passes through. ``to_python`` runs in ``full_clean()`` (services, ModelForms, the
admin), so validators and the length check see the text as it will be stored; ``pre_save`` runs in
every ``Model.save()`` and in ``bulk_create()``, with or without ``full_clean()``; and
``get_prep_value`` runs for ``QuerySet.update()``, ``bulk_update()`` and lookups, which send no
signal at all. The historical models of django-simple-history copy these fields, so the history
holds the same text. ``tests/promises/test_text.py`` walks every model of our apps and fails on a
CharField or TextField that is not one of these.

A TextField's ``max_length`` is enforced here too (Django only puts it on the form field), by
``full_clean()``, with Django's own Swedish message; a text saved before the limit existed and
left unchanged is accepted, so that no other change to the object is blocked and nothing is cut.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models

from .text import NormalizedCharField, normalize_text


class NormalizedTextMixin:
    def to_python(self, value):
        value = super().to_python(value)
        return normalize_text(value) if isinstance(value, str) else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return normalize_text(value) if isinstance(value, str) else value

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        if isinstance(value, str):
            normalized = normalize_text(value)
            if normalized != value:
                setattr(model_instance, self.attname, normalized)
            return normalized
        return value


class CharField(NormalizedTextMixin, models.CharField):
    def formfield(self, **kwargs):
        # With choices Django uses a TypedChoiceField whatever form_class says.
        return super().formfield(**{"form_class": NormalizedCharField, **kwargs})


class TextField(NormalizedTextMixin, models.TextField):
    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": NormalizedCharField, **kwargs})

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if self.max_length is None or not isinstance(value, str):
            return
        try:
            MaxLengthValidator(self.max_length)(value)
        except ValidationError:
            if not self._is_unchanged_saved_text(value, model_instance):
                raise

    def _is_unchanged_saved_text(self, value: str, model_instance) -> bool:
        """True when ``value`` is what the row already holds (queried only for an over-long text)."""
        if model_instance is None or model_instance.pk is None or model_instance._state.adding:
            return False
        stored = (
            type(model_instance)
            ._base_manager.filter(pk=model_instance.pk)
            .values_list(self.attname, flat=True)
            .first()
        )
        # Forms strip the text, and a text saved before normalisation existed may differ in its
        # line breaks: both still count as sending the saved text back unchanged.
        return isinstance(stored, str) and normalize_text(stored).strip() == value.strip()


class EmailField(NormalizedTextMixin, models.EmailField):
    pass


class SlugField(NormalizedTextMixin, models.SlugField):
    pass


class URLField(NormalizedTextMixin, models.URLField):
    pass
