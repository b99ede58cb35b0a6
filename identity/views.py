"""Sign-in through an organisation's identity provider (authorization code flow with PKCE), and
the förvaltare's settings page for it. The checks live in backends.py; these views only carry
state, nonce and PKCE verifier through the session."""

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from mozilla_django_oidc.utils import (
    add_state_and_verifier_and_nonce_to_session,
    generate_code_challenge,
)

from . import selectors, services
from .backends import Failure
from .discovery import ProviderUnavailable, discover
from .forms import IdentityProviderForm
from .models import IdentityProvider

log = logging.getLogger(__name__)

SESSION_KEY = "oidc_states"  # mozilla-django-oidc's: state → nonce, PKCE verifier, added_on


def callback_url(request) -> str:
    """The redirect URI to register with the provider."""
    return request.build_absolute_uri(reverse("identity:callback"))


def safe_next(request, url: str) -> str:
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if url and allowed else ""


def failure_page(request, failure: Failure | None, status: int = 403):
    failure = failure or Failure(Failure.REFUSED)
    log.warning(
        "Sign-in through an identity provider refused (%s): %s", failure.kind, failure.detail
    )
    if failure.kind == Failure.UNAVAILABLE:
        status = 502
    return render(request, "identity/failure.html", {"failure": failure}, status=status)


@require_GET
def start(request, pk):
    """ "Logga in med …": off to the provider with a fresh state, nonce and PKCE challenge."""
    provider = selectors.enabled_provider(pk)
    if provider is None:
        raise Http404
    if not provider.client_secret:  # no use sending the person off: the code could not be used
        log.error("No client secret in %s for %s", provider.client_secret_env, provider)
        message = _(
            "Organisationens inloggning är inte färdig att använda ännu. Logga in med lösenord om "
            "din organisation tillåter det, och säg till din förvaltare i Löfteskollen."
        )
        return failure_page(request, Failure(Failure.UNAVAILABLE, detail=message))
    try:
        metadata = discover(provider.issuer)
    except ProviderUnavailable as error:
        return failure_page(request, Failure(Failure.UNAVAILABLE, detail=str(error)))
    state = get_random_string(32)
    verifier = get_random_string(64)
    params = {
        "response_type": "code",
        "scope": provider.scopes,
        "client_id": provider.client_id,
        "redirect_uri": callback_url(request),
        "state": state,
        "nonce": get_random_string(32),
        "code_challenge": generate_code_challenge(verifier, "S256"),
        "code_challenge_method": "S256",
    }
    add_state_and_verifier_and_nonce_to_session(request, state, params, verifier)
    request.session[SESSION_KEY][state] |= {
        "provider": provider.pk,
        "next": safe_next(request, request.GET.get("next", "")),
    }
    request.session.modified = True
    return redirect(f"{metadata.authorization_endpoint}?{urlencode(params)}")


@require_GET
def callback(request):
    """The provider sends the person back here with a code (or an error) and the state."""
    state = request.GET.get("state", "")
    entry = request.session.get(SESSION_KEY, {}).pop(state, None) if state else None
    request.session.modified = True
    if not isinstance(entry, dict):
        return render(request, "identity/failure.html", {"failure": None}, status=400)
    provider = selectors.enabled_provider(entry.get("provider"))
    code = request.GET.get("code")
    issuer = request.GET.get("iss")
    # RFC 9207: a provider that names itself must be the one the sign-in started with.
    if (
        provider is None
        or not code
        or "error" in request.GET
        or issuer not in (None, provider.issuer)
    ):
        return failure_page(request, Failure(Failure.REFUSED))
    user = auth.authenticate(
        request,
        identity_provider=provider,
        nonce=entry.get("nonce"),
        code_verifier=entry.get("code_verifier"),
    )
    if user is None:
        return failure_page(request, getattr(request, "identity_failure", None))
    auth.login(request, user)
    return redirect(entry.get("next") or resolve_url(settings.LOGIN_REDIRECT_URL))


@require_http_methods(["GET", "POST"])
@login_required
def provider_settings(request, pk):
    """The organisation's sign-in settings, for its förvaltare (and superusers); 404 for others."""
    organisation = selectors.managed_organisation(request.user, pk)
    if organisation is None:
        raise Http404
    provider = selectors.provider_of(organisation) or IdentityProvider(organisation=organisation)
    form = IdentityProviderForm(
        request.POST if request.method == "POST" else None, instance=provider
    )
    if request.method == "POST" and form.is_valid():
        services.save_provider(
            organisation=organisation, user=request.user, values=form.cleaned_data
        )
        messages.success(request, _("Inloggningsinställningarna är sparade."))
        return redirect("identity:settings", pk=organisation.pk)
    context = {
        "organisation": organisation,
        "provider": provider,
        "form": form,
        "redirect_uri": callback_url(request),
        "secret_set": bool(provider.client_secret),
        "history": selectors.recent_changes(provider),
    }
    return render(request, "identity/settings.html", context, status=422 if form.errors else 200)
