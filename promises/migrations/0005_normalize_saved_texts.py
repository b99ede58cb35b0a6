"""Repair texts saved before normalisation existed (a vertical tab in an update broke the feeds):
line breaks as "\\n", characters XML cannot hold removed, NFC. Nothing is cut; no history row."""

from django.db import migrations

from promises.text import normalize_saved_rows


def normalize_saved_texts(apps, schema_editor):
    for model in apps.get_app_config("promises").get_models():
        normalize_saved_rows(model._base_manager.all())


class Migration(migrations.Migration):
    dependencies = [
        ("promises", "0004_normalized_text_fields_and_lengths"),
    ]

    operations = [
        migrations.RunPython(normalize_saved_texts, migrations.RunPython.noop, elidable=True),
    ]
