"""Column mappings: how an agency's CSV columns map onto :class:`Declaration` fields.

A mapping is a small YAML file, so an agency can bring its own export without code::

    name: my-agency
    date_format: "%d/%m/%Y"
    columns: {declaration_id: DECL_NO, date: ACCEPT_DATE, ...}
    labels: {fraud: RESULT, critical: SEVERITY}     # optional
    critical_values: ["2"]                          # label values meaning "critical"
    hs_code_digits: 10      # optional: restore leading zeros a spreadsheet dropped
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from borderflow.errors import InvalidInput

__all__ = [
    "BUILTIN_MAPPINGS",
    "REQUIRED_COLUMNS",
    "ColumnMapping",
    "builtin_mapping",
    "detect_mapping",
    "load_mapping",
    "parse_mapping",
]

#: Fields a mapping must name a column for; the others default to empty.
REQUIRED_COLUMNS = frozenset(
    {
        "declaration_id",
        "date",
        "office_id",
        "importer_id",
        "declarant_id",
        "hs_code",
        "origin_country",
        "departure_country",
        "transport_mode",
        "net_mass",
        "item_price",
        "tax_rate",
        "tax_type",
    }
)
_OPTIONAL_COLUMNS = frozenset(
    {
        "seller_id",
        "courier_id",
        "process_type",
        "import_type",
        "import_use",
        "payment_type",
        "origin_indicator",
    }
)
#: The mappings shipped with BorderFlow, by name.
BUILTIN_MAPPINGS = {
    "kcs-synthetic-hs6": "customs_2023.yaml",
    "kcs-synthetic-hs10": "customs_2022_hs10.yaml",
}


class ColumnMapping(BaseModel):
    """Which CSV column holds each declaration field, and how to read dates and labels."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    date_format: str = "%Y-%m-%d"
    columns: dict[str, str]
    labels: dict[str, str] = Field(default_factory=dict)
    critical_values: tuple[str, ...] = ()
    hs_code_digits: int | None = Field(default=None, ge=6, le=10)

    @field_validator("columns")
    @classmethod
    def _known_and_complete(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = set(value) - REQUIRED_COLUMNS - _OPTIONAL_COLUMNS
        if unknown:
            raise ValueError(f"unknown declaration fields: {', '.join(sorted(unknown))}")
        missing = REQUIRED_COLUMNS - set(value)
        if missing:
            raise ValueError(f"no column named for: {', '.join(sorted(missing))}")
        return value

    @field_validator("labels")
    @classmethod
    def _known_labels(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = set(value) - {"fraud", "critical"}
        if unknown:
            raise ValueError(f"unknown label fields: {', '.join(sorted(unknown))}")
        return value

    def missing_from(self, header: list[str]) -> list[str]:
        """Declaration columns this mapping needs that ``header`` lacks (labels are optional)."""
        return [column for column in self.columns.values() if column not in header]


def parse_mapping(data: Any) -> ColumnMapping:
    """A mapping from parsed YAML; an error names the offending key."""
    try:
        return ColumnMapping.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InvalidInput(first["msg"], field=f"mapping.{where}" if where else "mapping") from None


def load_mapping(path: Path) -> ColumnMapping:
    """A mapping from a YAML file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InvalidInput(f"cannot read mapping {path}: {exc}", field="mapping") from None
    return parse_mapping(data)


def builtin_mapping(name: str) -> ColumnMapping:
    """A mapping shipped with BorderFlow (see :data:`BUILTIN_MAPPINGS`)."""
    if name not in BUILTIN_MAPPINGS:
        known = ", ".join(sorted(BUILTIN_MAPPINGS))
        raise InvalidInput(f"unknown mapping {name!r}: expected one of {known}", field="mapping")
    resource = (
        resources.files("borderflow.targeting")
        .joinpath("mappings")
        .joinpath(BUILTIN_MAPPINGS[name])
    )
    text = resource.read_text(encoding="utf-8")
    return parse_mapping(yaml.safe_load(text))


def detect_mapping(header: list[str]) -> ColumnMapping:
    """The built-in mapping whose columns all appear in ``header``."""
    for name in BUILTIN_MAPPINGS:
        mapping = builtin_mapping(name)
        if not mapping.missing_from(header):
            return mapping
    raise InvalidInput(
        "the header matches no built-in mapping: give a column-mapping file", field="mapping"
    )
