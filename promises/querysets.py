"""Visibility rules of the chain, as QuerySet methods.

Everything a person may see or change follows from one question: which kommuner does this user
belong to, and in which role? A coordinator (samordnare) or secretary (sekreterare) is a member of the
kommun itself; a police contact (polis) is a member of a police area and reaches every kommun that
area covers. The helpers below answer that question as subqueries, so that every visibility filter is
a single SQL query however many memberships a user has.
"""

from django.apps import apps
from django.db import models
from django.db.models import Q

from .choices import POLICE_RESPONSIBLE, OrganisationKind, Role

COORDINATOR = Role.COORDINATOR
POLICE = Role.POLICE
SECRETARY = Role.SECRETARY
# An update is shown to citizens when it is marked public (and its promise is public). The public
# pages' version (public.selectors) reads the same condition from the history rows.
PUBLIC_UPDATE = Q(is_public=True)


def _membership_model():
    return apps.get_model("promises", "Membership")


def _coverage_model():
    return apps.get_model("promises", "Organisation").covered_municipalities.through


def municipality_ids(user, *, roles: tuple[str, ...] = (COORDINATOR, POLICE, SECRETARY)):
    """A subquery of the ids of the kommuner in which ``user`` holds one of ``roles``."""
    Organisation = apps.get_model("promises", "Organisation")
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none().values("pk")
    own_roles = [role for role in roles if role != POLICE]
    direct = Q(
        pk__in=_membership_model()
        .objects.filter(user=user, role__in=own_roles)
        .values("organisation_id")
    )
    if POLICE in roles:
        covered = _coverage_model().objects.filter(
            from_organisation__memberships__user=user,
            from_organisation__memberships__role=POLICE,
        )
        direct |= Q(pk__in=covered.values("to_organisation_id"))
    return Organisation.objects.filter(direct, kind=OrganisationKind.MUNICIPALITY).values("pk")


def public_promise(prefix: str = "") -> Q:
    """The one visibility rule of the public pages, feeds and open data, as a filter on the promise
    reached through ``prefix`` (e.g. ``"focus_area__promise__"``): its status is one of
    ``Promise.PUBLIC_STATUSES``. Everything below a public promise is public except the updates
    that are not marked public (``StatusUpdateQuerySet.public``)."""
    statuses = apps.get_model("promises", "Promise").PUBLIC_STATUSES
    return Q(**{f"{prefix}status__in": statuses})


class OrganisationQuerySet(models.QuerySet):
    def municipalities(self):
        return self.filter(kind=OrganisationKind.MUNICIPALITY)

    def police_areas(self):
        return self.filter(kind=OrganisationKind.POLICE_AREA)

    def visible_to(self, user):
        """Kommuner whose chains the user may read: own kommun, or covered by the user's police area."""
        return self.filter(pk__in=municipality_ids(user))

    def coordinated_by(self, user):
        """Kommuner whose chains the user may change: the user is their samordnare."""
        return self.filter(pk__in=municipality_ids(user, roles=(COORDINATOR,)))


class AgreementQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Agreements of every kommun the user may read."""
        return self.filter(municipality_id__in=municipality_ids(user))

    def editable_by(self, user):
        """Only the kommun's coordinators write agreements: they own the chain."""
        return self.filter(municipality_id__in=municipality_ids(user, roles=(COORDINATOR,)))


class PromiseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Promises, drafts included, of every kommun the user may read."""
        return self.filter(agreement__municipality_id__in=municipality_ids(user))

    def editable_by(self, user):
        """Only the kommun's coordinators write promises and their focus areas."""
        return self.filter(
            agreement__municipality_id__in=municipality_ids(user, roles=(COORDINATOR,))
        )

    def public(self):
        """What a citizen may see: every promise that has been adopted (in force, closed or
        superseded), never a draft. A promise becomes part of the public record when it is adopted
        and stays so; see ``Promise.PUBLIC_STATUSES`` and ``public_promise``."""
        return self.filter(public_promise())

    def in_municipality(self, municipality):
        return self.filter(agreement__municipality=municipality)


class FocusAreaQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(promise__agreement__municipality_id__in=municipality_ids(user))

    def editable_by(self, user):
        return self.filter(
            promise__agreement__municipality_id__in=municipality_ids(user, roles=(COORDINATOR,))
        )


class ActivityQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(
            focus_area__promise__agreement__municipality_id__in=municipality_ids(user)
        )

    def editable_by(self, user):
        """Coordinators edit every activity of their kommun; the police edit the ones they answer
        for, alone or jointly, in the kommuner their police area covers."""
        field = "focus_area__promise__agreement__municipality_id__in"
        return self.filter(
            Q(**{field: municipality_ids(user, roles=(COORDINATOR,))})
            | Q(
                Q(**{field: municipality_ids(user, roles=(POLICE,))}),
                responsible__in=POLICE_RESPONSIBLE,
            )
        )

    def updatable_by(self, user):
        """Activities the user may add status updates to: coordinators and police contacts."""
        return self.filter(
            focus_area__promise__agreement__municipality_id__in=municipality_ids(
                user, roles=(COORDINATOR, POLICE)
            )
        )

    def police_responsible(self):
        return self.filter(responsible__in=POLICE_RESPONSIBLE)

    def with_latest_status(self):
        """Annotate ``latest_status`` and ``last_update_on``, the status and date of the activity's
        newest update (any update: these are internal pages), None without one. They are read
        from the kept ``ActivitySummary`` (``promises.summaries``), not computed per activity."""
        return self.annotate(
            latest_status=models.F("summary__latest_status"),
            last_update_on=models.F("summary__latest_date"),
        )

    def public(self):
        """Activities of public promises: an activity is public exactly when its promise is."""
        return self.filter(public_promise("focus_area__promise__"))


class StatusUpdateQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(
            activity__focus_area__promise__agreement__municipality_id__in=municipality_ids(user)
        )

    def editable_by(self, user):
        """A published update is part of the record: its author (while they still work with the
        kommun) and the kommun's coordinators may correct or withdraw it, nobody else."""
        field = "activity__focus_area__promise__agreement__municipality_id__in"
        return self.filter(
            Q(**{field: municipality_ids(user, roles=(COORDINATOR,))})
            | Q(Q(author_id=getattr(user, "pk", None)), **{field: municipality_ids(user)})
        )

    def public(self):
        """Updates marked public, on promises that have been adopted: never internal, never drafts."""
        return self.filter(PUBLIC_UPDATE, public_promise("activity__focus_area__promise__"))


class DueDateQuerySet(models.QuerySet):
    """A due date belongs to a promise or to an agreement (exactly one): the rules follow the
    kommun of either."""

    @staticmethod
    def _of_municipalities(ids) -> Q:
        return Q(promise__agreement__municipality_id__in=ids) | Q(
            agreement__municipality_id__in=ids
        )

    def visible_to(self, user):
        """Due dates of every kommun the user may read."""
        return self.filter(self._of_municipalities(municipality_ids(user)))

    def editable_by(self, user):
        """Only the kommun's coordinators plan what is reported to its committees."""
        return self.filter(self._of_municipalities(municipality_ids(user, roles=(COORDINATOR,))))

    def unmet(self):
        return self.filter(met_on__isnull=True)

    def in_force(self, day):
        """Of an adopted promise (neither a draft nor closed), or of an agreement valid on
        ``day``: what is still to be reported."""
        Promise = apps.get_model("promises", "Promise")
        return self.filter(
            Q(promise__status=Promise.Status.ADOPTED)
            | Q(agreement__valid_from__lte=day, agreement__valid_to__gte=day)
        )


class DeletionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Deletions in the kommuner the user may read: what went is part of the record."""
        return self.filter(municipality_id__in=municipality_ids(user))

    def editable_by(self, user):
        """Only the kommun's coordinators restore what was deleted."""
        return self.filter(municipality_id__in=municipality_ids(user, roles=(COORDINATOR,)))

    def pending(self):
        return self.filter(restored_at__isnull=True)
