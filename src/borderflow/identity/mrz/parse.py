"""Parsing and validating ICAO 9303 machine-readable zones (pure functions)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from borderflow.errors import InvalidInput
from borderflow.identity.mrz.check import check_digit
from borderflow.identity.mrz.layout import RawZone, slice_zone
from borderflow.identity.mrz.model import MrzFields, MrzFormat, MrzProblem, MrzResult

__all__ = ["detect_format", "parse_mrz", "split_name", "strip_filler"]

_CHARSET = re.compile(r"[A-Z0-9<]*")
_SEX = {"M": "M", "F": "F", "X": "X", "<": "X"}


def detect_format(lines: Sequence[str]) -> MrzFormat:
    """The format from the number and length of lines (and a leading ``V`` for visas)."""
    lengths = {len(line) for line in lines}
    if len(lines) not in (2, 3) or len(lengths) != 1:
        found = ", ".join(str(len(line)) for line in lines)
        raise InvalidInput(
            f"an MRZ has 3 lines of 30 or 2 lines of 36 or 44 characters, found {len(lines)} "
            f"line(s) of {found}",
            field="mrz",
        )
    length = lengths.pop()
    visa = lines[0].startswith("V")
    by_shape = {
        (3, 30): MrzFormat.TD1,
        (2, 36): MrzFormat.MRV_B if visa else MrzFormat.TD2,
        (2, 44): MrzFormat.MRV_A if visa else MrzFormat.TD3,
    }
    fmt = by_shape.get((len(lines), length))
    if fmt is None:
        raise InvalidInput(
            f"{len(lines)} lines of {length} characters match no ICAO 9303 format", field="mrz"
        )
    return fmt


def normalise_lines(lines: Sequence[str]) -> tuple[str, ...]:
    """Lines without surrounding blanks, upper-cased; empty lines dropped."""
    return tuple(line.strip().upper() for line in lines if line.strip())


def parse_mrz(lines: Sequence[str]) -> MrzResult:
    """Parse a zone and run every check; failed checks are listed, not raised.

    Malformed input (wrong shape, characters outside ``A-Z0-9<``) raises ``InvalidInput``.
    """
    zone = normalise_lines(lines)
    fmt = detect_format(zone)
    for line_number, line in enumerate(zone, start=1):
        if not _CHARSET.fullmatch(line):
            bad = next(i for i, c in enumerate(line) if not _CHARSET.fullmatch(c))
            raise InvalidInput(
                f"character {line[bad]!r} at position {bad + 1} is not A-Z, 0-9 or <",
                field=f"mrz.line{line_number}",
            )
    raw = slice_zone(fmt, zone)
    problems: list[MrzProblem] = []
    notes: list[str] = []
    number, optional1 = _document_number(raw, problems, notes)
    _check(problems, "birth_date", raw.birth_date, raw.birth_check)
    _check(problems, "expiry_date", raw.expiry_date, raw.expiry_check)
    _check_personal_number(raw, problems)
    if raw.composite is not None:
        _check(problems, "composite", raw.composite_input, raw.composite)
    problems.extend(_date_problems(raw))
    if raw.sex not in _SEX:
        problems.append(MrzProblem("sex", f"sex must be M, F, X or <, found {raw.sex!r}"))
    surname, given = split_name(raw.name)
    if not surname and not given:
        problems.append(MrzProblem("name", "the name field is empty"))
    fields = MrzFields(
        document_code=strip_filler(raw.document_code),
        issuing_state=strip_filler(raw.issuing_state),
        surname=surname,
        given_names=given,
        document_number=number,
        nationality=strip_filler(raw.nationality),
        birth_date=raw.birth_date,
        sex=_SEX.get(raw.sex, raw.sex),
        expiry_date=raw.expiry_date,
        optional1=optional1,
        optional2=strip_filler(raw.optional2),
    )
    return MrzResult(fmt, zone, fields, tuple(problems), notes=tuple(notes))


def strip_filler(text: str) -> str:
    """A field without its trailing fillers, inner fillers read as spaces."""
    return text.rstrip("<").replace("<", " ")


def split_name(field: str) -> tuple[str, str]:
    """Primary and secondary identifiers; with no ``<<`` the name is a single identifier."""
    name = field.rstrip("<")
    if "<<" not in name:
        return name.replace("<", " "), ""
    surname, given = name.split("<<", 1)
    return surname.replace("<", " "), given.strip("<").replace("<", " ")


def _check(problems: list[MrzProblem], name: str, data: str, found: str) -> bool:
    expected = check_digit(data)
    if found != expected:
        problems.append(MrzProblem(name, "check digit does not match", expected, found))
        return False
    return True


def _document_number(raw: RawZone, problems: list[MrzProblem], notes: list[str]) -> tuple[str, str]:
    """The document number, reading an overflow into the optional data (Part 5 4.2.4)."""
    base = raw.number.rstrip("<")
    overflow_allowed = raw.composite is not None and raw.personal_check is None
    if raw.number_check != "<" or not overflow_allowed or len(raw.number) != len(base):
        _check(problems, "document_number", raw.number, raw.number_check)
        return base, strip_filler(raw.optional1)
    extension, _, rest = raw.optional1.partition("<")
    if not extension:
        problems.append(
            MrzProblem(
                "document_number",
                "check digit missing after the long document number",
                check_digit(raw.number),
                "<",
            )
        )
        return base, strip_filler(rest)
    number, found = base + extension[:-1], extension[-1]
    if found != check_digit(number) and found == check_digit(f"{base}<{extension[:-1]}"):
        notes.append("document number check digit computed over the filler too (non-standard)")
    else:
        _check(problems, "document_number", number, found)
    return number, strip_filler(rest)


def _check_personal_number(raw: RawZone, problems: list[MrzProblem]) -> None:
    if raw.personal_check is None:
        return
    empty = raw.optional1.strip("<") == ""
    if empty and raw.personal_check in ("<", "0"):
        return
    _check(problems, "personal_number", raw.optional1, raw.personal_check)


def _date_problems(raw: RawZone) -> list[MrzProblem]:
    found = []
    for name, value in (("birth_date", raw.birth_date), ("expiry_date", raw.expiry_date)):
        if not value.isdigit():
            if value.replace("<", "").isdigit() or value == "<<<<<<":
                continue  # unknown parts of a date are filled with <
            found.append(MrzProblem(name, f"a date is YYMMDD digits, found {value!r}"))
            continue
        month, day = int(value[2:4]), int(value[4:6])
        if not 1 <= month <= 12 or not 1 <= day <= 31:
            found.append(MrzProblem(name, f"{value} is not a valid YYMMDD date"))
    return found
