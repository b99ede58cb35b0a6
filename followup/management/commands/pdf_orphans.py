"""``manage.py pdf_orphans``: stored PDFs that no report points at, and interrupted writes."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from followup.models import Report
from followup.storage import find_debris


class Command(BaseCommand):
    help = gettext_lazy(
        "Listar filer under rapportmappen som ingen rapport pekar på (en utfärdning som avbröts "
        "innan den sparades) och tillfälliga filer från avbrutna skrivningar. Med --delete tas "
        "de bort. Filer nyare än --older-than minuter räknas inte: en utfärdning kan pågå."
    )

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help=_("Ta bort filerna som hittas."))
        parser.add_argument(
            "--older-than",
            type=int,
            default=60,
            metavar="MINUTER",
            help=_("Räkna bara filer äldre än så här många minuter (standard 60)."),
        )

    def handle(self, *args, delete: bool, older_than: int, **options):
        storage = Report.pdf.field.storage
        referenced = set(Report.objects.exclude(pdf="").values_list("pdf", flat=True))
        debris = find_debris(storage, referenced, older_than=timedelta(minutes=older_than))
        labels = {"orphan": _("ingen rapport"), "temporary": _("tillfällig fil")}
        for item in debris:
            if delete:
                storage.delete(item.name)
            self.stdout.write(f"{item.name}\t{labels[item.reason]}")
        if delete:
            summary = _("%(count)s filer togs bort.")
        else:
            summary = _("%(count)s filer hittades. Kör med --delete för att ta bort dem.")
        self.stdout.write(summary % {"count": len(debris)})
