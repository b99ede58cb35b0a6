"""``manage.py seed_demo``: fill a local database with demo data (DEBUG only, safe to rerun)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from demo.loader import (
    DATA_DIR,
    DEMO_PASSWORD,
    demo_accounts,
    load_demo_data,
    load_demo_reports,
)
from demo.situation import load_demo_situation


class Command(BaseCommand):
    help = gettext_lazy(
        "Fyller databasen med demodata: tre kommuner med lokalpolisområden, överenskommelser, "
        "löften och statusuppdateringar, lägesbilder med indikatorer, och demokonton med lösenordet demo. Kan köras flera "
        "gånger. Körs bara med DEBUG=true."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                _(
                    "seed_demo körs bara med DEBUG=true: demokontona har lösenordet demo och hör "
                    "aldrig hemma i en produktionsdatabas."
                )
            )
        with transaction.atomic():
            summary = load_demo_data()
            # Further demo loaders run here, in the same transaction, and may add to the summary.
            load_demo_reports(summary=summary)
            load_demo_situation(DATA_DIR, summary=summary)
            # Fresh statistics, so that the database plans its queries for the data now there.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        if options["verbosity"] < 1:
            return
        self.stdout.write(_("Demodata är inlästa."))
        for line in summary.lines():
            self.stdout.write(f"  {line}")
        usernames = ", ".join(account.username for account in demo_accounts())
        self.stdout.write(
            _("Demokonton (lösenord %(password)s): %(usernames)s")
            % {"password": DEMO_PASSWORD, "usernames": usernames}
        )
