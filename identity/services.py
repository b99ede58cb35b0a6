"""Writes of the identity app: an organisation's provider settings, with history."""

from django.db import transaction

from promises.services.writes import assign, save

from .models import IdentityProvider

EDITABLE_FIELDS = (
    "display_name",
    "issuer",
    "client_id",
    "client_secret_env",
    "scopes",
    "enabled",
    "local_passwords_allowed",
)


@transaction.atomic
def save_provider(*, organisation, user, values: dict) -> IdentityProvider:
    """Create or change ``organisation``'s provider as ``user`` (validated; a history row)."""
    provider = IdentityProvider.objects.select_for_update().filter(
        organisation=organisation
    ).first() or IdentityProvider(organisation=organisation)
    assign(provider, {name: values[name] for name in EDITABLE_FIELDS if name in values})
    return save(provider, user=user)
