"""Help where it is needed: Kom igång, the first steps on a new kommun's start page, and a help
text with an example on every field of the main forms."""

import pytest
from django.urls import reverse

from promises.forms import (
    ActivityForm,
    AdoptPromiseForm,
    AgreementForm,
    FocusAreaForm,
    PromiseForm,
    StatusUpdateForm,
)

GETTING_STARTED = reverse("onboarding:getting_started")


def test_kom_igang_walks_through_the_first_steps_for_anyone_signed_in(client, owner, police):
    for user in (owner, police):
        client.force_login(user)
        response = client.get(GETTING_STARTED)
        html = response.content.decode()
        assert response.status_code == 200
        for step in (
            "Bjud in kollegorna",
            "Fyll i dokumentprofilen",
            "Lägg in överenskommelsen",
            "Importera eller skriv planen",
            "Anta löftet",
            "Rapportera vad som händer",
            "Följ upp med rapporter",
        ):
            assert f"<h2>{step}</h2>" in html
        assert "Kommunstyrelsen 2024-01-29 § 6" in html
    client.logout()
    assert client.get(GETTING_STARTED)["Location"].startswith("/logga-in/")


def test_kom_igang_links_each_step_to_where_the_user_does_it(client, owner, police, promise):
    owner.memberships.update(is_manager=True)
    client.force_login(owner)
    html = client.get(GETTING_STARTED).content.decode()
    knivsta = promise.agreement.municipality
    invite = reverse("accounts:invite", args=[knivsta.pk])
    profile = reverse("followup:profile_edit", args=[knivsta.pk])
    upload = reverse("imports:upload", args=[promise.pk])
    assert f'<a href="{invite}">Bjud in till Knivsta kommun</a>' in html
    assert f'<a href="{profile}">Dokumentprofilen för Knivsta kommun</a>' in html
    assert f'<a href="{upload}">Importera planen till {promise.title}</a>' in html
    assert f'href="{reverse("imports:template")}"' in html
    client.force_login(police)  # no kommun to manage, no profile, no draft to import into
    html = client.get(GETTING_STARTED).content.decode()
    for url in (invite, profile, upload):
        assert url not in html


def test_every_page_of_the_app_links_kom_igang_in_its_footer(client, owner):
    assert GETTING_STARTED not in client.get("/").content.decode()  # not for a visitor
    client.force_login(owner)
    for url in ("/start/", reverse("promises:promise_list"), reverse("public:accessibility")):
        assert f'href="{GETTING_STARTED}"' in client.get(url).content.decode(), url


def test_a_new_kommuns_start_page_explains_each_first_step_with_an_example(client, owner):
    client.force_login(owner)
    html = client.get("/start/").content.decode()
    assert "Med diarienummer och giltighetstid, t.ex. KS 21/0531" in html
    assert "t.ex. Insats 1:1, med mål som minst fyra narkotikainsatser per år" in html
    assert "t.ex. Kommunstyrelsen 2024-01-29 § 6" in html
    assert f'<a href="{GETTING_STARTED}">Mer om varje steg under Kom igång</a>' in html


def test_only_the_administrator_is_shown_ny_kommun(client, owner, administrator):
    new = reverse("onboarding:new_municipality")
    client.force_login(owner)
    assert new not in client.get("/start/").content.decode()
    client.force_login(administrator)
    html = client.get("/start/").content.decode()
    assert f'<li><a href="{new}">Ny kommun</a></li>' in html  # the menu
    assert f'under <a href="{new}">Ny kommun</a>' in html


@pytest.mark.parametrize(
    "form",
    [AgreementForm, PromiseForm, FocusAreaForm, ActivityForm, StatusUpdateForm, AdoptPromiseForm],
)
def test_every_field_of_the_main_forms_says_what_it_is_for(form, owner):
    kwargs = {"user": owner} if form in (AgreementForm, PromiseForm) else {}
    fields = form(**kwargs).fields
    without = [name for name, field in fields.items() if not field.help_text]
    assert without == [], f"{form.__name__}: no help text on {without}"


def test_the_help_texts_give_examples_from_real_documents(owner):
    texts = " ".join(
        str(field.help_text)
        for form in (AgreementForm(user=owner), PromiseForm(user=owner), ActivityForm())
        for field in form.fields.values()
    )
    for example in (
        "KS 21/0531",
        "Medborgarlöfte Knivsta kommun 2024–2025",
        "Lokalpolisområde Järfälla/Upplands-Bro",
        "minst fyra narkotikainsatser per år",
        "Insats 1:2",
        "Kriminalvården, Upplands-Brohus",
    ):
        assert example in texts, example
    adopt = " ".join(str(field.help_text) for field in AdoptPromiseForm().fields.values())
    assert "Kommunstyrelsen 2024-01-29 § 6" in adopt
