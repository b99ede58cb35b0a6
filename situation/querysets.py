"""Visibility rules of the lägesbild, as QuerySet methods (the same approach as promises.querysets).

Members of a kommun (coordinators, secretaries) and the police contacts of the police area that
covers it read its lägesbilder, drafts included; coordinators and police contacts write them
(a lägesbild is written together with the police area). Citizens see only what ``public_assessment``
allows: an adopted version whose summary the kommun has chosen to publish. That is THE public rule;
every ``public()`` below and ``Assessment.is_public`` read it.
"""

from django.db import models
from django.db.models import Exists, OuterRef, Q

from promises.querysets import COORDINATOR, POLICE, municipality_ids

# Who writes a lägesbild: the kommun's coordinators and the covering police area's contacts.
WRITER_ROLES = (COORDINATOR, POLICE)


def public_assessment(prefix: str = "") -> Q:
    """The one public rule, as a filter on the assessment reached through ``prefix`` (e.g.
    ``"assessment__"``): adopted, and its summary published by the kommun."""
    return Q(**{f"{prefix}adopted_on__isnull": False, f"{prefix}publish_summary": True})


class _ByMunicipality(models.QuerySet):
    """A queryset whose rows belong to the kommun reached through ``municipality_field``."""

    municipality_field = "municipality_id"

    def visible_to(self, user):
        return self.filter(**{f"{self.municipality_field}__in": municipality_ids(user)})

    def editable_by(self, user):
        return self.filter(
            **{f"{self.municipality_field}__in": municipality_ids(user, roles=WRITER_ROLES)}
        )

    def in_municipality(self, municipality):
        return self.filter(**{self.municipality_field: getattr(municipality, "pk", municipality)})


class AssessmentQuerySet(_ByMunicipality):
    def adopted(self):
        return self.filter(adopted_on__isnull=False)

    def drafts(self):
        return self.filter(adopted_on__isnull=True)

    def public(self):
        return self.filter(public_assessment())


class ProblemQuerySet(_ByMunicipality):
    municipality_field = "assessment__municipality_id"

    def public(self):
        return self.filter(public_assessment("assessment__"))


class CauseQuerySet(_ByMunicipality):
    municipality_field = "problem__assessment__municipality_id"

    def public(self):
        return self.filter(public_assessment("problem__assessment__"))


def _in_public_problem(indicator_ref: str) -> Exists:
    from .models import Problem  # the models import this module

    return Exists(
        Problem.indicators.through.objects.filter(
            indicator_id=OuterRef(indicator_ref),
            **{f"problem__{k}": v for k, v in public_assessment("assessment__").children},
        )
    )


class IndicatorQuerySet(_ByMunicipality):
    def public(self):
        """Indicators of a problem of a public lägesbild."""
        return self.filter(_in_public_problem("pk"))


class IndicatorValueQuerySet(_ByMunicipality):
    municipality_field = "indicator__municipality_id"

    def public(self):
        return self.filter(_in_public_problem("indicator_id"))
