from django import forms

from .kinds import RULES, Kind, frequency_label


class PreferencesForm(forms.Form):
    """One choice of frequency per kind of message the user may get (``rows``: kind, current)."""

    def __init__(self, data=None, *, rows: list[tuple[str, str]]):
        super().__init__(data, initial=dict(rows))
        for kind, _frequency in rows:
            rule = RULES[kind]
            self.fields[kind] = forms.ChoiceField(
                label=Kind(kind).label,
                choices=[(value, frequency_label(kind, value)) for value in rule.frequencies],
                widget=forms.RadioSelect,
                help_text=rule.help_text,
            )
