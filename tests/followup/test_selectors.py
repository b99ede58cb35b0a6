"""Reads for reports: the period's updates and progress, visibility, versions, verified files."""

from datetime import date

import pytest

from followup import selectors, services
from followup.models import Report
from promises import services as chain_services
from promises.models import Activity, FocusArea

from .report_factory import INTERNAL_TEXT

pytestmark = pytest.mark.django_db


def _row(material, code):
    return next(row for group in material for row in group.rows if row.activity.code == code)


def test_it_counts_progress_per_target_period_within_the_report_period(chain):
    material = selectors.promise_material(
        chain.promise, start=date(2024, 1, 1), end=date(2025, 12, 31)
    )
    yearly = _row(material, "1:1").progress
    assert [(p.window.label, p.achieved, p.target) for p in yearly] == [
        ("2024", 4, 4),
        ("2025", 1, 4),
    ]
    termly = _row(material, "2:1").progress
    assert [(str(p.window.label), p.achieved) for p in termly] == [
        ("vårterminen 2024", 0),
        ("höstterminen 2024", 0),
        ("vårterminen 2025", 1),
        ("höstterminen 2025", 0),
    ]
    assert _row(material, "1:2").progress == []


def test_it_counts_only_updates_inside_a_shorter_period(chain):
    material = selectors.promise_material(
        chain.promise, start=date(2024, 1, 1), end=date(2024, 6, 30)
    )
    row = _row(material, "1:1")
    assert [u.description for u in row.updates] == [
        "Två insatser vid pendeltågsstationen under våren."
    ]
    (progress,) = row.progress
    assert (progress.achieved, progress.target) == (2, 4)


def test_it_keeps_internal_updates_out_of_the_material_unless_chosen(owner, draft_report):
    material = selectors.report_material(draft_report)
    row = _row(material, "1:1")
    assert INTERNAL_TEXT not in [u.description for u in row.updates]
    assert [u.description for u in row.internal_updates] == [INTERNAL_TEXT]
    assert INTERNAL_TEXT not in row.follow_up
    # The public page and the open data count 2 + 2 in 2024; so does the report.
    assert [(p.achieved, p.target) for p in row.progress] == [(4, 4), (1, 4)]

    entry = row.entry
    entry.include_internal = True
    entry.save()
    row = _row(selectors.report_material(draft_report), "1:1")
    assert [(p.achieved, p.target) for p in row.progress] == [(7, 4), (1, 4)]
    assert [u.description for u in row.included_internal_updates] == [INTERNAL_TEXT]
    assert INTERNAL_TEXT not in row.follow_up


def test_it_finds_an_internal_updates_text_in_a_follow_up_paragraph_by_paragraph(draft_report):
    row = _row(selectors.report_material(draft_report), "1:1")
    (internal,) = row.internal_updates
    spaced = "  ".join(INTERNAL_TEXT.split(" ")).replace(", ", ",\n")
    assert selectors.internal_text_in(f"Inledning.\n\n{spaced}\n\nSlut.", [internal]) == [internal]
    assert selectors.internal_text_in("Inledning.\r\n\r\n" + INTERNAL_TEXT, [internal]) == [
        internal
    ]
    assert selectors.internal_text_in(f"Se {INTERNAL_TEXT[:40]}.", [internal]) == []
    assert selectors.internal_text_in("", [internal]) == []


def test_it_pages_the_editor_by_a_hundred_activities_in_document_order(owner, promise):
    area_one = FocusArea.objects.create(promise=promise, number=1, title="Ett")
    area_two = FocusArea.objects.create(promise=promise, number=2, title="Två")
    Activity.objects.bulk_create(
        [Activity(focus_area=area_two, number=n, description="x") for n in range(1, 121)]
        + [Activity(focus_area=area_one, number=n, description="x") for n in range(1, 51)]
    )
    report = Report.objects.create(
        promise=promise,
        kind=Report.Kind.ANNUAL,
        title="Årsuppföljning",
        date=date(2025, 1, 15),
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
    )

    page = selectors.entry_page(report, "2")
    assert (page.number, page.labels) == (2, ["1:1–2:50", "2:51–2:120"])
    codes = [row.activity.code for group in page.material for row in group.rows]
    assert codes == [f"2:{n}" for n in range(51, 121)]
    assert [group.area.number for group in page.material] == [2]
    assert selectors.entry_page(report, "99").number == 2
    for odd in (None, "", "0", "x", "\u0663", "-1", "1.5"):
        assert selectors.entry_page(report, odd).number == 1, odd
    assert page.number_or_current("1") == 1
    assert page.number_or_current("\u0661") == 2


