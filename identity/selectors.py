"""Reads of the identity app, each in a fixed number of queries."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from promises.models import Membership, Organisation

from .models import IdentityProvider


def sign_in_choices() -> list[IdentityProvider]:
    """The providers offered on the sign-in page ("Logga in med …"), by name (one query)."""
    return list(IdentityProvider.objects.filter(enabled=True).only("pk", "display_name"))


def enabled_provider(pk) -> IdentityProvider | None:
    return IdentityProvider.objects.filter(pk=pk, enabled=True).first()


def members_with_email(organisation_id: int, email: str) -> list:
    """Active accounts with the e-mail address (any case) and a membership in the organisation;
    at most two, enough to see that the address is ambiguous (one query)."""
    users = get_user_model().objects.filter(
        email__iexact=email, is_active=True, memberships__organisation_id=organisation_id
    )
    return list(users.distinct()[:2])


def password_refusals(login: str) -> list[tuple]:
    """The accounts that ``login`` (a user name, or an e-mail address) may name whose password
    is refused, each with the provider to sign in through instead: an active account, not a
    superuser (the service's administrator must never be locked out by an organisation's
    setting), with a membership in an organisation whose provider is on and turned local
    passwords off (one query; three when it finds any)."""
    prefix = "memberships__organisation__identity_provider__"
    rows = (
        get_user_model()
        .objects.filter(Q(username=login) | Q(email__iexact=login), is_active=True)
        .filter(is_superuser=False, **{f"{prefix}enabled": True})
        .filter(**{f"{prefix}local_passwords_allowed": False})
        .values_list("pk", f"{prefix}pk")
    )
    found = dict(rows)
    if not found:
        return []
    users = get_user_model().objects.in_bulk(found.keys())
    providers = IdentityProvider.objects.in_bulk(set(found.values()))
    return [(users[user], providers[provider]) for user, provider in found.items()]


def managed_organisation(user, pk) -> Organisation | None:
    """The organisation ``pk`` when ``user`` is its förvaltare or a superuser; else None."""
    organisations = Organisation.objects.filter(pk=pk)
    if not user.is_superuser:
        managing = Membership.objects.filter(user=user, is_manager=True)
        organisations = organisations.filter(pk__in=managing.values("organisation_id"))
    return organisations.first()


def provider_of(organisation) -> IdentityProvider | None:
    return IdentityProvider.objects.filter(organisation=organisation).first()


def recent_changes(provider: IdentityProvider, limit: int = 10) -> list:
    """The provider's newest history rows with who made them (one query; none when unsaved)."""
    if provider.pk is None:
        return []
    return list(provider.history.select_related("history_user").order_by("-history_id")[:limit])
