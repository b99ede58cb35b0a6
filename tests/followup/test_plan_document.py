"""The åtgärdsplan as a PDF in Brå's table layout: rendered by a task, never in the request, in the
kommun's profile, landscape A4, and read back: the column headings, a row with its cause and its
colour written as a word."""

import io
import subprocess
from datetime import date

import pikepdf
import pytest
from django.core.cache import cache
from django.urls import reverse

from followup import plan_document
from situation import ratings
from situation.models import FollowUpRating
from situation.plan import follow_up_windows
from tests.situation.plan_data import action_plan, add_activities, adopt, assessment, cause

from .conftest import run_ready_tasks
from .pdf_checks import Tree, check_catalog, check_tables

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "plan.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.fixture
def plan(owner, agreement, knivsta, media_root):
    cache.clear()
    plan = action_plan(owner, agreement)
    first, _second = add_activities(owner, plan, 2)
    picture = assessment(knivsta)
    cause(picture, 1, 1, "Dålig belysning i gångtunneln.", [first])
    adopt(picture, date(2024, 1, 15))
    ratings.set_rating(
        user=owner,
        activity=first,
        window=follow_up_windows(plan)[0],
        colour=FollowUpRating.Colour.RED,
        reason="Belysningen är inte beställd.",
    )
    return plan


def test_the_task_renders_the_plan_and_the_page_serves_it(client, owner, plan, tmp_path):
    client.force_login(owner)
    url = reverse("followup:plan_pdf", args=[plan.pk])
    waiting = client.get(url)
    assert waiting.status_code == 202  # asked for, not rendered in the request
    assert "PDF:en skapas" in waiting.content.decode()
    assert client.get(url).status_code == 202  # asked once: the task is under way
    assert run_ready_tasks() == 1
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = response.content
    text = " ".join(pdf_text(data, tmp_path).split())
    for heading in ("Orsak", "Åtgärd", "Operativa mål", "När", "Vem", "Uppföljning"):
        assert heading in text
    assert "Orsak 1.1: Dålig belysning i gångtunneln." in text
    assert "Problem 1: Otrygghet vid stationen (1)" in text
    assert "■ Röd – Belysningen är inte beställd." in text
    assert "Utan kopplad orsak" in text
    assert "ej bedömd" in text
    assert "KNIVSTA" in text and "KS 24/0042" in text
    pdf = pikepdf.open(io.BytesIO(data))
    width, height = (float(v) for v in pdf.pages[0].mediabox[2:])
    assert width > height  # landscape
    check_catalog(pdf, title="Åtgärdsplan Knivsta 2024–2025 – åtgärdsplan")
    check_tables(pdf, Tree.read(pdf))


def test_a_changed_plan_is_rendered_again(client, owner, plan):
    client.force_login(owner)
    url = reverse("followup:plan_pdf", args=[plan.pk])
    client.get(url)
    run_ready_tasks()
    assert client.get(url).status_code == 200
    activity = plan.focus_areas.get().activities.last()
    ratings.set_rating(
        user=owner,
        activity=activity,
        window=follow_up_windows(plan)[1],
        colour=FollowUpRating.Colour.GREEN,
    )
    assert client.get(url).status_code == 202
    run_ready_tasks()
    assert client.get(url).status_code == 200


def test_only_the_kommun_gets_the_pdf_of_an_action_plan(client, owner, outsider, plan, promise):
    client.force_login(outsider)
    assert client.get(reverse("followup:plan_pdf", args=[plan.pk])).status_code == 404
    client.force_login(owner)
    assert client.get(reverse("followup:plan_pdf", args=[promise.pk])).status_code == 404


def test_the_snapshot_says_the_colour_in_words(plan):
    snapshot = plan_document.current_snapshot(plan)
    first_row = snapshot["groups"][0]["rows"][0]
    assert first_row["ratings"][0] == {
        "period": "första halvåret 2024",
        "colour": "rod",
        "shape": "■",
        "word": "Röd",
        "reason": "Belysningen är inte beställd.",
    }
