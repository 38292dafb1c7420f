"""Writing a machine-readable zone from its fields, with every check digit computed."""

from __future__ import annotations

from borderflow.errors import InvalidInput
from borderflow.identity.mrz.check import check_digit
from borderflow.identity.mrz.model import MrzFields, MrzFormat

__all__ = ["compose_mrz"]


def compose_mrz(fmt: MrzFormat, fields: MrzFields) -> tuple[str, ...]:
    """The lines of a zone of format ``fmt`` holding ``fields``.

    Document numbers longer than nine characters overflow into the optional data (TD1
    and TD2 only, ICAO 9303 Part 5 4.2.4). Fields that do not fit raise ``InvalidInput``.
    """
    code = _pad(fields.document_code, 2, "document_code")
    state = _pad(fields.issuing_state, 3, "issuing_state")
    nationality = _pad(fields.nationality, 3, "nationality")
    birth = _pad(fields.birth_date, 6, "birth_date")
    expiry = _pad(fields.expiry_date, 6, "expiry_date")
    sex = "<" if fields.sex == "X" else _pad(fields.sex, 1, "sex")
    number, number_check, optional1 = _number(fmt, fields)
    if fmt is MrzFormat.TD1:
        first = code + state + number + number_check + _pad(optional1, 15, "optional1")
        second = (
            birth
            + check_digit(birth)
            + sex
            + expiry
            + check_digit(expiry)
            + nationality
            + _pad(fields.optional2, 11, "optional2")
        )
        composite = check_digit(first[5:30] + second[0:7] + second[8:15] + second[18:29])
        return first, second + composite, _name(fields, 30)
    length = fmt.line_length
    first = code + state + _name(fields, length - 5)
    second = (
        number
        + number_check
        + nationality
        + birth
        + check_digit(birth)
        + sex
        + expiry
        + check_digit(expiry)
    )
    if fmt is MrzFormat.TD3:
        personal = _pad(fields.optional1, 14, "optional1")
        personal_check = "<" if not fields.optional1 else check_digit(personal)
        second += personal + personal_check
        return first, second + check_digit(second[0:10] + second[13:20] + second[21:43])
    if fmt is MrzFormat.TD2:
        second += _pad(optional1, 7, "optional1")
        return first, second + check_digit(second[0:10] + second[13:20] + second[21:35])
    return first, second + _pad(fields.optional1, length - 28, "optional1")


def _number(fmt: MrzFormat, fields: MrzFields) -> tuple[str, str, str]:
    number = fields.document_number
    if len(number) <= 9:
        padded = _pad(number, 9, "document_number")
        return padded, check_digit(padded), fields.optional1
    if fmt not in (MrzFormat.TD1, MrzFormat.TD2):
        raise InvalidInput(
            f"{fmt} document numbers have at most 9 characters", field="document_number"
        )
    overflow = (
        number[9:] + check_digit(number) + ("<" + fields.optional1 if fields.optional1 else "")
    )
    return number[:9], "<", overflow


def _name(fields: MrzFields, width: int) -> str:
    surname = fields.surname.replace(" ", "<")
    given = fields.given_names.replace(" ", "<")
    text = f"{surname}<<{given}" if given else surname
    return _pad(text, width, "name")


def _pad(value: str, width: int, field: str) -> str:
    text = value.replace(" ", "<")
    if len(text) > width:
        raise InvalidInput(f"{len(text)} characters do not fit in {width}", field=field)
    return text.ljust(width, "<")
