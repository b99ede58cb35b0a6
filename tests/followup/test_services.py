"""The report services: drafting from the chain, saving, issuing, immutability and corrections."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from followup import selectors, services
from followup.models import IssuedReportIsImmutable, Report, ReportActivityEntry
from followup.pdf import sha256_hex
from followup.snapshot import build_snapshot
from promises import services as chain_services

from .report_factory import INTERNAL_TEXT, complete_draft

pytestmark = pytest.mark.django_db


def _entry(report, code):
    return next(
        e for e in report.entries.select_related("activity__focus_area") if e.activity.code == code
    )


def test_it_prefills_each_activity_with_the_updates_dated_in_the_period(owner, chain):
    report = services.create_draft(
        user=owner,
        promise=chain.promise,
        kind=Report.Kind.HALF_YEAR,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 6, 30),
    )

    assert report.entries.count() == 3
    assert _entry(report, "1:1").follow_up == (
        "Status 2024-03-10: Pågår.\n\nTvå insatser vid pendeltågsstationen under våren."
    )
    assert _entry(report, "1:2").follow_up.endswith("Handlingsplanen är på remiss hos nämnderna.")
    assert _entry(report, "2:1").follow_up == ""
    assert report.status == Report.Status.DRAFT
    assert report.recipient_body == "Kommunstyrelsen"
    assert report.your_reference == ""
    assert report.proposal_list == [
        "Kommunstyrelsen godkänner halvårsuppföljningen av Medborgarlöfte Knivsta 2024–2025."
    ]
    assert report.history.first().history_user == owner


def test_it_leaves_internal_updates_out_of_the_prefill_and_the_figures(owner, chain):
    report = services.create_draft(
        user=owner,
        promise=chain.promise,
        kind=Report.Kind.ANNUAL,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
    )

    assert INTERNAL_TEXT not in _entry(report, "1:1").follow_up
    assert not _entry(report, "1:1").include_internal
    snapshot = build_snapshot(selectors.report_with_parts(report.pk))
    assert INTERNAL_TEXT not in str(snapshot)
    (activity,) = [a for a in snapshot["focus_areas"][0]["activities"] if a["code"] == "1:1"]
    # 2 + 2 public occurrences, as on the public page; not the internal update's 3.
    assert [(p["achieved"], p["target"]) for p in activity["progress"]] == [(4, 4)]
    assert snapshot["internal_material"] == []
    assert activity["includes_internal"] is False


def test_it_includes_an_activitys_internal_updates_only_by_choice(owner, draft_report, chain):
    internal = next(u for u in chain.updates if u.description == INTERNAL_TEXT)
    entry = _entry(draft_report, "1:1")
    services.save_draft(
        report=draft_report,
        user=owner,
        fields={},
        entries={
            entry.activity_id: services.EntryInput(
                follow_up=entry.follow_up,
                verdict=entry.verdict,
                verdict_justification=entry.verdict_justification,
                include_internal=True,
            )
        },
    )

    entry.refresh_from_db()
    assert entry.include_internal is True
    assert entry.history.first().history_user == owner
    assert entry.history.first().include_internal is True
    snapshot = build_snapshot(selectors.report_with_parts(draft_report.pk))
    assert snapshot["internal_material"] == [
        {
            "code": "1:1",
            "updates": [{"id": internal.pk, "date": "2024-06-01", "occurrences": 3}],
        }
    ]
    activity = snapshot["focus_areas"][0]["activities"][0]
    assert [(p["achieved"], p["period"]) for p in activity["progress"]] == [
        (7, "2024"),
        (1, "2025"),
    ]
    # The choice counts the internal updates; their text is only what the coordinator writes.
    assert INTERNAL_TEXT not in activity["follow_up"]


def test_it_refuses_to_issue_internal_text_in_a_follow_up_without_the_choice(
    owner, draft_report, media_root
):
    entry = _entry(draft_report, "1:1")
    pasted = f"{entry.follow_up}\n\n{INTERNAL_TEXT}"
    values = {"verdict": "hallet", "verdict_justification": "Målet nåddes."}
    services.save_draft(
        report=draft_report,
        user=owner,
        fields={},
        entries={entry.activity_id: services.EntryInput(follow_up=pasted, **values)},
    )

    with pytest.raises(ValidationError) as error:
        services.issue_report(report=draft_report, user=owner)
    assert "Uppföljningen av insats 1:1 innehåller text från interna" in " ".join(
        error.value.messages
    )
    assert Report.objects.get(pk=draft_report.pk).is_draft

    services.save_draft(
        report=draft_report,
        user=owner,
        fields={},
        entries={
            entry.activity_id: services.EntryInput(
                follow_up=pasted, include_internal=True, **values
            )
        },
    )
    issued = services.issue_report(report=draft_report, user=owner)
    assert [item["code"] for item in issued.snapshot["internal_material"]] == ["1:1"]


def test_it_prefills_a_summary_not_every_update_of_the_period(owner, chain):
    """The latest status and what the last update says; the earlier updates stay beside the
    editor (and in the appendix when chosen), not in the follow-up text."""
    report = services.create_draft(
        user=owner,
        promise=chain.promise,
        kind=Report.Kind.ANNUAL,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
    )

    assert _entry(report, "1:1").follow_up == (
        "Status 2024-09-15: Pågår.\n\nTvå insatser i centrum under hösten."
    )


def test_it_refuses_a_period_outside_the_promise(owner, chain):
    with pytest.raises(ValidationError) as error:
        services.create_draft(
            user=owner,
            promise=chain.promise,
            kind=Report.Kind.ANNUAL,
            period_start=date(2023, 1, 1),
            period_end=date(2023, 12, 31),
        )
    assert "period_start" in error.value.error_dict
    assert not Report.objects.exists()


def test_it_refuses_to_follow_up_a_draft_promise(owner, promise):
    with pytest.raises(ValidationError) as error:
        services.create_draft(
            user=owner,
            promise=promise,
            kind=Report.Kind.ANNUAL,
            period_start=date(2024, 1, 1),
            period_end=date(2024, 12, 31),
        )
    assert "promise" in error.value.error_dict


def test_it_starts_a_new_draft_from_the_kommuns_latest_report(owner, draft_report, chain):
    second = services.create_draft(
        user=owner,
        promise=chain.promise,
        kind=Report.Kind.HALF_YEAR,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 6, 30),
    )

    assert second.office == "Kommunledningskontoret"
    assert second.uses_child_checklist is True
    assert second.recipients == "Akten\nPolismyndigheten"
    assert [(s.name, s.title) for s in second.signatories.all()] == [
        ("Maja Provsson", "Chef kommunledningskontoret")
    ]


def test_it_refuses_a_personal_identity_number_in_a_section(owner, draft_report):
    with pytest.raises(ValidationError) as error:
        services.save_draft(
            report=draft_report, user=owner, fields={"summary": "Gäller 19811218-9876 i Knivsta."}
        )
    assert "summary" in error.value.error_dict
    draft_report.refresh_from_db()
    assert "19811218" not in draft_report.summary


def test_it_refuses_a_save_over_someone_elses_newer_save(owner, police, draft_report):
    opened = draft_report.lock_version
    services.save_draft(
        report=draft_report, user=owner, fields={"summary": "Första."}, expected_version=opened
    )

    with pytest.raises(ValidationError) as error:
        services.save_draft(
            report=draft_report,
            user=owner,
            fields={"summary": "Andra."},
            expected_version=opened,
        )

    assert error.value.code == "conflict"
    assert error.value.current_version == opened + 1
    assert any("Första." in line for line in error.value.changes)
    draft_report.refresh_from_db()
    assert draft_report.summary == "Första."


def test_it_refuses_an_entry_for_an_activity_of_another_promise(owner, draft_report, outsider):
    with pytest.raises(ValidationError):
        services.save_draft(
            report=draft_report,
            user=owner,
            fields={},
            entries={999_999: services.EntryInput(follow_up="x")},
        )


def test_it_replaces_signatories_and_documents_in_order(owner, draft_report):
    services.save_draft(
        report=draft_report,
        user=owner,
        fields={},
        signatories=[("A Andersson", "Kommundirektör"), ("B Berg", "Enhetschef")],
        documents=[],
    )

    assert list(draft_report.signatories.values_list("name", "order")) == [
        ("A Andersson", 1),
        ("B Berg", 2),
    ]
    assert not draft_report.decision_documents.exists()


def test_it_lists_what_is_missing_before_issuing(owner, chain, media_root):
    report = services.create_draft(
        user=owner,
        promise=chain.promise,
        kind=Report.Kind.CLOSING,
        period_start=date(2024, 1, 1),
        period_end=date(2025, 12, 31),
        our_reference="",
    )

    with pytest.raises(ValidationError) as error:
        services.issue_report(report=report, user=owner)

    messages = " ".join(error.value.messages)
    assert "vår beteckning" in messages
    assert "undertecknare" in messages
    assert "1:1, 1:2, 2:1" in messages
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT
    assert not any(media_root.rglob("*.pdf"))


def test_it_freezes_the_snapshot_and_stores_the_pdf_with_its_checksum(owner, issued_report):
    report = Report.objects.get(pk=issued_report.pk)

    assert report.status == Report.Status.ISSUED
    assert report.issued_by == owner
    assert report.issued_at is not None
    assert report.snapshot["our_reference"] == "KS-2025/301"
    assert report.pdf.name.startswith("rapporter/")
    assert report.pdf.name.endswith("/KS-2025-301-slutuppfoljning-medborgarlofte-2025-11-10.pdf")
    with default_storage.open(report.pdf.name, "rb") as stored:
        data = stored.read()
    assert data.startswith(b"%PDF-")
    assert sha256_hex(data) == report.pdf_sha256


def test_it_keeps_an_issued_report_unchanged_when_the_chain_changes(owner, issued_report, chain):
    before = Report.objects.get(pk=issued_report.pk).snapshot
    activity = chain.activities[(1, 1)]
    chain_services.update_activity(
        activity=activity, user=owner, fields={"description": "Helt ny text."}
    )
    chain_services.update_status_update(
        status_update=chain.updates[0], user=owner, fields={"occurrences": 4}
    )

    after = Report.objects.get(pk=issued_report.pk)
    assert after.snapshot == before
    assert "Helt ny text." not in str(after.snapshot)


def test_it_refuses_to_edit_or_reissue_an_issued_report(owner, issued_report):
    with pytest.raises(ValidationError):
        services.save_draft(report=issued_report, user=owner, fields={"summary": "Ändrad"})
    with pytest.raises(ValidationError):
        services.issue_report(report=issued_report, user=owner)
    with pytest.raises(ValidationError):
        services.delete_draft(report=issued_report, user=owner)
    assert Report.objects.get(pk=issued_report.pk).summary != "Ändrad"


def test_its_model_refuses_changes_to_an_issued_report_whatever_the_path(issued_report):
    report = Report.objects.get(pk=issued_report.pk)
    report.summary = "Ändrad i skalet"
    with pytest.raises(IssuedReportIsImmutable):
        report.save()
    with pytest.raises(IssuedReportIsImmutable):
        Report.objects.get(pk=issued_report.pk).delete()
    entry = ReportActivityEntry.objects.filter(report=issued_report).first()
    entry.follow_up = "Ändrad"
    with pytest.raises(IssuedReportIsImmutable):
        entry.save()
    with pytest.raises(IssuedReportIsImmutable):
        issued_report.signatories.first().delete()


def test_it_corrects_an_issued_report_with_a_new_version(owner, issued_report, media_root):
    correction = services.create_correction(report=issued_report, user=owner)

    assert correction.is_draft
    assert correction.version == 2
    assert correction.replaces_id == issued_report.pk
    assert correction.summary == issued_report.summary
    assert correction.entries.count() == issued_report.entries.count()
    assert correction.signatories.count() == 1
    assert correction.decision_documents.count() == 1
    reason = "Rättelse av version 1."
    for part in [*correction.entries.all(), *correction.signatories.all()]:
        (created,) = part.history.all()
        assert (created.history_type, created.history_user) == ("+", owner)
        assert created.history_change_reason == reason

    services.save_draft(report=correction, user=owner, fields={"summary": "Rättad text."})
    issued = services.issue_report(report=correction, user=owner)

    original = Report.objects.get(pk=issued_report.pk)
    assert original.status == Report.Status.SUPERSEDED
    assert original.summary != "Rättad text."
    assert issued.snapshot["replaces"]["version"] == 1
    assert issued.pdf.name.endswith("-version-2.pdf")
    assert issued.pdf.name != original.pdf.name


def test_it_allows_one_correction_at_a_time(owner, issued_report):
    services.create_correction(report=issued_report, user=owner)
    with pytest.raises(ValidationError):
        services.create_correction(report=issued_report, user=owner)


def test_it_does_not_correct_a_draft_or_a_superseded_version(owner, draft_report, media_root):
    with pytest.raises(ValidationError):
        services.create_correction(report=draft_report, user=owner)
    issued = services.issue_report(report=draft_report, user=owner)
    correction = services.create_correction(report=issued, user=owner)
    services.issue_report(report=correction, user=owner)
    with pytest.raises(ValidationError):
        services.create_correction(report=Report.objects.get(pk=issued.pk), user=owner)


def test_it_deletes_a_draft_with_its_parts(owner, draft_report):
    services.delete_draft(report=draft_report, user=owner)
    assert not Report.objects.exists()
    assert not ReportActivityEntry.objects.exists()


def test_it_names_the_pdf_by_diarienummer_kind_and_date(owner, chain):
    report = complete_draft(owner=owner, promise=chain.promise, kind=Report.Kind.HALF_YEAR)
    expected = "KS-2025-301-halvarsuppfoljning-medborgarlofte-2025-11-10.pdf"
    assert services.pdf_filename(report) == expected
