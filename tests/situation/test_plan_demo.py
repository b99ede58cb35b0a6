"""The demo's åtgärdsplan (Upplands-Bro 2022–2023) shows colours in Brå's table."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from promises.models import Promise
from situation.models import FollowUpRating

pytestmark = pytest.mark.django_db


def test_the_demo_plan_has_colours_with_reasons(client, settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    settings.DEBUG = False
    plan = Promise.objects.get(title__startswith="Åtgärdsplan 2022–2023")
    colours = set(
        FollowUpRating.objects.filter(activity__focus_area__promise=plan).values_list(
            "colour", flat=True
        )
    )
    assert colours == {"gron", "gul", "rod"}
    client.force_login(get_user_model().objects.get(username="samordnare-ub"))
    page = " ".join(
        client.get(reverse("situation:plan_table", args=[plan.pk])).content.decode().split()
    )
    assert "■</span> Röd</span> – Ingen samordnare utsedd" in page
    # Operativa mål in words, where a goal is not a count, in the table and on the public page.
    goal = "Lovverksamheten är öppen under alla skollov, med uppsökande personal på plats."
    assert goal in page
    client.logout()
    public = client.get(reverse("public:promise", args=[plan.agreement.municipality.slug, plan.pk]))
    assert goal in public.content.decode()
