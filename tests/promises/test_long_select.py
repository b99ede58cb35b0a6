"""The select for long lists writes the same HTML as Django's own select, in Python."""

import pytest
from django import forms
from django.test.html import parse_html

from promises.forms import LongSelect
from promises.models import Organisation

pytestmark = pytest.mark.django_db


def _forms(field_class, **options):
    def form(widget):
        return type("F", (forms.Form,), {"choice": field_class(widget=widget, **options)})

    return form(LongSelect), form(forms.Select)


@pytest.mark.parametrize("data", [None, {"choice": "2"}, {"choice": ""}, {"choice": "x"}])
def test_it_renders_a_choice_field_as_djangos_select_does(data):
    choices = [("", "Alla"), (1, "Ale & Alingsås"), (2, '<b>"Åre"</b>'), (3, "Öckerö")]
    fast, plain = _forms(
        forms.TypedChoiceField, choices=choices, coerce=int, required=False, help_text="Välj."
    )
    assert parse_html(str(fast(data)["choice"])) == parse_html(str(plain(data)["choice"]))


def test_it_renders_a_model_choice_field_as_djangos_select_does(knivsta, upplands_bro):
    fast, plain = _forms(
        forms.ModelChoiceField, queryset=Organisation.objects.order_by("name"), empty_label="Välj…"
    )
    for data in (None, {"choice": str(knivsta.pk)}):
        rendered = str(fast(data)["choice"])
        assert parse_html(rendered) == parse_html(str(plain(data)["choice"]))
        assert "Upplands-Bro kommun" in rendered and "required" in rendered
