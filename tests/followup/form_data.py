"""What a browser sends back for a page's form: read from the HTML the view rendered."""

from html.parser import HTMLParser

SKIPPED_INPUTS = {"submit", "button", "reset", "image", "file"}


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None
        self._first_option: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type", "text") not in SKIPPED_INPUTS:
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    value = attrs.get("value", "on")
                    self.data[name] = "on" if value is None else value
            else:
                self.data[name] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select, self._first_option = name, None
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in attrs:
                self.data[self._select] = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            # A browser drops the newline that directly follows <textarea>.
            self.data[self._textarea] = text[1:] if text.startswith("\n") else text
            self._textarea = None
        elif tag == "select" and self._select is not None:
            self.data.setdefault(self._select, self._first_option or "")
            self._select = None


def form_data(html: str) -> dict[str, str]:
    """The fields of the page's forms with their current values (one form per page assumed)."""
    parser = _FormParser()
    parser.feed(html)
    return parser.data
