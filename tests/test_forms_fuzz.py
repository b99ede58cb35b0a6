"""No input breaks a page: generated values posted to every form of the app, as every role, on
PostgreSQL, never get a response of 500 or more.

Each form is read from its rendered page (what a browser would submit, hidden version included);
hypothesis then replaces a few of its fields with hostile values: control characters, text far past
any limit, digits from other scripts, years 1 and 9999, numbers past every column's range. A test
below keeps the list of forms complete: a new view that takes input must be added here.
"""

from datetime import date
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from django.urls import get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup import services as report_services
from notifications.kinds import Kind
from notifications.tokens import make_token
from promises import services
from promises.models import Promise, StatusUpdate
from situation import services as situation_services
from situation.models import Indicator
from tests.followup.report_factory import add_chain, complete_draft
from tests.htmlforms import forms_of

# (url name, the object whose id the URL takes, the page the form is on if not the URL itself)
FORMS = [
    ("promises:agreement_create", None, None),
    ("promises:agreement_edit", "agreement", None),
    ("promises:promise_create", None, None),
    ("promises:promise_edit", "promise", None),
    ("promises:promise_adopt", "draft", None),
    ("promises:promise_close", "promise", None),
    ("promises:promise_successor", "promise", None),
    ("promises:focus_area_renumber", "promise", None),
    ("promises:focus_area_create", "promise", None),
    ("promises:focus_area_edit", "area", None),
    ("promises:activity_create", "area", None),
    ("promises:activity_renumber", "area", None),
    ("promises:activity_edit", "activity", None),
    ("promises:status_update_create", "activity", "promises:activity_detail"),
    ("promises:status_update_edit", "update", None),
    ("promises:status_update_withdraw", "update", None),
    ("promises:promise_due_date_create", "promise", None),
    ("promises:agreement_due_date_create", "agreement", None),
    ("promises:due_date_edit", "due_date", None),
    ("promises:period_report", "promise", None),
    ("followup:report_create", None, None),
    ("followup:report_edit", "report", None),
    ("followup:profile_edit", "municipality", None),
    # The confirmation of issuing, of a draft not ready: a POST never issues it, so every example
    # finds the same page (a ready one would be issued by the first that keeps the digest).
    ("followup:report_issue", "unready", None),
    ("followup:report_correct", "issued", None),
    ("notifications:preferences", None, None),
    ("notifications:follow", "promise", "promises:promise_detail"),
    ("imports:upload", "draft", None),
    ("login", None, None),
    ("accounts:invite", "organisation", None),
    ("accounts:membership_edit", "membership", None),
    ("accounts:membership_remove", "membership", None),
    ("accounts:password_change", None, None),
    ("accounts:password_reset", None, None),
    ("identity:settings", "organisation", None),
    ("situation:assessment_create", "municipality", None),
    ("situation:assessment_edit", "assessment", None),
    # The draft's problem has no level: adoption is always refused, every example finds the form.
    ("situation:assessment_adopt", "assessment", None),
    ("situation:assessment_publish", "assessment", None),
    ("situation:problem_create", "assessment", None),
    ("situation:problem_edit", "problem", None),
    ("situation:problem_indicators", "problem", None),
    ("situation:cause_create", "problem", None),
    ("situation:cause_edit", "cause", None),
    ("situation:cause_activities", "cause", None),
    ("situation:promise_problems", "promise", None),
    ("situation:indicator_add_kolada", "municipality", "situation:indicator_list"),
    ("situation:indicator_create", "municipality", None),
    ("situation:indicator_edit", "indicator", None),
    ("situation:indicator_edit", "kolada_indicator", None),
    ("situation:indicator_values", "indicator", None),
    ("situation:activity_rating", "plan_activity", None),
    ("situation:duty_settings", "municipality", None),
]
# Filters submitted with GET.
GET_FORMS = [
    ("promises:my_activities", None),
    ("promises:promise_list", None),
    ("followup:report_list", None),
]
# Views that take no typed input (a confirmation button, a download, a page to read).
NO_INPUT = {
    "promises:start",
    "promises:standing",  # only ?sida=, whose bad values its own tests try
    "promises:agreement_list",
    "promises:agreement_detail",
    "promises:promise_detail",
    "promises:promise_delete",
    "promises:focus_area_delete",
    "promises:activity_detail",
    "promises:activity_delete",
    "promises:agreement_history",
    "promises:promise_history",
    "promises:focus_area_history",
    "promises:activity_history",
    "promises:status_update_history",
    "promises:deleted_list",
    "promises:deletion_restore",
    "promises:due_date_delete",
    "followup:report_detail",
    "followup:report_preview",
    "followup:report_delete",
    "followup:report_download",
    "followup:report_archive",  # a ZIP of the issued report; no input but its address
    "followup:report_docx",  # a Word file of the report; no input but its address
    "followup:report_history",
    "followup:profile_history",
    "followup:profile_logo",  # an image; its input is only the If-None-Match header
    # The lägesbild's tjänsteskrivelse: a page, a button with no fields (ask for the PDF), a file.
    "followup:assessment_document",
    "followup:assessment_pdf",
    # Its only input is the signed token in the address: test_it_never_answers_500_to_any_token.
    "notifications:unsubscribe",
    "onboarding:created",
    "onboarding:getting_started",
    "accounts:account",
    "accounts:members",
    "accounts:invitation_resend",
    "accounts:invitation_revoke",
    "accounts:password_change_done",
    "accounts:password_reset_done",
    "accounts:password_reset_complete",
    # Their only input besides a token in the address: tests/accounts/test_accept_fuzz.py and
    # Django's own view (a bad token gives the "Länken fungerar inte" page).
    "accounts:accept",
    "accounts:password_reset_confirm",
    # Their only input is the provider's answer: tests/identity/test_callback_fuzz.py.
    "identity:start",
    "identity:callback",
    "imports:job",
    "imports:confirm",  # a button; the file's content is fuzzed in tests/imports/test_fuzz.py
    "imports:template",
    "imports:export_chain",
    "imports:export_history",
    "situation:index",
    "situation:assessment_list",
    "situation:assessment_detail",
    "situation:assessment_history",
    "situation:assessment_new_version",  # a confirmation button
    "situation:assessment_delete",
    "situation:problem_delete",
    "situation:cause_delete",
    "situation:indicator_list",
    "situation:indicator_detail",
    "situation:indicator_fetch",  # the button "Hämta från Kolada": no input but its address
    "situation:indicator_delete",  # a confirmation button
    "situation:plan_table",
    "situation:duty_checklist",
    "followup:plan_pdf",  # a PDF (or the page saying it is being made); no input but its address
}
# The administrator's forms: test_it_never_answers_500_to_generated_input_to_ny_kommun.
ADMIN_FORMS = {"onboarding:new_municipality"}

ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=60)
KNOWN_HOSTILE = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x0bb",
        "\x0c\x1b\x7f",
        "x" * 150,
        "x" * 201,
        "ord " * 30_000,
        "٣",
        "²",
        "１２",
        "-1",
        "0",
        "32767",
        "32768",
        "99999999999999999999",
        "1e309",
        "NaN",
        "0001-01-01",
        "9999-12-31",
        "2024-02-30",
        "19811218-9876",
        '=HYPERLINK("http://x")',
        "<script>alert(1)</script>",
        "1:1,2:2",
        "1:99999999999999999999",
        "true",
    ]
)
# Four times in five a value known to have broken forms somewhere, else any text at all.
HOSTILE_TEXT = st.integers(0, 4).flatmap(lambda n: ANY_TEXT if n == 0 else KNOWN_HOSTILE)


