"""Fetching an indicator's series from Kolada and writing it: the services behind the button
"Hämta från Kolada", ``manage.py fetch_indicators`` and the monthly refresh.

The HTTP request runs before the transaction (a slow Kolada never holds a lock); the writes run in
one transaction under a lock on the indicator, so that two fetches of the same series cannot
interleave, and are idempotent (``indicators.upsert_values``): fetching again updates, never
duplicates.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from promises.audit import acting_user
from promises.models import Organisation
from promises.services.writes import save

from .indicators import NewValue, UpsertResult, upsert_values
from .kolada import KoladaClient, KoladaError, Kpi, Value
from .models import Indicator, IndicatorFetch
from .models.indicators import EARLIEST_PERIOD, LATEST_PERIOD

KOLADA_SOURCE = "Kolada"
YEARS = 15  # the years asked for, up to this one: Kolada takes at most 25 in one request
REFRESH_AFTER = timedelta(days=30)  # the monthly refresh: older fetches are due again


def years_to_fetch(today: date) -> list[int]:
    last = min(today.year, LATEST_PERIOD)
    return list(range(max(EARLIEST_PERIOD, last - YEARS + 1), last + 1))


def kolada_indicator(*, municipality: Organisation, kpi: str, user) -> Indicator:
    """The kommun's indicator for Kolada's ``kpi``, created (named after the KPI id until the
    first fetch names it) when the kommun has none yet."""
    kpi = kpi.strip().upper()
    with transaction.atomic():
        # The kommun's row first: two people adding the same KPI at once wait for each other, and
        # the second finds the first one's indicator instead of breaking the unique rule.
        Organisation.objects.select_for_update(no_key=True).filter(pk=municipality.pk).first()
        existing = (
            Indicator.objects.select_for_update()
            .filter(municipality=municipality, kolada_kpi=kpi)
            .first()
        )
        if existing is not None:
            return existing
        indicator = Indicator(
            municipality=municipality, name=kpi, source=KOLADA_SOURCE, kolada_kpi=kpi
        )
        return save(indicator, user=user, reason=_("Hämtas från Kolada"))


def fetch_indicator(indicator: Indicator, *, user=None, client: KoladaClient | None = None):
    """Fetch ``indicator``'s KPI and values for its kommun from Kolada and write them; raises
    ``KoladaError`` (Swedish message) when Kolada cannot be asked or answers nonsense."""
    client = client or KoladaClient()
    kpi = client.kpi(indicator.kolada_kpi)
    values = client.values(
        indicator.kolada_kpi,
        indicator.municipality.municipality_code,
        years_to_fetch(timezone.localdate()),
    )
    return write_fetched(indicator.pk, kpi=kpi, values=values, user=user)


def write_fetched(indicator_pk: int, *, kpi: Kpi, values: list[Value], user) -> UpsertResult:
    reason = _("Hämtat från Kolada (%(kpi)s)") % {"kpi": kpi.id}
    with transaction.atomic(), acting_user(user):
        indicator = Indicator.objects.select_for_update().get(pk=indicator_pk)
        fields = {
            "name": kpi.name[:200],
            "unit": kpi.unit[:80],
            "source": KOLADA_SOURCE,
            "has_gender_split": kpi.has_gender_split or any(v.gender != "T" for v in values),
        }
        if any(getattr(indicator, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(indicator, name, value)
            save(indicator, user=user, reason=reason)
        return upsert_values(
            indicator,
            [NewValue(v.period, v.gender, v.value, v.is_preliminary) for v in values],
            user=user,
            reason=reason,
        )


# -- the fetch as a background job: queued, then done or failed -------------------------------


def mark_queued(indicator: Indicator, *, user) -> bool:
    """Record that a fetch of ``indicator`` is queued; False (nothing recorded) while one is
    already queued, unless that one is stale (a worker lost it)."""
    now = timezone.now()
    with transaction.atomic():
        # The kommun's row first, as when the indicator is added (one order of locks, no
        # deadlock): the first request creates the fetch row, the others wait and find it queued.
        Organisation.objects.select_for_update(no_key=True).filter(
            pk=indicator.municipality_id
        ).first()
        fetch = IndicatorFetch.objects.select_for_update().filter(indicator=indicator).first()
        if fetch is None:
            fetch = IndicatorFetch(indicator=indicator, requested_at=now)
        elif fetch.is_pending and now - fetch.requested_at < timedelta(hours=1):
            return False
        fetch.status = IndicatorFetch.Status.QUEUED
        fetch.message = ""
        fetch.requested_by = user if getattr(user, "is_authenticated", False) else None
        fetch.requested_at = now
        fetch.finished_at = None
        fetch.save()
    return True


def request_fetch(indicator: Indicator, *, user) -> bool:
    """Queue a fetch of ``indicator`` (after the commit); False when one is already queued, or
    when it is demo data (invented figures, never replaced by Kolada's)."""
    from .tasks import fetch_indicator_task  # the tasks import this module

    if indicator.is_demo or not indicator.is_kolada or not mark_queued(indicator, user=user):
        return False
    user_pk = user.pk if getattr(user, "is_authenticated", False) else None
    transaction.on_commit(lambda: fetch_indicator_task.enqueue(indicator.pk, user_pk))
    return True


def run_fetch(indicator_pk: int, user_pk: int | None = None) -> str:
    """What the task does: fetch, then record the outcome on the indicator's fetch row. A Kolada
    failure is recorded (and shown on the page), not raised: retrying is the user's choice."""
    from django.contrib.auth import get_user_model

    indicator = Indicator.objects.select_related("municipality").filter(pk=indicator_pk).first()
    if indicator is None:
        return "gone"
    user = get_user_model().objects.filter(pk=user_pk).first() if user_pk else None
    try:
        result = fetch_indicator(indicator, user=user)
    except KoladaError as error:
        _finish(indicator, IndicatorFetch.Status.FAILED, str(error))
        return "failed"
    except Exception:
        # A fault of ours: the page says so instead of "Hämtas…", and the task fails (logged).
        _finish(indicator, IndicatorFetch.Status.FAILED, _("Hämtningen misslyckades av ett fel."))
        raise
    _finish(indicator, IndicatorFetch.Status.DONE, str(result))
    return "done"


def _finish(indicator: Indicator, status: str, message: str) -> None:
    now = timezone.now()
    fields = {"status": status, "message": message[:500], "finished_at": now}
    if status == IndicatorFetch.Status.DONE:
        fields["succeeded_at"] = now
    IndicatorFetch.objects.update_or_create(
        indicator=indicator, defaults=fields, create_defaults={**fields, "requested_at": now}
    )


def due_for_refresh(now=None):
    """The Kolada indicators the monthly refresh fetches: never fetched successfully, or longer
    ago than REFRESH_AFTER; demo indicators (invented values) are never fetched."""
    now = now or timezone.now()
    stale = now - getattr(settings, "KOLADA_REFRESH_AFTER", REFRESH_AFTER)
    return (
        Indicator.objects.exclude(kolada_kpi="")
        .filter(is_demo=False)
        .exclude(fetch__succeeded_at__gte=stale)
        .exclude(municipality__municipality_code="")
        .select_related("municipality")
        .order_by("pk")
    )
