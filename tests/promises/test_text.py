"""Free text is normalised on every way in, and every free-text field has an honest maximum length.

A vertical tab (Word's Shift+Enter) in a public update once made the kommun's Atom feeds answer 500;
NUL is refused by PostgreSQL. Here the normalisation itself is tested, then that every text field
of every model of our apps normalises, then the write paths (views, admin, queryset updates) on
PostgreSQL, the feeds, and the length limits with their Swedish message and counter.
"""

from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.csp import CSP
from hypothesis import given
from hypothesis import strategies as st

from promises import services
from promises.fields import NormalizedTextMixin
from promises.models import Promise, StatusUpdate
from promises.text import (
    DOCUMENT_MAX_LENGTH,
    PARAGRAPHS_MAX_LENGTH,
    fit_to_length,
    normalize_text,
)
from tests.form_data import page_form
from tests.project_models import project_models

# Every C0 control character: the ones XML 1.0 cannot hold are removed, line breaks become "\n".
CONTROL_CHARACTERS = "".join(chr(code) for code in range(0x20))
DIRTY = "Rad ett\x0bRad två\r\nRad tre\rRad fyra\x00\x01\x1f\ufffe slut"
CLEAN = "Rad ett\nRad två\nRad tre\nRad fyra slut"
SWEDISH_TOO_LONG = "Säkerställ att detta värde har som mest"


# The normalisation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\r\nb", "a\nb"),
        ("a\rb", "a\nb"),
        ("a\x0bb", "a\nb"),  # vertical tab: Word's Shift+Enter
        ("a\x0cb", "a\nb"),  # form feed: a page break
        ("a\u2028b\u2029c", "a\nb\nc"),
        ("a\x00b", "ab"),  # PostgreSQL refuses NUL in text
        ("a\x01\x08\x0e\x1fb", "ab"),
        ("a\ufffe\uffffb", "ab"),
        ("a\ud800b", "ab"),  # a lone surrogate
        ("a\tb\nc", "a\tb\nc"),  # tab and line feed stay
        ("A\u030angström", "Ångström"),  # decomposed å becomes one character (NFC)
        ("", ""),
    ],
)
def test_it_normalises_line_breaks_and_removes_characters_xml_cannot_hold(raw, expected):
    assert normalize_text(raw) == expected


def test_it_keeps_only_tab_and_line_feed_of_all_control_characters():
    assert normalize_text(CONTROL_CHARACTERS) == "\t\n\n\n\n"


@given(st.text())
def test_it_normalises_any_text_into_well_formed_xml_once_and_for_all(text):
    normalized = normalize_text(text)
    assert normalize_text(normalized) == normalized
    assert "\r" not in normalized and "\x00" not in normalized
    ElementTree.fromstring(f"<t>{escape_xml(normalized)}</t>")


def escape_xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def test_it_cuts_a_composed_text_at_a_word_to_fit():
    text = "ord " * 100
    cut = fit_to_length(text, 50)
    assert len(cut) <= 50
    assert cut.endswith(" […]")
    assert fit_to_length("kort", 50) == "kort"


# Every text field of every model of our apps ------------------------------------------------


def test_it_walks_the_models_of_both_apps():
    labels = {model._meta.label for model in project_models()}
    assert {"promises.StatusUpdate", "followup.Report", "followup.ReportActivityEntry"} <= labels


# simple-history stores a FileField's name as text: written by the system, never typed.
SYSTEM_TEXT = {"followup.HistoricalReport.pdf", "promises.ActivitySummary.latest_status"}


def test_it_makes_every_text_field_of_every_model_a_normalising_one():
    plain = [
        f"{model._meta.label}.{field.name}"
        for model in project_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not isinstance(field, NormalizedTextMixin)
        and not field.name.startswith("history_")  # simple-history's own (see signals.py)
    ]
    assert sorted(set(plain) - SYSTEM_TEXT) == []


def test_it_gives_every_text_area_field_a_maximum_length():
    unlimited = [
        f"{model._meta.label}.{field.name}"
        for model in project_models(historical=False)
        for field in model._meta.concrete_fields
        if isinstance(field, models.TextField) and field.max_length is None
    ]
    assert unlimited == []


def _form_classes():
    import followup.forms
    import promises.forms

    for module in (promises.forms, followup.forms):
        for value in vars(module).values():
            is_form = isinstance(value, type) and issubclass(value, forms.BaseForm)
            if is_form and value.__module__ == module.__name__:
                yield value


def test_it_normalises_every_text_field_of_every_form_of_our_apps():
    names = {form_class.__name__ for form_class in _form_classes()}
    assert {"ActivityEntryForm", "ChangeReasonMixin", "PromiseForm", "SignatoryForm"} <= names
    plain = [
        f"{form_class.__name__}.{name}"
        for form_class in _form_classes()
        for name, field in form_class.base_fields.items()
        if type(field) is forms.CharField and not field.widget.is_hidden
    ]
    assert plain == []


