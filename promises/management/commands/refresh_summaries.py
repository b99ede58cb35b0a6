"""Rewrite every activity's kept newest update (ActivitySummary) from the status updates.

The summaries are kept true in the transaction of every change; this command is for data written
around the app (bulk loads, SQL) and as a check: it prints how many rows were wrong or missing.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from promises.summaries import refresh_all_summaries


class Command(BaseCommand):
    help = (
        "Skriver om varje aktivitets senaste uppdatering (sammanfattningen) från uppdateringarna."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            wrong = refresh_all_summaries()
        self.stdout.write(f"{wrong} sammanfattningar var fel eller saknades och är nu rättade.")