def test_it_uses_the_updates_for_an_activity_added_after_the_draft(owner, draft_report, chain):
    area = chain.activities[(1, 1)].focus_area
    added = chain_services.create_activity(user=owner, focus_area=area, description="Ny insats.")
    chain_services.add_status_update(
        user=owner,
        activity=added,
        status="pagar",
        description="Började i år.",
        date=date(2025, 5, 5),
        is_public=True,
    )
    row = _row(selectors.report_material(draft_report), added.code)
    assert row.entry is None
    assert [u.description for u in row.updates] == ["Började i år."]


def test_it_shows_issued_reports_to_police_of_the_area_but_never_drafts(
    issued_report, draft_report_2025, police, secretary, outsider, owner
):
    assert list(selectors.issued_reports(police, selectors.ReportFilters())) == [issued_report]
    assert list(selectors.issued_reports(secretary, selectors.ReportFilters())) == [issued_report]
    assert not selectors.issued_reports(outsider, selectors.ReportFilters()).exists()
    assert selectors.draft_reports(police) == []
    assert selectors.draft_reports(owner) == [draft_report_2025]


@pytest.fixture
def draft_report_2025(owner, chain):
    return services.create_draft(
        user=owner,
        promise=chain.promise,
        kind=Report.Kind.HALF_YEAR,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 6, 30),
    )


def test_it_offers_only_the_committees_and_years_that_occur(issued_report, owner):
    choices = selectors.filter_choices(owner)
    assert choices["committees"] == ["Kommunstyrelsen"]
    assert choices["years"] == [2025]
    assert [name for _pk, name in choices["municipalities"]] == ["Knivsta kommun"]


def test_it_lists_the_versions_of_a_corrected_report(issued_report, owner):
    correction = services.create_correction(report=issued_report, user=owner)
    third_party = services.create_draft(
        user=owner,
        promise=issued_report.promise,
        kind=issued_report.kind,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
    )
    assert [r.pk for r in selectors.versions_of(issued_report)] == [correction.pk, issued_report.pk]
    assert [r.pk for r in selectors.versions_of(correction)] == [correction.pk, issued_report.pk]
    assert [r.pk for r in selectors.versions_of(third_party)] == [third_party.pk]


def test_it_verifies_the_stored_file_against_its_checksum(issued_report, media_root):
    assert selectors.verified_pdf(issued_report).startswith(b"%PDF")
    (media_root / issued_report.pdf.name).write_bytes(b"%PDF-1.7 something else")
    with pytest.raises(selectors.ReportIntegrityError):
        selectors.verified_pdf(issued_report)


def test_it_refuses_a_report_without_a_file(draft_report):
    with pytest.raises(selectors.ReportIntegrityError):
        selectors.verified_pdf(draft_report)


def test_it_cuts_a_report_pre_fill_to_the_length_a_follow_up_may_have():
    from promises.models import StatusUpdate
    from promises.text import FOLLOW_UP_MAX_LENGTH

    long = StatusUpdate(
        date=date(2025, 5, 1),
        status=StatusUpdate.Status.IN_PROGRESS,
        description="Mycket hände. " * (FOLLOW_UP_MAX_LENGTH // 10),
    )
    text = selectors.prefill_text([long])
    assert len(text) <= FOLLOW_UP_MAX_LENGTH
    assert text.startswith("Status 2025-05-01: Pågår.\n\nMycket hände.")
    assert text.endswith("[…]")


def test_it_pre_fills_the_latest_status_and_the_last_words_not_every_update():
    from promises.models import StatusUpdate

    updates = [
        StatusUpdate(pk=1, date=date(2025, 2, 1), status="pagar", description="Första."),
        StatusUpdate(pk=3, date=date(2025, 9, 1), status="genomford", description=""),
        StatusUpdate(pk=2, date=date(2025, 6, 1), status="pagar", description="Senaste ord."),
    ]
    assert selectors.prefill_text(updates) == "Status 2025-09-01: Genomförd.\n\nSenaste ord."
    assert selectors.prefill_text([]) == ""
