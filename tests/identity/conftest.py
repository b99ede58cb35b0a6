"""Fixtures of the sign-in tests: a real OpenID provider (the npm package oidc-provider, on Node)
that the suite starts, and Knivsta's identity provider pointing at it.

The provider (tests/identity/oidc_server.mjs) knows a client registered with the test client's
redirect URI (http://testserver/…) and a few accounts. ``OpenIDProvider.sign_in`` plays the
browser at the provider: it follows the authorization request to the provider's interaction, signs
the account in there with HTTP requests, and returns where the provider sends the browser back
(the callback with the code), which the test then asks Django for.
"""

import contextlib
import json
import os
import shutil
import subprocess
import threading
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from django.urls import reverse

from identity import discovery
from identity.models import IdentityProvider
from promises.models import Membership

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests/identity/oidc_server.mjs"
PACKAGE = ROOT / "node_modules/oidc-provider/package.json"
CALLBACK = "http://testserver/logga-in/organisation/tillbaka/"
CLIENT_ID = "lofteskollen"
CLIENT_SECRET = "test-only-client-secret"
SECRET_ENV = "OIDC_SECRET_KNIVSTA"
ACCOUNTS = {
    "anna": {"email": "Anna.Andersson@knivsta.example", "email_verified": True, "name": "Anna"},
    "bertil": {"email": "bertil@knivsta.example", "email_verified": False},
    "cecilia": {"email": "cecilia@knivsta.example", "email_verified": True},
    # As Entra ID sends it with the optional claims email and xms_edov: no email_verified.
    "dora": {"email": "dora@knivsta.example", "xms_edov": True},
    "erik": {"email": "erik@knivsta.example", "xms_edov": False},
}


class OpenIDProvider:
    def __init__(self, issuer: str, callback: str):
        self.issuer = issuer
        self.callback = callback

    def control(self, **knobs) -> None:
        requests.post(f"{self.issuer}/__control__", json=knobs, timeout=5).raise_for_status()

    @contextlib.contextmanager
    def misbehaving(self, **knobs):
        """The provider with faults switched on for the block (see oidc_server.mjs)."""
        self.control(**knobs)
        try:
            yield self
        finally:
            self.control()

    def sign_in(self, authorization_url: str, account: str) -> str:
        """Sign ``account`` in at the provider; the path and query it sends the browser back to."""
        browser = requests.Session()
        response = browser.get(authorization_url, allow_redirects=False, timeout=5)
        for _ in range(10):
            location = response.headers.get("location", "")
            if location.startswith(self.callback):
                parts = urlsplit(location)
                return f"{parts.path}?{parts.query}"
            assert response.status_code in (302, 303), (response.status_code, response.text)
            url = urljoin(response.url, location)
            response = browser.get(url, allow_redirects=False, timeout=5)
            if response.status_code == 200 and "/interaction/" in url:
                response = browser.post(
                    f"{url}/login", data={"login": account}, allow_redirects=False, timeout=5
                )
        raise AssertionError(f"The provider never sent the browser back: {response.text}")


def _log_lines(stream, lines: list) -> None:
    for line in stream:
        lines.append(line)


def client_config(callback: str, accounts: dict | None = None) -> dict:
    return {
        "clients": [
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": [callback],
                "token_endpoint_auth_method": "client_secret_basic",
            },
            {
                "client_id": f"{CLIENT_ID}-es256",
                "client_secret": CLIENT_SECRET,
                "redirect_uris": [callback],
                "id_token_signed_response_alg": "ES256",
            },
        ],
        "accounts": ACCOUNTS if accounts is None else accounts,
    }


@contextlib.contextmanager
def running_provider(callback: str = CALLBACK, accounts: dict | None = None):
    """oidc-provider on a free port of 127.0.0.1, with our client registered for ``callback`` and
    ``accounts`` (login → claims; ACCOUNTS unless given) to sign in with; skips (fails under CI) when Node or the npm package is missing (make test: npm ci)."""
    node = shutil.which("node")
    if not (node and PACKAGE.is_file()):
        reason = "The sign-in tests need Node and node_modules/oidc-provider (make test: npm ci)."
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    process = subprocess.Popen(
        [node, str(SCRIPT)],
        env={**os.environ, "OIDC_TEST_CONFIG": json.dumps(client_config(callback, accounts))},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    stderr: list[str] = []
    threading.Thread(target=_log_lines, args=(process.stderr, stderr), daemon=True).start()
    try:
        line = process.stdout.readline()
        assert line, f"oidc_server.mjs did not start: {''.join(stderr)}"
        yield OpenIDProvider(json.loads(line)["issuer"], callback)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def openid_provider():
    """The provider for the Django test client's callback (http://testserver/…), for the whole
    session."""
    with running_provider() as provider:
        yield provider


@pytest.fixture(autouse=True)
def _fresh_discovery():
    """Each test discovers afresh: the cache is per process and outlives a test."""
    discovery.clear_cache()
    yield
    discovery.clear_cache()


@pytest.fixture
def knivsta_idp(openid_provider, knivsta, monkeypatch):
    """Knivsta's identity provider: the test provider, switched on."""
    monkeypatch.setenv(SECRET_ENV, CLIENT_SECRET)
    return IdentityProvider.objects.create(
        organisation=knivsta,
        display_name="Knivsta kommuns inloggning (Entra ID)",
        issuer=openid_provider.issuer,
        client_id=CLIENT_ID,
        client_secret_env=SECRET_ENV,
        enabled=True,
    )


@pytest.fixture
def anna(make_user, knivsta):
    """Knivsta's coordinator, invited with the address the provider knows (in another case)."""
    return make_user(
        "anna",
        organisation=knivsta,
        role=Membership.Role.COORDINATOR,
        email="anna.andersson@knivsta.example",
    )


def start_sign_in(client, provider, **query):
    """Press "Logga in med …": Django's redirect to the provider's authorization endpoint."""
    response = client.get(reverse("identity:start", args=[provider.pk]), query)
    assert response.status_code == 302, response.content.decode()
    return response["Location"]
