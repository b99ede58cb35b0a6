"""The address of a report view, for the tests of the report views."""

from django.urls import reverse


def _url(name, report=None):
    return reverse(f"followup:{name}", args=[report.pk] if report else None)
