"""Choices that the visibility rules (``querysets.py``) need before the models exist.

``models.py`` imports ``querysets.py``, so the querysets cannot import the models; both import these
instead, and everything else names them through the models (``Membership.Role.COORDINATOR``,
``Organisation.Kind.MUNICIPALITY``, ``Activity.Responsible.POLICE``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "kommun", _("Kommun")
    POLICE_AREA = "lokalpolisomrade", _("Lokalpolisområde")


class Role(models.TextChoices):
    COORDINATOR = "samordnare", _("Samordnare")
    POLICE = "polis", _("Polis")
    SECRETARY = "sekreterare", _("Nämndsekreterare")


class Responsible(models.TextChoices):
    MUNICIPALITY = "kommunen", _("Kommunen")
    POLICE = "polisen", _("Polisen")
    JOINT = "gemensamt", _("Gemensamt")


# The activities that the police answer for, alone or jointly: they edit them and see them under
# "Mina aktiviteter".
POLICE_RESPONSIBLE = (Responsible.POLICE, Responsible.JOINT)


# The "latest status" filter's value for an activity that has no update yet.
NO_UPDATE_YET = "ingen"