@pytest.fixture
def world(owner, police, secretary, outsider, promise, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    chain = add_chain(owner=owner, promise=promise)
    draft = services.create_promise(
        user=owner,
        agreement=promise.agreement,
        title="Nästa löfte",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
    )
    activity = next(iter(chain.activities.values()))
    update = services.add_status_update(
        user=owner,
        activity=activity,
        status=StatusUpdate.Status.DONE,
        description="Genomförd.",
        date=date(2025, 5, 1),
        is_public=True,
    )
    report = complete_draft(owner=owner, promise=promise)
    unready = report_services.save_draft(
        report=complete_draft(owner=owner, promise=promise), user=owner, fields={}, signatories=[]
    )
    # Dated the last day a report may have, so that no correction of it can be dated (none before
    # it, none after 2100): every example finds the same form.
    issued = report_services.issue_report(
        report=report_services.save_draft(
            report=complete_draft(owner=owner, promise=promise),
            user=owner,
            fields={"date": date(2100, 12, 31)},
        ),
        user=owner,
    )
    due_date = services.create_due_date(
        user=owner,
        document=promise,
        title="Årsuppföljning till Kommunstyrelsen",
        due_on=date(2025, 2, 28),
        recipient="Kommunstyrelsen",
    )
    # The coordinator is also Knivsta's förvaltare (the account pages' forms); as the only one,
    # the forms can never remove that membership.
    plan = services.create_promise(
        user=owner,
        agreement=promise.agreement,
        kind=Promise.Kind.ACTION_PLAN,
        title="Åtgärdsplan",
        period_start=date(2024, 1, 1),
        period_end=date(2025, 12, 31),
    )
    plan_activity = services.create_activity(
        user=owner,
        focus_area=services.create_focus_area(user=owner, promise=plan, title="Stationen"),
        description="Trygghetsvandringar.",
    )
    membership = owner.memberships.get()
    membership.is_manager = True
    membership.save()
    assessment = situation_services.create_draft(
        user=owner, municipality=promise.agreement.municipality, title="Lägesbild"
    )
    problem = situation_services.create_problem(
        user=owner, assessment=assessment, title="Skadegörelse i centrum"
    )
    cause = situation_services.create_cause(
        user=owner, problem=problem, text="Ingen vuxen närvaro", activities=[activity]
    )
    objects = {
        "assessment": assessment,
        "problem": problem,
        "cause": cause,
        "organisation": membership.organisation,
        "membership": membership,
        "agreement": promise.agreement,
        "promise": promise,
        "draft": draft,
        "area": activity.focus_area,
        "activity": activity,
        "update": update,
        "report": report,
        "unready": unready,
        "issued": issued,
        "due_date": due_date,
        "municipality": promise.agreement.municipality,
        "indicator": Indicator.objects.create(
            municipality=promise.agreement.municipality,
            name="Otrygghet kvällstid",
            source="NTU",
            has_gender_split=True,
        ),
        "kolada_indicator": Indicator.objects.create(
            municipality=promise.agreement.municipality,
            name="N07540",
            source="Kolada",
            kolada_kpi="N07540",
        ),
        "plan_activity": plan_activity,
    }
    return {"objects": objects, "users": [owner, police, secretary, outsider, None]}


def _url(name, key, objects):
    return reverse(name, args=[objects[key].pk]) if key else reverse(name)


def _form_fields(client, name, key, page, objects) -> dict[str, list[str]]:
    url = _url(name, key, objects)
    page_url = _url(page, key, objects) if page else url
    html = client.get(page_url).content.decode()
    candidates = [f for f in forms_of(html) if f.method.lower() == "post"]
    matching = [f for f in candidates if f.action in ("", url)]
    form = max(matching or candidates, key=lambda f: len(f.fields))
    return form.data() | {f.name: [f.value] for f in form.fields if f.name not in form.data()}


def test_it_lists_every_view_of_the_app_here():
    names = set()
    for namespace in (
        "promises",
        "followup",
        "notifications",
        "onboarding",
        "accounts",
        "identity",
        "imports",
        "situation",
    ):
        resolver = get_resolver().namespace_dict[namespace][1]
        names |= {f"{namespace}:{n}" for n in resolver.reverse_dict if isinstance(n, str)}
    listed = {name for name, *_ in FORMS} | {name for name, _ in GET_FORMS} | NO_INPUT
    listed |= ADMIN_FORMS
    assert names - listed == set(), "a new view: add it to FORMS, GET_FORMS or NO_INPUT"


@pytest.mark.parametrize(("name", "key", "page"), FORMS)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
@given(data=st.data())
def test_it_never_answers_500_to_generated_input(world, name, key, page, data):
    objects = world["objects"]
    coordinator = world["users"][0]
    reader = Client(raise_request_exception=False)
    if name != "login":  # the login form is read as a visitor sees it
        reader.force_login(coordinator)
    fields = _form_fields(reader, name, key, page, objects)
    names = sorted(fields)
    chosen = data.draw(st.sets(st.sampled_from(names), min_size=1, max_size=min(2, len(names))))
    posted = dict(fields)
    for field in chosen:
        posted[field] = [data.draw(HOSTILE_TEXT)]
    user = data.draw(st.sampled_from(world["users"]))
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    response = client.post(_url(name, key, objects), posted)
    assert response.status_code < 500, (name, user, {f: posted[f] for f in chosen})
    if response.status_code == 302:
        # Whatever was accepted must be safe in every output: pages, feeds, open data.
        promise = objects["promise"]
        slug = promise.agreement.municipality.slug
        visitor = Client(raise_request_exception=False)
        for output in (
            reverse("public:municipality", args=[slug]),
            reverse("public:municipality_feed", args=[slug]),
            reverse("public:promise", args=[slug, promise.pk]),
            reverse("public:promise_feed", args=[slug, promise.pk]),
            reverse("public:promise_csv", args=[slug, promise.pk]),
            reverse("public:promise_json", args=[slug, promise.pk]),
            reverse("promises:promise_detail", args=[promise.pk]),
        ):
            reader_or_visitor = visitor if output.startswith("/kommun") else reader
            response = reader_or_visitor.get(output)
            assert response.status_code < 500, (name, output, {f: posted[f] for f in chosen})
            if response.streaming:  # the data files: an error while they stream raises here
                b"".join(response.streaming_content)


@pytest.mark.parametrize(("name", "key"), GET_FORMS)
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    derandomize=True,
)
@given(data=st.data())
def test_it_never_answers_500_to_generated_filters(world, name, key, data):
    params = data.draw(
        st.dictionaries(
            st.sampled_from(["kommun", "status", "committee", "year", "municipality", "sida"]),
            HOSTILE_TEXT,
            max_size=3,
        )
    )
    user = data.draw(st.sampled_from(world["users"]))
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    response = client.get(_url(name, key, world["objects"]), params)
    assert response.status_code < 500, (name, user, params)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    derandomize=True,
)
@given(data=st.data())
def test_it_never_answers_500_to_any_unsubscribe_token(world, data):
    """Any text, or a real token with a few characters changed, sent as the link of a one-click
    unsubscribe: a Swedish page (400) or, for the real token only, the confirmation."""
    owner = world["users"][0]
    real = make_token(owner.pk, Kind.ACTIVITY_REMINDER)
    position = data.draw(st.integers(0, len(real) - 1))
    token = data.draw(
        st.one_of(
            HOSTILE_TEXT.filter(lambda text: text and "/" not in text),
            st.text(min_size=1, max_size=3).map(
                lambda chars: real[:position] + chars + real[position + len(chars) :]
            ),
        ).filter(lambda text: "/" not in text and "\x00" not in text)
    )
    client = Client(raise_request_exception=False)
    method = data.draw(st.sampled_from(["get", "post"]))
    response = getattr(client, method)(f"/e-post/avregistrera/{quote(token, safe='')}/")
    assert response.status_code in ((200, 400) if token == real else (400, 404)), token


