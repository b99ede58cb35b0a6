"""Who may use each view of the chain: anonymous visitors go to the login page, outsiders get
404, read-only roles 403 and a wrong method 405, for the detail pages, forms and lists of the matrices
below and for the views they do not reach (the draft actions, the create forms, deleted items); and
logging in and out."""

from datetime import date

import pytest
from django.urls import reverse

from promises import services
from promises.models import Agreement, Promise
from tests.promises.view_data import _promise_data
from tests.versions import current_version

pytestmark = pytest.mark.django_db


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
