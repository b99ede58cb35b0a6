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


class FollowForm(forms.Form):
    """The "Följ löftet" / "Sluta följa" button: what to do, and where to go back to."""

    FOLLOW, STOP = "folj", "sluta"
    BACK_TO_PROMISE, BACK_TO_PREFERENCES = "lofte", "installningar"

    action = forms.ChoiceField(choices=[(FOLLOW, FOLLOW), (STOP, STOP)], widget=forms.HiddenInput)
    back = forms.ChoiceField(
        choices=[(BACK_TO_PROMISE, BACK_TO_PROMISE), (BACK_TO_PREFERENCES, BACK_TO_PREFERENCES)],
        required=False,
        widget=forms.HiddenInput,
    )
