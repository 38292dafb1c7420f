"""Reading declarations from CSV files through a column mapping.

Every row either becomes a :class:`Declaration` or a :class:`RowRejected` in the report,
naming its line, the field and what was expected: nothing is dropped silently.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from borderflow.errors import InvalidInput, RowRejected
from borderflow.targeting.declaration import Declaration
from borderflow.targeting.mapping import ColumnMapping, detect_mapping

__all__ = ["LoadReport", "load_declarations", "parse_rows"]

_HS_CODE = re.compile(r"^\d{6,10}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_TEXT_FIELDS = ("office_id", "importer_id", "declarant_id", "transport_mode", "tax_type")
_OPTIONAL_TEXT = ("process_type", "import_type", "import_use", "payment_type", "origin_indicator")


@dataclass(slots=True)
class LoadReport:
    """The declarations read from a source and every row that was refused."""

    source: str
    mapping: str
    declarations: list[Declaration] = field(default_factory=list)
    rejected: list[RowRejected] = field(default_factory=list)

    @property
    def rows_read(self) -> int:
        return len(self.declarations) + len(self.rejected)


def load_declarations(path: Path, mapping: ColumnMapping | None = None) -> LoadReport:
    """Declarations from a CSV file; the mapping is detected from the header when not given."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = list(reader.fieldnames or [])
            mapping = mapping or detect_mapping(header)
            missing = mapping.missing_from(header)
            if missing:
                raise InvalidInput(
                    f"{path.name} lacks the columns {', '.join(missing)}", field="header"
                )
            report = LoadReport(source=str(path), mapping=mapping.name)
            parse_rows(reader, mapping, report, first_line=2)
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc}", field="path") from None
    return report


def parse_rows(
    rows: Iterable[Mapping[str, str | None]],
    mapping: ColumnMapping,
    report: LoadReport,
    *,
    first_line: int = 1,
) -> LoadReport:
    """Parse ``rows`` (dicts keyed by source column) into ``report``; duplicates are refused."""
    seen: set[str] = set()
    for line, row in enumerate(rows, start=first_line):
        try:
            declaration = _parse_row(row, mapping, line)
        except RowRejected as rejection:
            report.rejected.append(rejection)
            continue
        if declaration.declaration_id in seen:
            report.rejected.append(
                RowRejected(line, "duplicate declaration id", field="declaration_id")
            )
            continue
        seen.add(declaration.declaration_id)
        report.declarations.append(declaration)
    return report


def _parse_row(row: Mapping[str, str | None], mapping: ColumnMapping, line: int) -> Declaration:
    def raw(name: str) -> str:
        column = mapping.columns.get(name)
        return (row.get(column) or "").strip() if column else ""

    def need(name: str, parse: Callable[[str], Any], expected: str) -> Any:
        text = raw(name)
        if not text:
            raise RowRejected(line, f"missing value: expected {expected}", field=name)
        try:
            return parse(text)
        except ValueError:
            raise RowRejected(line, f"{text!r} is not {expected}", field=name) from None

    values: dict[str, Any] = {
        "declaration_id": need("declaration_id", str, "an identifier"),
        "date": need("date", lambda t: _date(t, mapping.date_format), mapping.date_format),
        "hs_code": need(
            "hs_code", lambda t: _hs_code(t, mapping.hs_code_digits), "an HS code of 6 to 10 digits"
        ),
        "origin_country": need("origin_country", _country, "an ISO 3166 alpha-2 code"),
        "departure_country": need("departure_country", _country, "an ISO 3166 alpha-2 code"),
        "net_mass": need("net_mass", _non_negative, "a mass in kg, zero or more"),
        "item_price": need("item_price", _non_negative, "a value, zero or more"),
        "tax_rate": need("tax_rate", _rate, "a tax rate in percent (0 to 1000)"),
    }
    for name in _TEXT_FIELDS:
        values[name] = need(name, str, "a code")
    for name in _OPTIONAL_TEXT:
        values[name] = raw(name)
    values["seller_id"] = raw("seller_id") or None
    values["courier_id"] = raw("courier_id") or None
    values.update(_labels(row, mapping, line))
    return Declaration(**values)


def _labels(row: Mapping[str, str | None], mapping: ColumnMapping, line: int) -> dict[str, Any]:
    """``fraud`` and ``critical`` when the mapping names label columns the row has."""
    fraud_column = mapping.labels.get("fraud")
    text = (row.get(fraud_column) or "").strip() if fraud_column else ""
    if not text:
        return {}
    if text not in ("0", "1"):
        raise RowRejected(line, f"{text!r} is not 0 or 1", field="fraud")
    critical_column = mapping.labels.get("critical")
    severity = (row.get(critical_column) or "").strip() if critical_column else ""
    return {"fraud": text == "1", "critical": severity in mapping.critical_values}


def _date(text: str, date_format: str) -> dt.date:
    return dt.datetime.strptime(text, date_format).date()  # noqa: DTZ007 - a calendar date


def _hs_code(text: str, width: int | None) -> str:
    """Digits of an HS code; with ``width``, leading zeros lost by a spreadsheet come back."""
    digits = text.replace(".", "")
    if width is not None and width - 1 <= len(digits) < width:
        digits = digits.zfill(width)
    if not _HS_CODE.match(digits):
        raise ValueError(text)
    return digits


def _country(text: str) -> str:
    code = text.upper()
    if not _COUNTRY.match(code):
        raise ValueError(text)
    return code


def _non_negative(text: str) -> float:
    number = float(text)
    if not math.isfinite(number) or number < 0:
        raise ValueError(text)
    return number


def _rate(text: str) -> float:
    number = _non_negative(text)
    if number > 1000:
        raise ValueError(text)
    return number
