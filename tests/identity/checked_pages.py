"""The identity app's pages for the whole-app checks (tests/test_html_validity.py): no link of the
demo data leads to them yet (the förvaltare's pages will), so they are fetched here, each in the
states a person can see: the sign-in page with a provider's button and with local passwords
refused, the settings page empty and with its errors, and each refusal page."""

from django.contrib.auth import get_user_model
from django.shortcuts import render
from django.test import Client, RequestFactory
from django.urls import reverse

from identity.backends import Failure
from identity.models import IdentityProvider
from promises.models import Membership, Organisation


def identity_pages(password: str = "demo") -> list[tuple[str, str, object, int]]:
    """(who, url, response, expected status) of each page; leaves Knivsta's provider switched on
    with local passwords allowed."""
    knivsta = Organisation.objects.get(slug="knivsta")
    coordinator = Membership.objects.filter(organisation=knivsta, role="samordnare").first().user
    pages = []
    manager = Client()
    manager.force_login(get_user_model().objects.filter(is_superuser=True).first())
    settings_url = reverse("identity:settings", args=[knivsta.pk])
    pages.append(("förvaltare, no provider yet", settings_url, manager.get(settings_url), 200))
    pages.append(("förvaltare posted empty", settings_url, manager.post(settings_url, {}), 422))
    IdentityProvider.objects.create(
        organisation=knivsta,
        display_name="Knivsta kommuns inloggning (Entra ID)",
        issuer="https://login.example.se/knivsta",
        client_id="lofteskollen",
        client_secret_env="OIDC_SECRET_KNIVSTA",
        enabled=True,
        local_passwords_allowed=False,
    )
    pages.append(("förvaltare", settings_url, manager.get(settings_url), 200))
    anonymous = Client()
    login = reverse("login")
    pages.append(("anonymous, a provider's button", login, anonymous.get(login), 200))
    refused = anonymous.post(login, {"username": coordinator.username, "password": password})
    pages.append(("anonymous, local passwords off", login, refused, 200))
    IdentityProvider.objects.filter(organisation=knivsta).update(local_passwords_allowed=True)
    request = RequestFactory().get("/")
    request.user = coordinator
    failures = [
        Failure(Failure.NO_INVITATION, "anna@knivsta.example"),
        Failure(Failure.UNVERIFIED, "anna@knivsta.example"),
        Failure(Failure.REFUSED),
        Failure(Failure.UNAVAILABLE, detail="Det gick inte att nå inloggningstjänsten."),
        None,
    ]
    for failure in failures:
        response = render(request, "identity/failure.html", {"failure": failure}, status=403)
        kind = failure.kind if failure else "no sign-in under way"
        pages.append(("sign-in refused", f"identity/failure.html {kind}", response, 403))
    return pages
