"""Helpers for the view tests of the chain: what a browser sends for a new promise and for an
activity's edit form, and a pinned "today" for the pages that compute the current follow-up period."""


def _promise_data(agreement, **overrides):
    data = {
        "kind": "medborgarlofte",
        "agreement": agreement.pk,
        "title": "Medborgarlöfte 2026",
        "reference_number": "KS-2025/9",
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
        "follow_up_cadence": "halvar",
        "purpose": "Öka tryggheten i centrum.",
        "situation": "",
        "background": "",
        "joint_commitment": "Synlighet och dialog.",
        "expected_effect": "",
        "follow_along": "Följ arbetet på kommunens webbplats.",
        "signatories": "Eva Exempel, Kommunstyrelsens ordförande",
    }
    data.update(overrides)
    return data


def _activity_form(activity, **overrides):
    data = {
        "number": activity.number,
        "description": activity.description,
        "responsible": activity.responsible,
        "partners": activity.partners,
        "contact_persons": activity.contact_persons,
        "planned_start": "",
        "planned_end": "",
        "target_count": activity.target_count or "",
        "target_unit": activity.target_unit,
        "target_period": activity.target_period,
        "change_reason": "",
    }
    data.update(overrides)
    return data


class _today:
    """Pin "today" for pages that compute the current follow-up period."""

    def __init__(self, day):
        self.day = day

    def __enter__(self):
        from unittest import mock

        self.patches = [
            mock.patch("django.utils.timezone.localdate", return_value=self.day),
        ]
        for patch in self.patches:
            patch.start()
        return self

    def __exit__(self, *exc):
        for patch in self.patches:
            patch.stop()
