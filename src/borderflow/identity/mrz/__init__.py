"""ICAO 9303 machine-readable zones: parse, validate, repair OCR confusions, compose."""

from borderflow.identity.mrz.check import check_digit
from borderflow.identity.mrz.compose import compose_mrz
from borderflow.identity.mrz.model import (
    MrzFields,
    MrzFormat,
    MrzProblem,
    MrzRepair,
    MrzResult,
    mrz_result_to_dict,
)
from borderflow.identity.mrz.parse import detect_format, parse_mrz
from borderflow.identity.mrz.repair import parse_with_repair

__all__ = [
    "MrzFields",
    "MrzFormat",
    "MrzProblem",
    "MrzRepair",
    "MrzResult",
    "check_digit",
    "compose_mrz",
    "detect_format",
    "mrz_result_to_dict",
    "parse_mrz",
    "parse_with_repair",
]
