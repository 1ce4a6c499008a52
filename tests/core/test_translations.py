"""The English catalogue is complete: every Dutch source string has an English translation,
and the compiled catalogue that is served matches the source."""

import ast
import gettext
import re
from pathlib import Path

from django.test import Client
from django.urls import reverse

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES"


def entries() -> list[str]:
    text = (LOCALE / "django.po").read_text(encoding="utf-8")
    return [block for block in text.split("\n\n")[1:] if "msgid" in block]


def test_it_has_no_untranslated_or_fuzzy_entries():
    untranslated = [
        block
        for block in entries()
        if "#, fuzzy" in block or re.search(r'msgstr(\[\d\])? ""\Z', block.strip())
    ]
    assert not untranslated, "\n\n".join(untranslated[:5])


def test_it_serves_a_compiled_catalogue_that_matches_the_source():
    with (LOCALE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    singular = [
        block for block in entries() if "msgid_plural" not in block and "msgctxt" not in block
    ]
    missing = []
    for block in singular:
        source = block.split("\nmsgstr")[0].split("msgid", 1)[1]
        msgid = "".join(ast.literal_eval(f'"{part}"') for part in re.findall(r'"(.*)"', source))
        if msgid not in compiled._catalog:  # type: ignore[attr-defined]
            missing.append(msgid)
    assert not missing, f"not compiled (run `make messages`): {missing[:5]}"


def test_it_shows_the_pages_in_english_when_chosen(db):
    client = Client()
    client.cookies["django_language"] = "en"

    response = client.get(reverse("core:home"))

    assert response["Content-Language"] == "en"
    assert "Privacy statement" in response.text
    assert "Privacyverklaring" not in response.text
