"""Choices of the lägesbild, stated once: the models, forms, querysets and templates read them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """How serious a problem is judged to be, with a justification."""

    LOW = "lag", _("låg")
    ELEVATED = "forhojd", _("förhöjd")
    HIGH = "hog", _("hög")


class Gender(models.TextChoices):
    """Kolada's split of a value: T for everyone, K for women and girls, M for men and boys."""

    TOTAL = "T", _("totalt")
    WOMEN = "K", _("kvinnor")
    MEN = "M", _("män")
