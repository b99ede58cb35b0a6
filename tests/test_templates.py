"""Templates and the public code name choices by their constants and properties, never by their
stored strings (issue 9 §7): a template that compares ``promise.status == "antagen"`` breaks
silently the day a value changes, and states the visibility rule a second time."""

import re
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"


def _choice_values() -> set[str]:
    """Every stored value of every choice field of the project's own models (not the history
    tables' own ``history_type``, which belongs to django-simple-history)."""
    values = set()
    for model in apps.get_models():
        if not model.__module__.startswith(("promises.", "followup.", "notifications.")):
            continue
        if model.__name__.startswith("Historical"):
            continue
        for field in model._meta.get_fields():
            for value, _label in getattr(field, "flatchoices", None) or ():
                if isinstance(value, str) and value:
                    values.add(value)
    return values


def _comparisons(text: str) -> list[str]:
    """The string literals a template tag compares with (==, !=, in)."""
    found = []
    for tag in re.findall(r"{%\s*(?:if|elif)\b(.*?)%}", text, flags=re.S):
        found += re.findall(r"""(?:==|!=|\bin)\s*["']([^"']*)["']""", tag)
        found += re.findall(r"""["']([^"']*)["']\s*(?:==|!=)""", tag)
    return found


def test_it_finds_a_raw_status_comparison():
    assert _comparisons('{% if promise.status == "utkast" %}x{% endif %}') == ["utkast"]
    assert _comparisons("{% elif 'ersatt' != report.status %}") == ["ersatt"]
    assert _comparisons("{% if promise.is_draft %}") == []


def test_it_never_compares_a_choice_with_a_string_in_a_template():
    choices = _choice_values()
    assert {"utkast", "antagen", "avslutad", "ersatt", "utfardad", "atgardsplan"} <= choices
    offenders = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for literal in _comparisons(text):
            if literal in choices:
                offenders.append(f"{path.relative_to(ROOT)}: {literal!r}")
    assert offenders == [], "Use a model property (promise.is_draft …) instead: " + ", ".join(
        offenders
    )


def test_it_never_retypes_a_choice_in_the_visibility_code():
    values = _choice_values()
    for module in (
        "promises/querysets.py",
        "public/selectors.py",
        "public/feeds.py",
        "public/opendata.py",
        "public/views.py",
    ):
        text = (ROOT / module).read_text(encoding="utf-8")
        literals = set(re.findall(r"""["']([^"'\n]*)["']""", text))
        assert literals & values == set(), module
