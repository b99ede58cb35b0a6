"""No answer from a provider, or made up by anyone, breaks the callback: generated query strings,
with and without a real sign-in under way, get a Swedish page (400 or 403), never a 500, and
sign nobody in."""

from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_forms_fuzz import HOSTILE_TEXT

from .conftest import start_sign_in


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    derandomize=True,
)
@given(data=st.data())
def test_it_never_answers_500_to_a_generated_callback(openid_provider, knivsta_idp, anna, data):
    client = Client(raise_request_exception=False)
    query = data.draw(
        st.dictionaries(st.sampled_from(["state", "code", "iss", "error", "sida"]), HOSTILE_TEXT)
    )
    query = {key: value.replace("\x00", "") for key, value in query.items()}
    if data.draw(st.booleans()):  # a sign-in under way: its real state, anything else made up
        authorization = start_sign_in(client, knivsta_idp)
        query["state"] = authorization.split("state=")[1].split("&")[0]
    response = client.get(reverse("identity:callback"), query)
    assert response.status_code in (400, 403), (query, response.status_code)
    assert SESSION_KEY not in client.session
