"""What the account pages read: which organisations a person manages, their members and their
pending invitations. Each is one query whatever the numbers."""

from django.db.models import QuerySet

from promises.models import Membership, Organisation

from .models import Invitation


def managed_organisations(user) -> QuerySet:
    """The organisations whose accounts ``user`` manages: where they are förvaltare, or every
    organisation for a superuser."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(
        memberships__user=user, memberships__is_manager=True
    ).distinct()


def managed_ids(user) -> list[int]:
    if user.is_superuser:
        return list(Organisation.objects.values_list("pk", flat=True))
    return list(managed_organisations(user).values_list("pk", flat=True))


def members(organisation) -> QuerySet:
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username", "pk")
    )


def pending_invitations(organisation) -> QuerySet:
    return (
        Invitation.objects.pending()
        .filter(organisation=organisation)
        .select_related("invited_by")
        .order_by("email", "pk")
    )


def own_memberships(user) -> QuerySet:
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name")
    )
