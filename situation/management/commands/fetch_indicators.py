"""``manage.py fetch_indicators``: fetch the lägesbild's indicators from Kolada.

- ``fetch_indicators``: fetch every Kolada indicator of every kommun now, one after the other;
- ``--kommun 0330``: only that kommun's (by kommunkod); ``--kpi N07540``: only that KPI, and with
  ``--kommun`` the kommun's indicator for it is created when it has none;
- ``--due``: the monthly refresh, safe to run every day (cron or a systemd timer): queue a fetch
  (a task for ``db_worker``) of each Kolada indicator not fetched in the last 30 days.

A Kolada failure is printed in Swedish and the command goes on with the next indicator; it exits
with an error when any fetch failed.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from promises.models import Organisation
from situation.indicators_kolada import (
    due_for_refresh,
    fetch_indicator,
    kolada_indicator,
    request_fetch,
)
from situation.kolada import KoladaError
from situation.models import Indicator


class Command(BaseCommand):
    help = (
        "Fetch the lägesbild's indicators from Kolada (all, one kommun's with --kommun, one KPI's "
        "with --kpi); --due queues the monthly refresh of those not fetched in 30 days."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kommun", metavar="KOD", help="The kommun's kommunkod, e.g. 0330.")
        parser.add_argument("--kpi", metavar="ID", help="The Kolada KPI id, e.g. N07540.")
        parser.add_argument(
            "--due",
            action="store_true",
            help="Queue a fetch of every Kolada indicator not fetched in the last 30 days.",
        )

    def handle(self, *args, kommun=None, kpi=None, due=False, **options):
        if due:
            if kommun or kpi:
                raise CommandError(
                    _("--due hämtar alla som står på tur; ange inte --kommun/--kpi.")
                )
            queued = sum(request_fetch(indicator, user=None) for indicator in due_for_refresh())
            self.stdout.write(_("%(count)s indikatorer köade för hämtning.") % {"count": queued})
            return
        indicators = self.selected(kommun, kpi)
        if not indicators:
            self.stdout.write(_("Inga Kolada-indikatorer att hämta."))
            return
        failed = 0
        for indicator in indicators:
            label = f"{indicator.municipality.municipality_code} {indicator.kolada_kpi}"
            try:
                result = fetch_indicator(indicator)
            except KoladaError as error:
                failed += 1
                self.stderr.write(f"{label}: {error}")
                continue
            self.stdout.write(f"{label}: {result}")
        if failed:
            raise CommandError(
                _("%(failed)s av %(count)s hämtningar misslyckades.")
                % {"failed": failed, "count": len(indicators)}
            )

    def selected(self, kommun: str | None, kpi: str | None) -> list[Indicator]:
        municipality = None
        if kommun:
            municipality = (
                Organisation.objects.municipalities().filter(municipality_code=kommun).first()
            )
            if municipality is None:
                raise CommandError(_("Ingen kommun har kommunkoden %(code)s.") % {"code": kommun})
        if kpi and municipality is not None:
            kolada_indicator(municipality=municipality, kpi=kpi, user=None)
        queryset = (
            Indicator.objects.exclude(kolada_kpi="")
            .filter(is_demo=False)
            .exclude(municipality__municipality_code="")
            .select_related("municipality")
            .order_by("municipality__municipality_code", "kolada_kpi")
        )
        if municipality is not None:
            queryset = queryset.filter(municipality=municipality)
        if kpi:
            queryset = queryset.filter(kolada_kpi=kpi.strip().upper())
        return list(queryset)
