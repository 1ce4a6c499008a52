"""The forms and query parameters a page offers, read from its HTML, and values that try to
break them."""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

# Values that have broken Django sites: empty, huge, control and direction characters, NUL
# (PostgreSQL refuses it in text), numbers too large for any column, impossible dates,
# markup, SQL and path tricks.
NASTY = [
    "",
    " ",
    "x" * 20_000,
    "ééé🙂\u202e\u200b漢字",
    "\x00",
    "-1",
    "0",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "2026-02-30",
    "31/02/2026",
    "9999-12-31T25:61",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    "%00%ff",
    "[]",
    '{"a": 1}',
]

# Query parameters list pages commonly read, asked even where no form names them.
COMMON_PARAMETERS = [
    "page",
    "q",
    "sort",
    "order",
    "status",
    "state",
    "theme",
    "kind",
    "phase",
    "province",
    "municipality",
    "call",
    "from",
    "to",
    "since",
    "until",
    "round",
    "next",
]


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, list[str]] = field(default_factory=dict)  # name: its options, if any


class _FormParser(HTMLParser):
    def __init__(self, page_url: str) -> None:
        super().__init__()
        self.page_url = page_url
        self.forms: list[Form] = []
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            action = urljoin(self.page_url, a.get("action") or self.page_url)
            self.forms.append(Form(action, (a.get("method") or "get").upper()))
            return
        if not self.forms or not a.get("name") or a["name"] == "csrfmiddlewaretoken":
            return
        fields = self.forms[-1].fields
        if tag in ("input", "textarea") and a.get("type") != "file":
            fields.setdefault(a["name"], [])
            if a.get("type") in ("radio", "checkbox") and a.get("value"):
                fields[a["name"]].append(a["value"])
        elif tag == "select":
            self._select = a["name"]
            fields.setdefault(a["name"], [])
        elif tag == "option" and self._select is not None:
            fields[self._select].append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def forms_on(page_url: str, html: str) -> list[Form]:
    """The page's forms that stay on this site."""
    parser = _FormParser(page_url)
    parser.feed(html)
    return [form for form in parser.forms if not urlsplit(form.action).netloc]
