"""No input breaks the invitation page: hostile values in its form and in its token never give a
response of 500 or more, and only the real token ever creates an account."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Invitation
from accounts.tokens import make_token
from tests.test_forms_fuzz import HOSTILE_TEXT

FIELDS = ["first_name", "last_name", "username", "password1", "password2"]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    derandomize=True,
)
@given(data=st.data())
def test_it_never_answers_500_to_generated_input(knivsta, data):
    invitation = Invitation.objects.create(
        organisation=knivsta,
        email=f"kim{Invitation.objects.count()}@knivsta.example",
        role="samordnare",
        expires_at=timezone.now() + timedelta(days=1),
    )
    real = make_token(invitation)
    # Token lengths vary with the id: the same draw whatever the length (hypothesis asks it).
    position = min(data.draw(st.integers(0, 60)), len(real) - 1)
    token = data.draw(
        st.one_of(
            st.just(real),
            st.text(min_size=1, max_size=3).map(
                lambda chars: real[:position] + chars + real[position + len(chars) :]
            ),
        ).filter(lambda text: "/" not in text and "\x00" not in text and "?" not in text)
    )
    posted = {
        name: "ett-långt-lösenord-42" if name.startswith("password") else "Kim" for name in FIELDS
    }
    for name in data.draw(st.sets(st.sampled_from(FIELDS), min_size=1, max_size=2)):
        posted[name] = data.draw(HOSTILE_TEXT)
    response = Client(raise_request_exception=False).post(
        reverse("accounts:accept", args=[token]), posted
    )
    assert response.status_code < 500, (token, posted)
    created = get_user_model().objects.filter(email=invitation.email).exists()
    assert created == (response.status_code == 302)
    if token != real:
        assert response.status_code == 404 or created is False
