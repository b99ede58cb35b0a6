"""Fixtures for the report tests (followup). Stored PDFs go to a temporary MEDIA_ROOT."""

import pytest

from followup import services as report_services

from .report_factory import add_chain, complete_draft


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def chain(owner, promise):
    """Knivsta's promise 2024–2025, adopted, with two focus areas, three activities and updates."""
    return add_chain(owner=owner, promise=promise)


@pytest.fixture
def draft_report(owner, chain):
    return complete_draft(owner=owner, promise=chain.promise)


@pytest.fixture
def issued_report(owner, draft_report, media_root):
    return report_services.issue_report(report=draft_report, user=owner)
