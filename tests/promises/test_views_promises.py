"""A promise through its views: created as a draft, bad input answered next to the field, edited
with a reason, adopted, closed, superseded by a new draft and deleted only while a draft; and the
promise page with its whole tree and its way to a follow-up report."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from promises import services
from promises.models import Activity, Promise
from tests.promises.view_data import _promise_data, _today
from tests.versions import current_version

pytestmark = pytest.mark.django_db


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


def test_it_offers_a_follow_up_report_from_an_adopted_promise(client, chain, owner, secretary):
    url = f"{reverse('followup:report_create')}?promise={chain['promise'].pk}"
    client.force_login(owner)
    assert url in client.get(chain["promise"].get_absolute_url()).content.decode()
    assert client.get(url).status_code == 200
    client.force_login(secretary)
    assert url not in client.get(chain["promise"].get_absolute_url()).content.decode()
