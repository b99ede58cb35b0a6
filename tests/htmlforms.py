"""Read the forms of a rendered page the way a browser would submit them (no JavaScript needed).

Used by tests that drive the real views as a person would: open the form, change a field, submit
what the page carries (hidden version included).
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Field:
    name: str
    kind: str  # "text", "textarea", "select", "radio", "checkbox", "hidden", "date", "number", …
    value: str = ""
    options: list[str] = field(default_factory=list)
    checked: bool = False


@dataclass
class Form:
    action: str
    method: str
    fields: list[Field] = field(default_factory=list)

    def data(self) -> dict[str, list[str]]:
        """What the browser would post: checked boxes and radios only, a select's chosen option."""
        data: dict[str, list[str]] = {}
        for f in self.fields:
            if f.kind in ("radio", "checkbox") and not f.checked:
                continue
            if f.kind in ("submit", "button", "reset"):
                continue
            data.setdefault(f.name, []).append(f.value)
        return data

    def names(self) -> list[str]:
        return list(dict.fromkeys(f.name for f in self.fields))


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._textarea: Field | None = None
        self._select: Field | None = None
        self._option_value: str | None = None
        self._option_text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append(Form(action=a.get("action") or "", method=(a.get("method") or "get")))
            return
        if not self.forms:
            return
        form = self.forms[-1]
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            form.fields.append(
                Field(
                    name,
                    kind,
                    a.get("value", "on" if kind == "checkbox" else ""),
                    checked="checked" in a,
                )
            )
        elif tag == "textarea" and name:
            self._textarea = Field(name, "textarea")
            form.fields.append(self._textarea)
        elif tag == "select" and name:
            self._select = Field(name, "select")
            form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option_value = a.get("value")
            self._option_text = ""
            if "selected" in a:
                self._select.checked = True
                self._select.value = a.get("value", "")
            if self._option_value is not None:
                self._select.options.append(self._option_value)
                if not self._select.checked and len(self._select.options) == 1:
                    self._select.value = self._option_value

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            # Browsers drop the single newline that follows <textarea>.
            text = self._textarea.value + data
            self._textarea.value = (
                text[1:] if not self._textarea.value and text.startswith("\n") else text
            )


def forms_of(html: str) -> list[Form]:
    parser = _Parser()
    parser.feed(html)
    return parser.forms


def post_form(html: str) -> Form:
    """The page's main POST form (the one with the most fields; log-out forms have one)."""
    forms = [f for f in forms_of(html) if f.method.lower() == "post"]
    return max(forms, key=lambda f: len(f.fields))