# Write paths, on PostgreSQL -------------------------------------------------------------------


def _status_update_data(description: str) -> dict:
    return {
        "date": "2024-03-01",
        "status": StatusUpdate.Status.IN_PROGRESS,
        "description": description,
        "occurrences": 1,
        "is_public": "true",
    }


@pytest.mark.django_db
def test_it_stores_a_status_update_typed_with_control_characters_normalised(
    client, owner, activity
):
    client.force_login(owner)
    url = reverse("promises:status_update_create", args=[activity.pk])
    response = client.post(url, _status_update_data(DIRTY))
    assert response.status_code == 302
    assert StatusUpdate.objects.get(activity=activity).description == CLEAN


@pytest.mark.django_db
def test_it_stores_every_control_character_of_an_update_normalised(client, owner, activity):
    client.force_login(owner)
    url = reverse("promises:status_update_create", args=[activity.pk])
    response = client.post(url, _status_update_data(f"Före{CONTROL_CHARACTERS}efter"))
    assert response.status_code == 302
    assert StatusUpdate.objects.get(activity=activity).description == "Före\t\n\n\n\nefter"


@pytest.fixture
def public_update(owner, adopted_promise, activity):
    update = services.add_status_update(
        user=owner,
        activity=activity,
        status=StatusUpdate.Status.IN_PROGRESS,
        description="Första insatsen.",
        date=date(2024, 3, 1),
        is_public=True,
    )
    return update


@pytest.mark.django_db
def test_it_keeps_the_kommuns_feeds_valid_after_a_vertical_tab_in_a_public_update(
    client, owner, public_update, knivsta
):
    client.force_login(owner)
    url = reverse("promises:status_update_create", args=[public_update.activity.pk])
    assert client.post(url, _status_update_data("Rad ett\x0bRad två\x00")).status_code == 302
    client.logout()
    promise = public_update.activity.focus_area.promise
    feeds = [
        reverse("public:municipality_feed", kwargs={"slug": knivsta.slug}),
        reverse("public:promise_feed", kwargs={"slug": knivsta.slug, "pk": promise.pk}),
    ]
    for feed in feeds:
        response = client.get(feed)
        assert response.status_code == 200
        root = ElementTree.fromstring(response.content)
        assert "Rad ett" in ElementTree.tostring(root, encoding="unicode")


@pytest.mark.django_db
def test_it_normalises_a_text_that_bypasses_the_forms(owner, public_update):
    # A queryset update sends no signal and runs no validation: the field still normalises.
    StatusUpdate.objects.filter(pk=public_update.pk).update(description="a\x0bb\x00c\r\nd")
    public_update.refresh_from_db()
    assert public_update.description == "a\nbc\nd"


@pytest.mark.django_db
def test_it_normalises_a_text_saved_without_validation(owner, public_update):
    public_update.description = "a\x0bb\x00"
    public_update.save()
    assert public_update.description == "a\nb"
    public_update.refresh_from_db()
    assert public_update.description == "a\nb"
    assert public_update.history.first().description == "a\nb"