@pytest.fixture
def administrator(make_user):
    return make_user("administrator", is_superuser=True)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
@given(data=st.data())
def test_it_never_answers_500_to_generated_input_to_ny_kommun(world, administrator, data):
    """Ny kommun's steps (kommunkod and police area in the address) and its details, posted by
    the administrator (a superuser) and by every other role."""
    area = world["objects"]["agreement"].police_area
    code = data.draw(st.one_of(st.sampled_from(["1981", "0330", "0305"]), HOSTILE_TEXT))
    omrade = data.draw(st.one_of(st.sampled_from(["ny", str(area.pk)]), HOSTILE_TEXT))
    url = reverse("onboarding:new_municipality")
    posted = {
        "name": "Sala kommun",
        "office": "Kommunledningskontoret",
        "contact_email": "trygghet@sala.se",
        "police_area_name": "Lokalpolisområde Sala",
        "also_covered": str(world["objects"]["agreement"].municipality.pk),
    }
    for field in data.draw(st.sets(st.sampled_from(sorted(posted)), min_size=1, max_size=3)):
        posted[field] = data.draw(HOSTILE_TEXT)
    user = data.draw(st.sampled_from([administrator, *world["users"]]))
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    query = {"kommunkod": code, "omrade": omrade}
    assert client.get(url, query).status_code < 500, (user, query)
    response = client.post(f"{url}?{urlencode(query)}", posted)
    assert response.status_code < 500, (user, query, posted)
    if user is administrator and response.status_code == 302:
        assert client.get(response["Location"]).status_code == 200
