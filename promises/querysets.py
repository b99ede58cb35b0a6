"""Visibility rules of the chain, as QuerySet methods.

Everything a person may see or change follows from one question: which kommuner does this user
belong to, and in which role? A coordinator (samordnare) or secretary (sekreterare) is a member of the
kommun itself; a police contact (polis) is a member of a police area and reaches every kommun that
area covers. ``municipality_ids`` answers that question once per request, and every visibility filter
uses its ids, so that each stays a single SQL query however many memberships a user has.
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


# Bumped whenever a membership or a police area's coverage changes in this process, so that the ids
# remembered on a user object (below) are never read after such a change.
_reach_generation = [0]


def forget_reach(**kwargs) -> None:
    """Receiver: memberships or coverage changed; every remembered set of kommun ids is void."""
    _reach_generation[0] += 1


def _reach(user) -> dict[str, frozenset[int]]:
    """The ids of the kommuner ``user`` reaches, per role, read in one query and remembered on the
    user object for as long as no membership or coverage changes (``request.user`` lives for one
    request, so in a web request that is one query per request)."""
    remembered = getattr(user, "_kommun_reach", None)
    if remembered is not None and remembered[0] == _reach_generation[0]:
        return remembered[1]
    generation = _reach_generation[0]
    rows = (
        _membership_model()
        .objects.filter(user=user)
        .values_list(
            "role",
            "organisation_id",
            "organisation__kind",
            "organisation__covered_municipalities",
            "organisation__covered_municipalities__kind",
        )
    )
    reach: dict[str, set[int]] = {role: set() for role in Role.values}
    for role, organisation_id, kind, covered_id, covered_kind in rows:
        if role == POLICE:
            # A police contact reaches the kommuner their police area covers.
            if covered_id is not None and covered_kind == OrganisationKind.MUNICIPALITY:
                reach[role].add(covered_id)
        elif kind == OrganisationKind.MUNICIPALITY:
            reach[role].add(organisation_id)
    frozen = {role: frozenset(ids) for role, ids in reach.items()}
    user._kommun_reach = (generation, frozen)
    return frozen


def municipality_ids(user, *, roles: tuple[str, ...] = (COORDINATOR, POLICE, SECRETARY)):
    """The ids of the kommuner in which ``user`` holds one of ``roles`` (as a police contact: the
    kommuner the police area covers), sorted.

    They are read once per user object and given to the filters as literal ids, not as a subquery:
    with a subquery PostgreSQL cannot know that a user reaches a handful of kommuner and plans the
    chain's joins for hundreds (a police contact's activities: 11.8 ms against 0.7 ms at national
    scale)."""
    if not getattr(user, "is_authenticated", False):
        return []
    reach = _reach(user)
    return sorted(set().union(*(reach[role] for role in roles)))


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

    def public_on(self, promise):
        """The public updates of ``promise``, checked against the same rule as ``public`` with the
        promise's status read from the promise in hand rather than joined in for every update:
        the database then reads only the updates of the activities asked for (at national scale
        the public page's sums took 38 ms with the join, most of it reading every activity)."""
        if not promise.is_public:
            return self.none()
        return self.filter(PUBLIC_UPDATE, activity__focus_area__promise=promise)


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

    def of_municipalities(self, ids):
        """Due dates of the kommuner ``ids`` (for a sender that serves many people at once)."""
        return self.filter(self._of_municipalities(ids))

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
