"""Repair texts of draft reports saved before normalisation existed (see the promises migration
of the same name). Issued reports and their parts are frozen and stay exactly as issued."""

from django.db import migrations

from promises.text import normalize_saved_rows

DRAFT = "utkast"


def normalize_saved_texts(apps, schema_editor):
    Report = apps.get_model("followup", "Report")
    normalize_saved_rows(Report._base_manager.filter(status=DRAFT))
    for name in ("ReportActivityEntry", "ReportSignatory", "ReportDocument"):
        model = apps.get_model("followup", name)
        normalize_saved_rows(model._base_manager.filter(report__status=DRAFT))


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0004_normalized_text_fields_and_lengths"),
    ]

    operations = [
        migrations.RunPython(normalize_saved_texts, migrations.RunPython.noop, elidable=True),
    ]
