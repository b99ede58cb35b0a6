"""Fixtures for the demo data tests. Issued demo reports store their PDFs in a temporary MEDIA_ROOT."""

import pytest


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