@pytest.mark.django_db
def test_it_stores_a_promise_edited_with_control_characters_normalised(client, owner, promise):
    client.force_login(owner)
    url = reverse("promises:promise_edit", args=[promise.pk])
    data = page_form(client, url)
    data.update(
        background=DIRTY, title="Medborgarlöfte\x0b Knivsta\x00", change_reason="Ny\x0btext"
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    promise.refresh_from_db()
    assert promise.background == CLEAN
    assert promise.title == "Medborgarlöfte\n Knivsta"
    assert promise.history.first().history_change_reason == "Ny\ntext"


@pytest.mark.django_db
def test_it_normalises_what_the_admin_saves(client, make_user, knivsta):
    client.force_login(make_user("admin", is_staff=True, is_superuser=True))
    url = reverse("admin:promises_organisation_change", args=[knivsta.pk])
    data = {
        "kind": knivsta.kind,
        "name": "Knivsta\x00 kommun",
        "slug": knivsta.slug,
        "municipality_code": knivsta.municipality_code,
        "office": "Kommun\x0bledningskontoret\r\n",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    knivsta.refresh_from_db()
    assert knivsta.name == "Knivsta kommun"
    assert knivsta.office == "Kommun\nledningskontoret"


# Maximum lengths -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_refuses_a_status_update_longer_than_its_maximum_with_a_swedish_message(
    client, owner, activity
):
    client.force_login(owner)
    url = reverse("promises:status_update_create", args=[activity.pk])
    typed = "x" * (PARAGRAPHS_MAX_LENGTH + 1)
    response = client.post(url, _status_update_data(typed))
    assert response.status_code == 422
    form = response.context["update_form"]
    assert SWEDISH_TOO_LONG in form.errors["description"][0]
    assert form["description"].value() == typed
    assert not StatusUpdate.objects.filter(activity=activity).exists()


@pytest.mark.django_db
def test_it_counts_a_typed_line_break_as_one_character(client, owner, activity):
    client.force_login(owner)
    url = reverse("promises:status_update_create", args=[activity.pk])
    half = PARAGRAPHS_MAX_LENGTH // 2
    typed = "a" * (half - 1) + "\r\n" + "b" * half  # one over as sent, exactly the max as stored
    assert client.post(url, _status_update_data(typed)).status_code == 302
    assert len(StatusUpdate.objects.get(activity=activity).description) == PARAGRAPHS_MAX_LENGTH


@pytest.mark.django_db
def test_it_refuses_an_over_long_text_in_the_services_too(owner, promise):
    with pytest.raises(ValidationError) as excinfo:
        services.update_promise(
            promise=promise, user=owner, fields={"situation": "x" * (DOCUMENT_MAX_LENGTH + 1)}
        )
    assert SWEDISH_TOO_LONG in excinfo.value.message_dict["situation"][0]


@pytest.mark.django_db
def test_it_keeps_a_text_saved_before_the_limit_and_lets_other_changes_through(owner, promise):
    long_text = "Bakgrund. " * (DOCUMENT_MAX_LENGTH // 5)
    Promise.objects.filter(pk=promise.pk).update(background=long_text)
    promise.refresh_from_db()
    services.update_promise(promise=promise, user=owner, fields={"title": "Ny titel"})
    promise.refresh_from_db()
    assert promise.background == long_text
    assert promise.title == "Ny titel"
    with pytest.raises(ValidationError):
        services.update_promise(promise=promise, user=owner, fields={"background": long_text + "!"})


@pytest.mark.django_db
def test_it_shows_the_maximum_and_a_counter_on_text_areas(client, owner, activity):
    client.force_login(owner)
    content = client.get(reverse("promises:activity_detail", args=[activity.pk])).content.decode()
    assert f'maxlength="{PARAGRAPHS_MAX_LENGTH}"' in content
    assert f"Högst {PARAGRAPHS_MAX_LENGTH} tecken." in content
    assert 'data-counter-for="id_description"' in content
    assert 'aria-describedby="id_description_helptext"' in content
    assert 'aria-live="polite"' in content
    assert "js/char-counter.js" in content


def test_it_serves_the_counter_script_from_our_own_static_files():
    script = Path(settings.BASE_DIR, "static", "js", "char-counter.js").read_text()
    assert "data-counter-for" in script
    assert CSP.SELF in settings.SECURE_CSP["script-src"]


@pytest.mark.django_db
def test_it_lets_the_edit_form_keep_a_text_saved_before_the_limit(client, owner, promise):
    long_text = ("Bakgrund. " * (DOCUMENT_MAX_LENGTH // 5)).strip()
    Promise.objects.filter(pk=promise.pk).update(background=long_text)
    client.force_login(owner)
    url = reverse("promises:promise_edit", args=[promise.pk])
    data = page_form(client, url)
    data["title"] = "Ny titel"
    assert client.post(url, data).status_code == 302
    promise.refresh_from_db()
    assert (promise.title, promise.background) == ("Ny titel", long_text)

    data = page_form(client, url)
    data["background"] = long_text + "Mer."
    response = client.post(url, data)
    assert response.status_code == 200
    assert SWEDISH_TOO_LONG in response.context["form"].errors["background"][0]
    promise.refresh_from_db()
    assert promise.background == long_text


@pytest.mark.django_db
def test_it_repairs_a_text_saved_before_normalisation_so_the_feeds_work_again(
    client, public_update, knivsta
):
    from django.db import connection

    from promises.text import normalize_saved_rows

    with connection.cursor() as cursor:  # as an old row was written, before the fields normalised
        cursor.execute(
            "UPDATE promises_statusupdate SET description = %s WHERE id = %s",
            ["Rad ett\x0bRad två\r\n", public_update.pk],
        )
    feed = reverse("public:municipality_feed", kwargs={"slug": knivsta.slug})
    history_rows = public_update.history.count()
    assert normalize_saved_rows(StatusUpdate.objects.all()) == 1
    public_update.refresh_from_db()
    assert public_update.description == "Rad ett\nRad två\n"
    assert public_update.history.count() == history_rows
    response = client.get(feed)
    assert response.status_code == 200
    ElementTree.fromstring(response.content)
