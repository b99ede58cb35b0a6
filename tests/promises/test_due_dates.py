"""Due dates: planned follow-ups of a promise and check-ins of an agreement, written by the kommun's
coordinators, shown on the promise page and the start page, read by the reminders."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from promises import selectors, services
from promises.models import DueDate, Promise

pytestmark = pytest.mark.django_db


def _due(owner, document, title="Årsuppföljning till Kommunstyrelsen", due_on=None, **fields):
    return services.create_due_date(
        user=owner,
        document=document,
        title=title,
        due_on=due_on or date(2025, 2, 28),
        recipient="Kommunstyrelsen",
        **fields,
    )


# The model ----------------------------------------------------------------------------------


@pytest.mark.parametrize("owners", ["both", "neither"])
def test_it_lets_a_due_date_belong_to_exactly_one_document(owner, promise, owners):
    fields = {"promise": promise, "agreement": promise.agreement} if owners == "both" else {}
    due = DueDate(title="Årsuppföljning", due_on=date(2025, 2, 28), recipient="KS", **fields)
    with pytest.raises(ValidationError, match="antingen en överenskommelse eller ett löfte"):
        due.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        due.save()  # the database refuses it too, whatever the path


def test_it_keeps_the_history_of_a_due_date(owner, promise):
    due = _due(owner, promise)
    services.update_due_date(
        due_date=due, user=owner, fields={"due_on": date(2025, 3, 31)}, reason="Nytt datum."
    )
    rows = list(due.history.order_by("history_id"))
    assert [row.history_type for row in rows] == ["+", "~"]
    assert rows[-1].history_user == owner
    assert rows[-1].history_change_reason == "Nytt datum."


# The forms and access -------------------------------------------------------------------------


def test_it_adds_a_due_date_to_a_promise_from_its_page(client, owner, promise):
    client.force_login(owner)
    page = client.get(promise.get_absolute_url()).content.decode()
    url = reverse("promises:promise_due_date_create", args=[promise.pk])
    assert url in page

    response = client.post(
        url,
        {
            "kind": DueDate.Kind.ANNUAL,
            "title": "Årsuppföljning till Kommunstyrelsen",
            "due_on": "2025-02-28",
            "recipient": "Kommunstyrelsen",
            "met_on": "",
        },
    )

    assert response.status_code == 302
    due = promise.due_dates.get()
    assert (due.title, due.due_on, due.met_on) == (
        "Årsuppföljning till Kommunstyrelsen",
        date(2025, 2, 28),
        None,
    )
    assert due.history.get().history_user == owner


def test_it_adds_a_check_in_to_an_agreement(client, owner, agreement):
    client.force_login(owner)
    url = reverse("promises:agreement_due_date_create", args=[agreement.pk])
    assert url in client.get(agreement.get_absolute_url()).content.decode()
    response = client.post(
        url,
        {
            "kind": DueDate.Kind.CHECK_IN,
            "title": "Kvartalsvis avstämning",
            "due_on": "2025-03-31",
            "recipient": "Styrgruppen",
        },
    )
    assert response.status_code == 302
    assert agreement.due_dates.get().kind == DueDate.Kind.CHECK_IN


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("due_on", "2025-02-30", "giltigt datum"),
        ("due_on", "9999-12-31", None),
        ("met_on", "2999-01-01", None),
        ("title", "", "Detta fält måste fyllas i."),
        ("title", "Uppföljning om 19811218-9876", "personnummer"),
        ("recipient", "x" * 121, "120 tecken"),
    ],
)
def test_it_shows_bad_input_next_to_the_field_in_swedish(
    client, owner, promise, field, value, message
):
    client.force_login(owner)
    data = {
        "kind": DueDate.Kind.ANNUAL,
        "title": "Årsuppföljning",
        "due_on": "2025-02-28",
        "recipient": "Kommunstyrelsen",
        "met_on": "",
    } | {field: value}

    response = client.post(reverse("promises:promise_due_date_create", args=[promise.pk]), data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    if message:
        assert message in " ".join(errors[field])
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not DueDate.objects.exists()


def test_it_edits_and_deletes_a_due_date(client, owner, promise):
    due = _due(owner, promise)
    client.force_login(owner)
    edit = reverse("promises:due_date_edit", args=[due.pk])
    response = client.post(
        edit,
        {
            "kind": DueDate.Kind.ANNUAL,
            "title": due.title,
            "due_on": "2025-02-28",
            "recipient": "Kommunstyrelsen",
            "met_on": "2025-02-20",
            "version": due.lock_version,
            "change_reason": "Lämnad på sammanträdet.",
        },
    )
    assert response.status_code == 302
    due.refresh_from_db()
    assert due.met_on == date(2025, 2, 20)

    response = client.post(reverse("promises:due_date_delete", args=[due.pk]))
    assert response.status_code == 302
    assert not DueDate.objects.exists()
    assert due.history.first().history_type == "-"


@pytest.mark.parametrize(
    ("role", "status"), [("outsider", 404), ("secretary", 403), ("police", 403)]
)
def test_it_lets_only_the_kommuns_coordinators_write_due_dates(
    client, request, owner, promise, role, status
):
    due = _due(owner, promise)
    client.force_login(request.getfixturevalue(role))
    urls = [
        reverse("promises:promise_due_date_create", args=[promise.pk]),
        reverse("promises:agreement_due_date_create", args=[promise.agreement.pk]),
        reverse("promises:due_date_edit", args=[due.pk]),
        reverse("promises:due_date_delete", args=[due.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == status, url
        assert client.post(url, {"title": "Ändrad", "version": "1"}).status_code == status, url
    due.refresh_from_db()
    assert due.title == "Årsuppföljning till Kommunstyrelsen"


def test_it_refuses_anonymous_visitors(client, owner, promise):
    due = _due(owner, promise)
    response = client.get(reverse("promises:due_date_edit", args=[due.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# Where they show --------------------------------------------------------------------------------


def test_it_shows_a_passed_unmet_due_date_as_late_on_the_promise_and_start_pages(
    client, owner, adopted_promise
):
    today = timezone.localdate()
    _due(owner, adopted_promise, "Årsuppföljning till Kommunstyrelsen", today - timedelta(days=3))
    _due(owner, adopted_promise, "Slutuppföljning", today + timedelta(days=40))
    _due(owner, adopted_promise, "Halvårsuppföljning", today - timedelta(days=90), met_on=today)
    client.force_login(owner)

    for url in (adopted_promise.get_absolute_url(), reverse("promises:start")):
        html = client.get(url).content.decode()
        assert "Årsuppföljning till Kommunstyrelsen" in html, url
        assert "Slutuppföljning" in html, url
        assert html.count("Försenad</span>") == 1, url
    start = client.get(reverse("promises:start")).context
    assert [d.title for d in start["due_dates"]] == [
        "Årsuppföljning till Kommunstyrelsen",
        "Slutuppföljning",
    ]


# The selector of the reminders ---------------------------------------------------------------


def test_it_selects_the_unmet_due_dates_to_remind_of_in_one_query(
    owner, outsider, adopted_promise, agreement, promise, django_assert_num_queries
):
    day = date(2025, 2, 1)
    expected = [
        _due(owner, adopted_promise, "På dagen", day),
        _due(owner, agreement, "Avstämning", day + timedelta(days=7), kind=DueDate.Kind.CHECK_IN),
        _due(owner, adopted_promise, "Sista dagen", day + timedelta(days=14)),
    ]
    _due(owner, adopted_promise, "För sent", day + timedelta(days=15))
    _due(owner, adopted_promise, "Redan passerad", day - timedelta(days=1))
    _due(owner, adopted_promise, "Redan klar", day + timedelta(days=2), met_on=date(2025, 1, 20))
    # A closed promise and an agreement no longer valid are not reminded of.
    closed = services.create_promise(
        user=owner,
        agreement=agreement,
        title="Avslutat löfte",
        period_start=date(2023, 1, 1),
        period_end=date(2023, 12, 31),
    )
    _due(owner, closed, "Avslutat", day + timedelta(days=3))
    Promise.objects.filter(pk=closed.pk).update(status=Promise.Status.CLOSED)
    draft = services.create_promise(
        user=owner,
        agreement=agreement,
        title="Utkast",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
    )
    _due(owner, draft, "Utkastets", day + timedelta(days=3))
    old = services.create_agreement(
        user=owner,
        municipality=agreement.municipality,
        police_area=agreement.police_area,
        title="Gammal överenskommelse",
        valid_from=date(2019, 1, 1),
        valid_to=date(2022, 12, 31),
    )
    _due(owner, old, "Gammal avstämning", day + timedelta(days=3))

    with django_assert_num_queries(1):
        due_dates = selectors.due_dates_to_remind(day, 14)
        municipalities = [d.municipality.name for d in due_dates]
        documents = [str(d.promise or d.agreement) for d in due_dates]

    assert [d.pk for d in due_dates] == [d.pk for d in expected]
    assert municipalities == ["Knivsta kommun"] * 3
    assert documents[1] == agreement.title
