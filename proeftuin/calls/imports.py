"""Reading and checking a spreadsheet of needs from earlier calls (CSV or XLSX).

Expected columns (header row, in any order; Dutch names): titel, probleem, organisatie,
nis-code, ingediend op; optional: doelgroepen, huidige aanpak, waarde, e-mail indiener."""

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime
from typing import IO, Any

from django.core.validators import validate_email
from django.forms import ValidationError
from django.utils.translation import gettext as _

from proeftuin.organisations.models import Municipality

COLUMNS = {
    "titel": "title",
    "probleem": "problem",
    "doelgroepen": "target_groups",
    "huidige aanpak": "current_handling",
    "waarde": "citizen_value",
    "organisatie": "organisation",
    "nis-code": "nis_code",
    "ingediend op": "submitted_on",
    "e-mail indiener": "email",
}
REQUIRED = ["title", "problem", "organisation", "nis_code", "submitted_on"]
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]


class UnreadableFile(Exception):
    pass


def read_rows(handle: IO[bytes], name: str) -> Iterator[dict[str, str]]:
    """Rows as dicts keyed by our field names; raises UnreadableFile with a reason."""
    if name.lower().endswith(".xlsx"):
        yield from _xlsx_rows(handle)
    else:
        yield from _csv_rows(handle)


def _header(cells: list[Any]) -> list[str | None]:
    header = [COLUMNS.get(str(cell or "").strip().lower()) for cell in cells]
    missing = [
        dutch for dutch, field in COLUMNS.items() if field in REQUIRED and field not in header
    ]
    if missing:
        raise UnreadableFile(
            _("Deze kolommen ontbreken: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    return header


def _csv_rows(handle: IO[bytes]) -> Iterator[dict[str, str]]:
    raw = handle.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = _header(next(reader, []))
    for cells in reader:
        if any(cell.strip() for cell in cells):
            yield {
                field: (cells[i].strip() if i < len(cells) else "")
                for i, field in enumerate(header)
                if field
            }


def _xlsx_rows(handle: IO[bytes]) -> Iterator[dict[str, str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except Exception as error:
        raise UnreadableFile(_("Dit is geen leesbaar Excel-bestand (.xlsx).")) from error
    rows = workbook.active.iter_rows(values_only=True) if workbook.active else iter(())
    header = _header(list(next(rows, [])))
    for cells in rows:
        if any(cell not in (None, "") for cell in cells):
            yield {
                field: _cell_text(cells[i] if i < len(cells) else None)
                for i, field in enumerate(header)
                if field
            }


def _cell_text(value: Any) -> str:
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    return "" if value is None else str(value).strip()


def parse_date(value: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def validate_row(data: dict[str, str], municipalities: dict[str, Municipality]) -> list[str]:
    """The problems of one line, in words a coordinator understands."""
    errors = [
        _("'%(column)s' is leeg.") % {"column": dutch}
        for dutch, field in COLUMNS.items()
        if field in REQUIRED and not data.get(field)
    ]
    if data.get("nis_code") and data["nis_code"] not in municipalities:
        errors.append(_("Onbekende NIS-code '%(code)s'.") % {"code": data["nis_code"]})
    if data.get("submitted_on") and parse_date(data["submitted_on"]) is None:
        errors.append(
            _("'%(value)s' is geen datum (JJJJ-MM-DD of DD/MM/JJJJ).")
            % {"value": data["submitted_on"]}
        )
    if data.get("title") and len(data["title"]) > 200:
        errors.append(_("De titel is langer dan 200 tekens."))
    if data.get("email"):
        try:
            validate_email(data["email"])
        except ValidationError:
            errors.append(_("'%(value)s' is geen e-mailadres.") % {"value": data["email"]})
    return errors
