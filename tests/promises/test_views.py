"""Every view of the chain: anonymous, outsider (404), read-only (403), wrong method (405), and the
happy path with the database state after it."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from promises import services
from promises.models import Activity, Agreement, FocusArea, Promise, StatusUpdate
from tests.versions import current_version, group_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(owner, adopted_promise, focus_area, activity, municipal_activity):
    update = services.add_status_update(
        user=owner,
        activity=activity,
        status=StatusUpdate.Status.IN_PROGRESS,
        description="Två insatser genomförda i centrum.",
        date=date(2025, 3, 1),
        occurrences=2,
    )
    return {
        "agreement": adopted_promise.agreement,
        "promise": adopted_promise,
        "focus_area": focus_area,
        "activity": activity,
        "municipal_activity": municipal_activity,
        "update": update,
    }


def _url(name, chain, key):
    if key is None:
        return reverse(f"promises:{name}")
    obj = chain[key]
    return reverse(f"promises:{name}", args=[obj.pk])


# (url name, object the URL names, methods it answers, who may use it: "read", "write", "update")
READ_VIEWS = [
    ("agreement_detail", "agreement"),
    ("promise_detail", "promise"),
    ("activity_detail", "activity"),
]
WRITE_VIEWS = [
    ("agreement_edit", "agreement"),
    ("promise_edit", "promise"),
    ("promise_close", "promise"),
    ("promise_successor", "promise"),
    ("focus_area_renumber", "promise"),
    ("focus_area_create", "promise"),
    ("focus_area_edit", "focus_area"),
    ("focus_area_delete", "focus_area"),
    ("activity_create", "focus_area"),
    ("activity_renumber", "focus_area"),
    ("activity_edit", "municipal_activity"),
    ("activity_delete", "activity"),
]
LIST_VIEWS = ["start", "my_activities", "agreement_list", "promise_list"]


@pytest.mark.parametrize("name", LIST_VIEWS)
def test_it_sends_anonymous_visitors_of_lists_to_the_login_page(client, name):
    response = client.get(reverse(f"promises:{name}"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", LIST_VIEWS)
def test_it_refuses_to_post_to_lists(client, owner, name):
    client.force_login(owner)
    assert client.post(reverse(f"promises:{name}")).status_code == 405


@pytest.mark.parametrize(("name", "key"), READ_VIEWS + WRITE_VIEWS)
def test_it_sends_anonymous_visitors_to_the_login_page(client, chain, name, key):
    response = client.get(_url(name, chain, key))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("name", "key"), READ_VIEWS + WRITE_VIEWS)
def test_it_hides_objects_from_other_organisations(client, chain, outsider, name, key):
    client.force_login(outsider)
    assert client.get(_url(name, chain, key)).status_code == 404
    expected_post = 405 if (name, key) in READ_VIEWS else 404
    assert client.post(_url(name, chain, key)).status_code == expected_post


@pytest.mark.parametrize(("name", "key"), WRITE_VIEWS)
def test_it_refuses_changes_by_the_secretary(client, chain, secretary, name, key):
    client.force_login(secretary)
    assert client.get(_url(name, chain, key)).status_code == 403
    assert client.post(_url(name, chain, key), {"title": "x"}).status_code == 403


@pytest.mark.parametrize(("name", "key"), READ_VIEWS)
def test_it_lets_every_role_of_the_kommun_read(client, chain, owner, police, secretary, name, key):
    for user in (owner, police, secretary):
        client.force_login(user)
        assert client.get(_url(name, chain, key)).status_code == 200


@pytest.mark.parametrize(("name", "key"), READ_VIEWS)
def test_it_refuses_to_post_to_detail_pages(client, chain, owner, name, key):
    client.force_login(owner)
    assert client.post(_url(name, chain, key)).status_code == 405


@pytest.mark.parametrize(("name", "key"), WRITE_VIEWS)
def test_it_refuses_other_methods_on_forms(client, chain, owner, name, key):
    client.force_login(owner)
    assert client.put(_url(name, chain, key)).status_code == 405


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("agreement_edit", "agreement"),
        ("promise_edit", "promise"),
        ("focus_area_create", "promise"),
        ("focus_area_edit", "focus_area"),
        ("activity_create", "focus_area"),
        ("activity_edit", "municipal_activity"),
        ("activity_delete", "activity"),
    ],
)
def test_it_keeps_the_police_from_changing_the_kommuns_chain(client, chain, police, name, key):
    client.force_login(police)
    assert client.get(_url(name, chain, key)).status_code == 403


def test_it_lets_the_police_edit_activities_they_answer_for(client, chain, police):
    client.force_login(police)
    activity = chain["activity"]
    response = client.post(
        reverse("promises:activity_edit", args=[activity.pk]),
        {
            "number": activity.number,
            "description": "Fyra planerade narkotikainsatser med sökhund.",
            "responsible": "gemensamt",
            "target_count": 4,
            "target_unit": "narkotikainsatser",
            "target_period": "ar",
            "change_reason": "Polisen förtydligade insatsen.",
            "version": current_version(activity),
        },
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.description == "Fyra planerade narkotikainsatser med sökhund."
    latest = activity.history.first()
    assert latest.history_user == police
    assert latest.history_change_reason == "Polisen förtydligade insatsen."


# Lists and the start page --------------------------------------------------------------------


def test_it_shows_the_start_page_with_current_promises_and_stale_activities(client, chain, owner):
    client.force_login(owner)
    with _today(date(2025, 6, 15)):
        response = client.get(reverse("promises:start"))
    assert response.status_code == 200
    content = response.content.decode()
    assert chain["promise"].title in content
    # The municipal activity has never been updated: it waits for follow-up.
    assert chain["municipal_activity"].get_absolute_url() in content
    assert "Två insatser genomförda i centrum." in content
    assert "0 av 2 aktiviteter genomförda" in content


def test_it_shows_the_police_every_kommun_of_their_area(
    client, chain, police, upplands_bro, uppsala_police, make_user
):
    uppsala_police.covered_municipalities.add(upplands_bro)
    other_agreement = Agreement.objects.create(
        municipality=upplands_bro,
        police_area=uppsala_police,
        title="Överenskommelse Upplands-Bro",
        valid_from=date(2024, 1, 1),
        valid_to=date(2025, 12, 31),
    )
    other = Promise.objects.create(
        agreement=other_agreement,
        title="Medborgarlöfte Upplands-Bro",
        period_start=date(2024, 1, 1),
        period_end=date(2026, 12, 31),
        status=Promise.Status.ADOPTED,
        adopted_by="Kommunstyrelsen",
        adopted_on=date(2024, 2, 1),
    )
    client.force_login(police)
    with _today(date(2025, 6, 15)):
        content = client.get(reverse("promises:start")).content.decode()
    assert chain["promise"].title in content
    assert other.title in content


def test_it_lists_promises_per_kommun(client, chain, owner):
    client.force_login(owner)
    response = client.get(
        reverse("promises:promise_list"), {"kommun": chain["agreement"].municipality_id}
    )
    assert response.status_code == 200
    assert chain["promise"].title in response.content.decode()


def test_it_lists_only_the_police_activities_in_my_activities(client, chain, police):
    client.force_login(police)
    response = client.get(reverse("promises:my_activities"))
    content = response.content.decode()
    assert chain["activity"].get_absolute_url() in content
    assert chain["municipal_activity"].get_absolute_url() not in content


def test_it_filters_my_activities_by_status(client, chain, police):
    client.force_login(police)
    response = client.get(reverse("promises:my_activities"), {"status": "genomford"})
    assert chain["activity"].get_absolute_url() not in response.content.decode()
    response = client.get(reverse("promises:my_activities"), {"status": "pagar"})
    assert chain["activity"].get_absolute_url() in response.content.decode()


def test_it_filters_my_activities_by_kommun(client, chain, police, upplands_bro, uppsala_police):
    uppsala_police.covered_municipalities.add(upplands_bro)
    client.force_login(police)
    response = client.get(reverse("promises:my_activities"), {"kommun": upplands_bro.pk})
    assert chain["activity"].get_absolute_url() not in response.content.decode()
    response = client.get(
        reverse("promises:my_activities"), {"kommun": chain["agreement"].municipality_id}
    )
    assert chain["activity"].get_absolute_url() in response.content.decode()


# Agreements -----------------------------------------------------------------------------------


def _agreement_data(knivsta, police_area, **overrides):
    data = {
        "municipality": knivsta.pk,
        "police_area": police_area.pk,
        "title": "Samverkansöverenskommelse 2027–2029",
        "reference_number": "KS 26/0101",
        "valid_from": "2027-01-01",
        "valid_to": "2029-12-31",
        "goals": "Minskad brottslighet\nÖkad trygghet",
        "check_in_cadence": "kvartal",
        "signatories": "Eva Exempel, Kommunstyrelsens ordförande\nOlle Prov, Lokalpolisområdeschef",
    }
    data.update(overrides)
    return data


def test_it_creates_an_agreement_with_signatories(client, owner, knivsta, uppsala_police):
    client.force_login(owner)
    response = client.post(
        reverse("promises:agreement_create"), _agreement_data(knivsta, uppsala_police)
    )
    agreement = Agreement.objects.get(reference_number="KS 26/0101")
    assert response.status_code == 302
    assert response.url == agreement.get_absolute_url()
    assert [(s.name, s.title) for s in agreement.signatories.all()] == [
        ("Eva Exempel", "Kommunstyrelsens ordförande"),
        ("Olle Prov", "Lokalpolisområdeschef"),
    ]
    assert agreement.history.first().history_user == owner
    follow = client.get(response.url)
    assert "Överenskommelsen sparades." in follow.content.decode()


def test_it_refuses_agreement_creation_for_the_secretary(
    client, secretary, knivsta, uppsala_police
):
    client.force_login(secretary)
    response = client.post(
        reverse("promises:agreement_create"), _agreement_data(knivsta, uppsala_police)
    )
    assert response.status_code == 403
    assert not Agreement.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"valid_to": "2026-12-31"}, "valid_to", "Slutdatumet kan inte ligga före startdatumet."),
        ({"title": ""}, "title", "Detta fält måste fyllas i."),
        (
            {"goals": "Elev 121212-1212 ska följas"},
            "goals",
            "Texten innehåller ett personnummer",
        ),
        ({"signatories": "Bara ett namn"}, "signatories", "skriv namn, komma och titel"),
    ],
)
def test_it_answers_bad_agreement_input_next_to_the_field(
    client, owner, knivsta, uppsala_police, overrides, field, message
):
    client.force_login(owner)
    data = _agreement_data(knivsta, uppsala_police, **overrides)
    response = client.post(reverse("promises:agreement_create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field])
    content = response.content.decode()
    assert f'id="id_{field}_error"' in content
    assert 'aria-invalid="true"' in content
    # What the user typed is kept.
    if overrides.get("title", None) != "":
        assert data["title"] in content
    assert not Agreement.objects.exists()


def test_it_refuses_a_police_area_that_does_not_cover_the_kommun(
    client, owner, knivsta, jarfalla_police
):
    client.force_login(owner)
    response = client.post(
        reverse("promises:agreement_create"), _agreement_data(knivsta, jarfalla_police)
    )
    assert response.status_code == 200
    assert "omfattar inte" in response.context["form"].errors["police_area"][0]


def test_it_edits_an_agreement(client, chain, owner, uppsala_police, knivsta):
    client.force_login(owner)
    agreement = chain["agreement"]
    data = _agreement_data(
        knivsta,
        uppsala_police,
        title="Ny titel",
        valid_from="2023-01-01",
        version=current_version(agreement),
    )
    response = client.post(reverse("promises:agreement_edit", args=[agreement.pk]), data)
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.title == "Ny titel"
    assert agreement.signatories.count() == 2


# Promises -------------------------------------------------------------------------------------


def _promise_data(agreement, **overrides):
    data = {
        "kind": "medborgarlofte",
        "agreement": agreement.pk,
        "title": "Medborgarlöfte 2026",
        "reference_number": "KS-2025/9",
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
        "follow_up_cadence": "halvar",
        "purpose": "Öka tryggheten i centrum.",
        "situation": "",
        "background": "",
        "joint_commitment": "Synlighet och dialog.",
        "expected_effect": "",
        "follow_along": "Följ arbetet på kommunens webbplats.",
        "signatories": "Eva Exempel, Kommunstyrelsens ordförande",
    }
    data.update(overrides)
    return data


def test_it_creates_a_promise_as_a_draft(client, owner, agreement):
    client.force_login(owner)
    response = client.post(reverse("promises:promise_create"), _promise_data(agreement))
    promise = Promise.objects.get(title="Medborgarlöfte 2026")
    assert response.url == promise.get_absolute_url()
    assert promise.status == Promise.Status.DRAFT
    assert promise.signatories.get().name == "Eva Exempel"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"period_end": "2025-12-31"}, "period_end", "Slutdatumet kan inte ligga före"),
        ({"purpose": "Gäller 20121212-1212."}, "purpose", "personnummer"),
        ({"title": ""}, "title", "Detta fält måste fyllas i."),
    ],
)
def test_it_answers_bad_promise_input_next_to_the_field(
    client, owner, agreement, overrides, field, message
):
    client.force_login(owner)
    data = _promise_data(agreement, **overrides)
    response = client.post(reverse("promises:promise_create"), data)
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    content = response.content.decode()
    assert f'id="id_{field}_error"' in content
    assert 'aria-invalid="true"' in content
    assert data["follow_along"] in content
    assert not Promise.objects.filter(title="Medborgarlöfte 2026").exists()


def test_it_edits_an_adopted_promise_with_a_reason(client, chain, owner):
    client.force_login(owner)
    promise = chain["promise"]
    data = _promise_data(
        promise.agreement,
        title=promise.title,
        period_start="2024-01-01",
        period_end="2025-12-31",
        purpose="Ett tydligare syfte.",
        change_reason="Syftet förtydligades efter KS.",
        version=current_version(promise),
    )
    response = client.post(reverse("promises:promise_edit", args=[promise.pk]), data)
    assert response.status_code == 302
    promise.refresh_from_db()
    assert promise.purpose == "Ett tydligare syfte."
    assert promise.status == Promise.Status.ADOPTED
    assert promise.history.first().history_change_reason == "Syftet förtydligades efter KS."
    assert promise.history.count() >= 3  # created, adopted, edited: nothing was overwritten


def test_it_adopts_a_draft(client, owner, promise):
    client.force_login(owner)
    response = client.post(
        reverse("promises:promise_adopt", args=[promise.pk]),
        {"adopted_by": "Kommunstyrelsen", "adopted_on": "2024-01-29", "adoption_paragraph": "§ 6"},
    )
    assert response.status_code == 302
    promise.refresh_from_db()
    assert promise.status == Promise.Status.ADOPTED
    assert (promise.adopted_by, promise.adopted_on, promise.adoption_paragraph) == (
        "Kommunstyrelsen",
        date(2024, 1, 29),
        "§ 6",
    )


def test_it_refuses_an_adoption_date_in_the_future(client, owner, promise):
    client.force_login(owner)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(
        reverse("promises:promise_adopt", args=[promise.pk]),
        {"adopted_by": "Kommunstyrelsen", "adopted_on": tomorrow},
    )
    assert response.status_code == 200
    assert "framtiden" in response.context["form"].errors["adopted_on"][0]
    promise.refresh_from_db()
    assert promise.status == Promise.Status.DRAFT


def test_it_closes_an_adopted_promise(client, chain, owner):
    client.force_login(owner)
    promise = chain["promise"]
    response = client.post(reverse("promises:promise_close", args=[promise.pk]), {})
    assert response.status_code == 302
    promise.refresh_from_db()
    assert promise.status == Promise.Status.CLOSED


def test_it_supersedes_a_promise_with_a_new_draft(client, chain, owner):
    client.force_login(owner)
    promise = chain["promise"]
    response = client.post(
        reverse("promises:promise_successor", args=[promise.pk]),
        {
            "title": "Medborgarlöfte 2026–2027",
            "period_start": "2026-01-01",
            "period_end": "2027-12-31",
        },
    )
    successor = Promise.objects.get(title="Medborgarlöfte 2026–2027")
    assert response.url == successor.get_absolute_url()
    assert successor.supersedes == promise
    assert successor.focus_areas.count() == 1
    assert Activity.objects.filter(focus_area__promise=successor).count() == 2
    client.post(
        reverse("promises:promise_adopt", args=[successor.pk]),
        {"adopted_by": "Kommunstyrelsen", "adopted_on": "2025-12-01"},
    )
    promise.refresh_from_db()
    assert promise.status == Promise.Status.SUPERSEDED


def test_it_deletes_only_drafts(client, chain, owner, agreement):
    client.force_login(owner)
    adopted = chain["promise"]
    assert client.get(reverse("promises:promise_delete", args=[adopted.pk])).status_code == 403
    draft = services.create_promise(
        user=owner,
        agreement=agreement,
        title="Utkast",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
    )
    confirm = client.get(reverse("promises:promise_delete", args=[draft.pk]))
    assert confirm.status_code == 200
    response = client.post(reverse("promises:promise_delete", args=[draft.pk]))
    assert response.status_code == 302
    assert not Promise.objects.filter(pk=draft.pk).exists()
    assert Promise.objects.filter(pk=adopted.pk).exists()


def test_it_shows_the_whole_tree_on_the_promise_page(client, chain, owner):
    client.force_login(owner)
    with _today(date(2025, 6, 15)):
        response = client.get(chain["promise"].get_absolute_url())
    content = response.content.decode()
    assert "1:1" in content and "1:2" in content
    assert "Gemensamt" in content and "Kommunen" in content
    assert "Pågår" in content
    assert "2 av 4 narkotikainsatser, 2025" in content
    assert '<progress max="4" value="2"' in content


# Focus areas ----------------------------------------------------------------------------------


def test_it_adds_a_focus_area_with_the_next_number(client, chain, owner):
    client.force_login(owner)
    promise = chain["promise"]
    form = client.get(reverse("promises:focus_area_create", args=[promise.pk])).context["form"]
    assert form.initial["number"] == 2
    response = client.post(
        reverse("promises:focus_area_create", args=[promise.pk]),
        {"number": 2, "title": "Våld i nära relation", "definition": "Medvetandegöra våldet."},
    )
    assert response.status_code == 302
    assert promise.focus_areas.get(number=2).title == "Våld i nära relation"


def test_it_refuses_a_taken_focus_area_number(client, chain, owner):
    client.force_login(owner)
    promise = chain["promise"]
    response = client.post(
        reverse("promises:focus_area_create", args=[promise.pk]),
        {"number": 1, "title": "Dubblett", "definition": ""},
    )
    assert response.status_code == 200
    assert "finns redan" in response.context["form"].errors["number"][0]
    assert promise.focus_areas.count() == 1


def test_it_edits_a_focus_area(client, chain, owner):
    client.force_login(owner)
    area = chain["focus_area"]
    response = client.post(
        reverse("promises:focus_area_edit", args=[area.pk]),
        {
            "number": 1,
            "title": "Narkotika",
            "definition": "Ny definition.",
            "version": current_version(area),
        },
    )
    assert response.status_code == 302
    area.refresh_from_db()
    assert (area.title, area.definition) == ("Narkotika", "Ny definition.")


def test_it_confirms_what_goes_with_a_deleted_focus_area(client, chain, owner):
    client.force_login(owner)
    area = chain["focus_area"]
    confirm = client.get(reverse("promises:focus_area_delete", args=[area.pk]))
    content = confirm.content.decode()
    assert "2 aktiviteter" in content
    assert "1 statusuppdatering" in content
    response = client.post(reverse("promises:focus_area_delete", args=[area.pk]))
    assert response.status_code == 302
    assert not FocusArea.objects.filter(pk=area.pk).exists()
    assert not StatusUpdate.objects.filter(pk=chain["update"].pk).exists()


def test_it_renumbers_focus_areas_by_swapping(client, chain, owner):
    client.force_login(owner)
    promise = chain["promise"]
    second = services.create_focus_area(user=owner, promise=promise, title="Polisiär närvaro")
    first = chain["focus_area"]
    url = reverse("promises:focus_area_renumber", args=[promise.pk])
    version = client.get(url).context["form"]["version"].value()
    assert version == group_version([first, second])
    response = client.post(
        url, {f"number_{first.pk}": 2, f"number_{second.pk}": 1, "version": version}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.number, second.number) == (2, 1)
    assert first.history.first().history_user == owner


def test_it_refuses_duplicate_numbers_when_renumbering(client, chain, owner):
    client.force_login(owner)
    area = chain["focus_area"]
    first, second = chain["activity"], chain["municipal_activity"]
    response = client.post(
        reverse("promises:activity_renumber", args=[area.pk]),
        {
            f"number_{first.pk}": 1,
            f"number_{second.pk}": 1,
            "version": group_version([first, second]),
        },
    )
    assert response.status_code == 200
    assert "används redan" in str(response.context["form"].errors)
    second.refresh_from_db()
    assert second.number == 2


def test_it_refuses_renumbering_over_a_newer_change(client, chain, owner, police):
    client.force_login(owner)
    area = chain["focus_area"]
    first, second = chain["activity"], chain["municipal_activity"]
    url = reverse("promises:activity_renumber", args=[area.pk])
    version = client.get(url).context["form"]["version"].value()
    services.update_activity(activity=first, user=police, fields={"number": 3})
    response = client.post(
        url, {f"number_{first.pk}": 2, f"number_{second.pk}": 1, "version": version}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Någon annan ändrade medan du skrev" in content
    assert "Nummer: 3" in content  # who changed what since the form was opened
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.number, second.number) == (3, 2)
    # The form now carries the newer versions: saving again is a deliberate choice, and works.
    form = response.context["form"]
    assert form.data["version"] == group_version([first, second])
    response = client.post(
        url, {f"number_{first.pk}": 2, f"number_{second.pk}": 1, "version": form.data["version"]}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.number, second.number) == (2, 1)


# Activities -----------------------------------------------------------------------------------


def _activity_data(**overrides):
    data = {
        "number": 3,
        "description": "Minst en medborgardialog per termin.",
        "responsible": "gemensamt",
        "partners": "Kriminalvården",
        "contact_persons": "",
        "planned_start": "2024-08-01",
        "planned_end": "2025-06-30",
        "target_count": 1,
        "target_unit": "medborgardialoger",
        "target_period": "termin",
    }
    data.update(overrides)
    return data


def test_it_adds_an_activity_with_a_quantified_target(client, chain, owner):
    client.force_login(owner)
    area = chain["focus_area"]
    response = client.post(reverse("promises:activity_create", args=[area.pk]), _activity_data())
    assert response.status_code == 302
    activity = area.activities.get(number=3)
    assert (activity.target_count, activity.target_unit, activity.target_period) == (
        1,
        "medborgardialoger",
        "termin",
    )
    assert activity.code == "1:3"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"target_count": -2}, "target_count", "positivt heltal"),
        ({"target_count": 0}, "target_count", "positivt heltal"),
        ({"planned_end": "2024-07-01"}, "planned_end", "före startdatumet"),
        ({"planned_start": "2023-06-01"}, "planned_start", "före löftets period"),
        ({"planned_end": "2026-06-01"}, "planned_end", "efter löftets period"),
        ({"number": 1}, "number", "finns redan"),
        ({"description": ""}, "description", "Detta fält måste fyllas i."),
        ({"partners": "Kontakt 19121212-1212"}, "partners", "personnummer"),
    ],
)
def test_it_answers_bad_activity_input_next_to_the_field(
    client, chain, owner, overrides, field, message
):
    client.force_login(owner)
    area = chain["focus_area"]
    data = _activity_data(**overrides)
    response = client.post(reverse("promises:activity_create", args=[area.pk]), data)
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field]), (
        response.context["form"].errors
    )
    content = response.content.decode()
    assert f'id="id_{field}_error"' in content
    if data["description"]:
        assert data["description"] in content
    assert area.activities.count() == 2


def test_it_edits_an_activity(client, chain, owner):
    client.force_login(owner)
    activity = chain["municipal_activity"]
    response = client.post(
        reverse("promises:activity_edit", args=[activity.pk]),
        _activity_data(
            number=2,
            description="Ny beskrivning.",
            target_count="",
            version=current_version(activity),
        ),
    )
    assert response.status_code == 200  # unit and period without a count
    assert "Ange antalet" in response.context["form"].errors["target_count"][0]
    response = client.post(
        reverse("promises:activity_edit", args=[activity.pk]),
        _activity_data(
            number=2,
            description="Ny beskrivning.",
            target_count="",
            target_unit="",
            target_period="",
            version=current_version(activity),
        ),
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.description == "Ny beskrivning."


def test_it_deletes_an_activity_with_its_updates(client, chain, owner):
    client.force_login(owner)
    activity = chain["activity"]
    confirm = client.get(reverse("promises:activity_delete", args=[activity.pk]))
    assert "1 statusuppdatering" in confirm.content.decode()
    response = client.post(reverse("promises:activity_delete", args=[activity.pk]))
    assert response.url == chain["promise"].get_absolute_url()
    assert not Activity.objects.filter(pk=activity.pk).exists()
    assert not StatusUpdate.objects.filter(activity_id=activity.pk).exists()


# Status updates -------------------------------------------------------------------------------


def _update_data(**overrides):
    data = {
        "date": "2025-05-02",
        "status": "genomford",
        "description": "Två insatser med sökhund vid stationen.",
        "occurrences": 2,
        "is_public": "true",
    }
    data.update(overrides)
    return data


def test_it_lets_the_police_add_a_status_update(client, chain, police):
    client.force_login(police)
    activity = chain["municipal_activity"]
    response = client.post(
        reverse("promises:status_update_create", args=[activity.pk]), _update_data()
    )
    assert response.status_code == 302
    assert response.url == activity.get_absolute_url()
    update = activity.status_updates.get()
    assert (update.author, update.occurrences, update.is_public) == (police, 2, True)
    assert update.history.first().history_user == police


def test_it_defaults_the_update_date_to_today(client, chain, police):
    client.force_login(police)
    response = client.get(chain["activity"].get_absolute_url())
    form = response.context["update_form"]
    assert form["date"].value() == timezone.localdate()


def test_it_refuses_status_updates_by_the_secretary(client, chain, secretary):
    client.force_login(secretary)
    activity = chain["activity"]
    response = client.post(
        reverse("promises:status_update_create", args=[activity.pk]), _update_data()
    )
    assert response.status_code == 403
    assert activity.status_updates.count() == 1


def test_it_hides_status_updates_from_outsiders(client, chain, outsider):
    client.force_login(outsider)
    response = client.post(
        reverse("promises:status_update_create", args=[chain["activity"].pk]), _update_data()
    )
    assert response.status_code == 404


def test_it_accepts_only_post_for_status_updates(client, chain, police):
    client.force_login(police)
    url = reverse("promises:status_update_create", args=[chain["activity"].pk])
    assert client.get(url).status_code == 405


def test_it_sends_anonymous_status_updates_to_the_login_page(client, chain):
    url = reverse("promises:status_update_create", args=[chain["activity"].pk])
    response = client.post(url, _update_data())
    assert response.status_code == 302
    assert StatusUpdate.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"date": "2999-01-01"}, "date", "framtiden"),
        ({"date": "2023-12-31"}, "date", "före löftets start"),
        ({"description": "Pojken 0101011234 hade ..."}, "description", None),
        ({"description": "Pojken 121212-1212 greps"}, "description", "personnummer"),
        ({"occurrences": -1}, "occurrences", "större än eller lika med 0"),
        ({"status": ""}, "status", "Detta fält måste fyllas i."),
    ],
)
def test_it_answers_bad_status_updates_next_to_the_field(
    client, chain, police, overrides, field, message
):
    client.force_login(police)
    activity = chain["activity"]
    data = _update_data(**overrides)
    response = client.post(reverse("promises:status_update_create", args=[activity.pk]), data)
    if message is None:
        # A number that fails the check digit is not a personnummer: it is accepted.
        assert response.status_code == 302
        return
    assert response.status_code == 422
    errors = response.context["update_form"].errors
    assert any(message in error for error in errors[field]), errors
    content = response.content.decode()
    assert f'id="id_{field}_error"' in content
    if field != "description":
        assert data["description"] in content
    assert activity.status_updates.count() == 1


class _today:
    """Pin "today" for pages that compute the current follow-up period."""

    def __init__(self, day):
        self.day = day

    def __enter__(self):
        from unittest import mock

        self.patches = [
            mock.patch("django.utils.timezone.localdate", return_value=self.day),
        ]
        for patch in self.patches:
            patch.start()
        return self

    def __exit__(self, *exc):
        for patch in self.patches:
            patch.stop()


def test_it_keeps_an_ended_but_open_promise_on_the_start_page(client, chain, owner):
    """After its end date an adopted promise still awaits its closing follow-up."""
    client.force_login(owner)
    with _today(date(2026, 11, 22)):
        content = client.get(reverse("promises:start")).content.decode()
    assert chain["promise"].title in content
    # Its last follow-up period (second half of 2025) had no update of the municipal activity.
    assert chain["municipal_activity"].get_absolute_url() in content
    services.close_promise(promise=chain["promise"], user=owner)
    with _today(date(2026, 11, 22)):
        content = client.get(reverse("promises:start")).content.decode()
    assert chain["promise"].title not in content


def test_it_labels_the_empty_choice_in_swedish(client, chain, police):
    client.force_login(police)
    content = client.get(chain["activity"].get_absolute_url()).content.decode()
    assert "– Välj –" in content
    assert "Select an option" not in content


def test_it_offers_a_follow_up_report_from_an_adopted_promise(client, chain, owner, secretary):
    url = f"{reverse('followup:report_create')}?promise={chain['promise'].pk}"
    client.force_login(owner)
    assert url in client.get(chain["promise"].get_absolute_url()).content.decode()
    assert client.get(url).status_code == 200
    client.force_login(secretary)
    assert url not in client.get(chain["promise"].get_absolute_url()).content.decode()


# Views the matrices above do not reach -------------------------------------------------------


@pytest.fixture
def draft(owner, agreement):
    return services.create_promise(
        user=owner,
        agreement=agreement,
        title="Utkast till nytt löfte",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
    )


@pytest.mark.parametrize("name", ["promise_adopt", "promise_delete"])
def test_it_guards_the_draft_actions(client, draft, outsider, secretary, police, owner, name):
    url = reverse(f"promises:{name}", args=[draft.pk])
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    for reader in (secretary, police):
        client.force_login(reader)
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403
    client.force_login(owner)
    assert client.put(url).status_code == 405
    draft.refresh_from_db()
    assert draft.status == "utkast"


@pytest.mark.parametrize("name", ["agreement_create", "promise_create"])
def test_it_guards_the_create_forms(client, agreement, secretary, police, owner, name):
    url = reverse(f"promises:{name}")
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    for reader in (secretary, police):
        client.force_login(reader)
        assert client.get(url).status_code == 403
    client.force_login(owner)
    assert client.get(url).status_code == 200
    assert client.put(url).status_code == 405


def test_it_keeps_an_outsider_from_creating_a_promise_under_another_kommuns_agreement(
    client, agreement, outsider, upplands_bro, jarfalla_police
):
    Agreement.objects.create(
        municipality=upplands_bro,
        police_area=jarfalla_police,
        title="Upplands-Bros egen överenskommelse",
        valid_from=date(2022, 1, 1),
        valid_to=date(2027, 12, 31),
    )
    client.force_login(outsider)
    response = client.post(reverse("promises:promise_create"), _promise_data(agreement))
    # The outsider has an agreement of its own, so the form opens, but Knivsta's agreement is not
    # among its choices.
    assert response.status_code == 200
    assert "agreement" in response.context["form"].errors
    assert not Promise.objects.filter(title="Medborgarlöfte 2026").exists()


def test_it_guards_the_deleted_items_page(client, owner):
    url = reverse("promises:deleted_list")
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    client.force_login(owner)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 405


def test_it_lists_only_the_users_own_agreements(
    client, chain, owner, upplands_bro, jarfalla_police
):
    other = Agreement.objects.create(
        municipality=upplands_bro,
        police_area=jarfalla_police,
        title="Överenskommelse i en annan kommun",
        valid_from=date(2022, 1, 1),
        valid_to=date(2023, 12, 31),
    )
    client.force_login(owner)
    content = client.get(reverse("promises:agreement_list")).content.decode()
    assert chain["agreement"].get_absolute_url() in content
    assert other.get_absolute_url() not in content


def test_it_shows_the_timeline_newest_first_with_who_when_and_visibility(
    client, chain, owner, police
):
    activity = chain["activity"]
    services.add_status_update(
        user=police,
        activity=activity,
        status="genomford",
        description="Den nyaste, offentliga.",
        date=date(2025, 9, 1),
        is_public=True,
    )
    client.force_login(owner)
    response = client.get(activity.get_absolute_url())
    updates = response.context["updates"]
    assert [u.date for u in updates] == sorted((u.date for u in updates), reverse=True)
    content = response.content.decode()
    newest, older = (
        content.index("Den nyaste, offentliga."),
        content.index("Två insatser genomförda i centrum."),
    )
    assert newest < older
    assert "2025-09-01" in content and "Offentlig" in content and "Intern" in content
    assert "Skriven av polis" in content and "Skriven av samordnare" in content


def test_it_logs_in_with_a_swedish_message_for_a_wrong_password(client, owner):
    response = client.post(reverse("login"), {"username": "samordnare", "password": "fel-lösenord"})
    assert response.status_code == 200
    assert "Fel användarnamn, e-postadress eller lösenord." in response.content.decode()
    response = client.post(
        reverse("login"), {"username": "samordnare", "password": "test-password"}
    )
    assert response.url == reverse("promises:start")


def test_it_logs_out_with_a_post_only_onto_the_public_start_page(client, owner):
    client.force_login(owner)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.url == reverse("public:home")
    assert client.get(reverse("promises:start")).status_code == 302


@pytest.mark.parametrize("forged", [None, "", "0", "-1", "abc", "٣", "99999999999999999999"])
def test_it_treats_a_missing_or_forged_version_as_a_conflict(
    client, chain, owner, knivsta, uppsala_police, forged
):
    client.force_login(owner)
    agreement = chain["agreement"]
    data = _agreement_data(knivsta, uppsala_police, title="Utan version", valid_from="2023-01-01")
    if forged is not None:
        data["version"] = forged
    response = client.post(reverse("promises:agreement_edit", args=[agreement.pk]), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Någon annan sparade ändringar medan du skrev" in content
    assert "Utan version" in content  # what was typed is kept
    assert response.context["form"]["version"].value() == current_version(agreement)
    agreement.refresh_from_db()
    assert agreement.title != "Utan version"


@pytest.mark.parametrize("name", ["agreement_edit", "promise_edit"])
def test_it_refuses_a_stale_save_of_agreements_and_promises(
    client, chain, owner, police, knivsta, uppsala_police, name
):
    client.force_login(owner)
    obj = chain["agreement"] if name == "agreement_edit" else chain["promise"]
    stale_version = current_version(obj)
    if name == "agreement_edit":
        services.update_agreement(agreement=obj, user=police, fields={"goals": "Nytt mål"})
        data = _agreement_data(
            knivsta,
            uppsala_police,
            title="Min titel",
            valid_from="2023-01-01",
            version=stale_version,
        )
    else:
        services.update_promise(promise=obj, user=police, fields={"purpose": "Nytt syfte"})
        data = _promise_data(
            obj.agreement,
            title="Min titel",
            period_start="2024-01-01",
            period_end="2025-12-31",
            version=stale_version,
        )
    response = client.post(reverse(f"promises:{name}", args=[obj.pk]), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Någon annan sparade ändringar medan du skrev" in content
    assert "Min titel" in content
    obj.refresh_from_db()
    assert obj.title != "Min titel"


# Progress in every target period ---------------------------------------------------------------


@pytest.mark.parametrize("page", ["promise", "activity", "my_activities"])
def test_it_shows_progress_in_every_target_period_counting_internal_updates(
    client, chain, owner, police, page
):
    """Issue 9 §5: year one of a two-year promise must not vanish when year two begins. Internal
    pages count every update, internal ones included (the public pages count public ones only)."""
    services.add_status_update(
        user=owner,
        activity=chain["activity"],
        status=StatusUpdate.Status.IN_PROGRESS,
        description="Tre insatser under första året.",
        date=date(2024, 10, 1),
        occurrences=3,
        is_public=False,
    )
    urls = {
        "promise": chain["promise"].get_absolute_url(),
        "activity": chain["activity"].get_absolute_url(),
        "my_activities": reverse("promises:my_activities"),
    }
    client.force_login(police if page == "my_activities" else owner)
    with _today(date(2025, 6, 15)):
        content = client.get(urls[page]).content.decode()
    assert "2 av 4 narkotikainsatser, 2025" in content
    assert "2024: 3 av 4 narkotikainsatser" in content
    # The current period comes first.
    assert content.index("2 av 4 narkotikainsatser, 2025") < content.index("2024: 3 av 4")
