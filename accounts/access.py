"""One access helper per object kind of the account pages (as promises/access.py does for the
chain): a förvaltare reaches only the organisations they manage, and anything of another
organisation is 404 (its existence is not disclosed)."""

from django.shortcuts import get_object_or_404

from promises.models import Membership, Organisation

from .models import Invitation
from .selectors import managed_organisations


def get_managed_organisation(user, pk) -> Organisation:
    return get_object_or_404(managed_organisations(user), pk=pk)


def get_membership_for_manager(user, pk) -> Membership:
    queryset = Membership.objects.select_related("user", "organisation")
    return get_object_or_404(
        queryset, pk=pk, organisation__in=managed_organisations(user).values("pk")
    )


def get_invitation_for_manager(user, pk) -> Invitation:
    queryset = Invitation.objects.select_related("organisation")
    return get_object_or_404(
        queryset, pk=pk, organisation__in=managed_organisations(user).values("pk")
    )
