"""Jointly governed rule sets: conditions on declaration fields, owned and approved.

A rule set is a YAML document shared by the partner countries::

    name: joint-cargo
    version: 3
    owner: MX                      # the country that maintains the set
    parties: [CA, MX, US]          # the countries whose approval it needs
    approvals: [CA, MX, US]
    state: approved                # draft | proposed | approved | retired
    rules:
      - id: firearms-declared-as-parts
        description: firearm parts from a flagged origin
        owner: US
        version: 1
        state: approved
        all:                       # every condition holds (or ``any:``: one holds)
          - {field: hs_code, op: prefix, value: "9305"}
          - {field: origin_country, op: in, value: [XX, YY]}

Only an approved rule in an approved set refers a declaration; other rules are evaluated
"in the shadow" and reported, so their hit rate can be reviewed before approval.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from enum import StrEnum
from itertools import repeat
from operator import attrgetter
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from borderflow.errors import InvalidInput
from borderflow.targeting.declaration import DECLARATION_FIELDS, LABEL_FIELDS, Declaration

__all__ = [
    "RULE_FIELDS",
    "ApprovalState",
    "Condition",
    "Rule",
    "RuleSet",
    "approve",
    "dump_rule_set",
    "load_rule_set",
    "parse_rule_set",
]

#: Fields a condition may test: what was declared, plus two derived values.
RULE_FIELDS = frozenset(DECLARATION_FIELDS) - frozenset(LABEL_FIELDS) | {"hs6", "value_per_kg"}

_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "gt": operator.gt,
    "ge": operator.ge,
    "lt": operator.lt,
    "le": operator.le,
    "in": lambda actual, wanted: actual in wanted,
    "not_in": lambda actual, wanted: actual not in wanted,
    "prefix": lambda actual, wanted: str(actual).startswith(tuple(wanted)),
}
_NUMERIC_FIELDS = frozenset({"net_mass", "item_price", "tax_rate", "value_per_kg"})
_OPTIONAL_FIELDS = frozenset({"seller_id", "courier_id"})


class ApprovalState(StrEnum):
    DRAFT = "draft"
    PROPOSED = "proposed"
    APPROVED = "approved"
    RETIRED = "retired"


class Condition(BaseModel):
    """``<field> <op> <value>``; ``in``, ``not_in`` and ``prefix`` take a list."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    field: str
    op: str
    value: Any

    @model_validator(mode="after")
    def _check(self) -> Condition:
        if self.field not in RULE_FIELDS:
            raise ValueError(f"unknown field {self.field!r}")
        if self.op not in _COMPARE:
            raise ValueError(f"unknown op {self.op!r}: expected one of {', '.join(_COMPARE)}")
        listed = self.op in ("in", "not_in", "prefix")
        if listed and not isinstance(self.value, list):
            object.__setattr__(self, "value", [self.value])
        if self.field in _NUMERIC_FIELDS and not listed and not isinstance(self.value, int | float):
            raise ValueError(f"{self.field} compares with a number")
        if listed:
            object.__setattr__(self, "value", tuple(str(v) for v in self.value))
        return self

    def holds(self, declaration: Declaration) -> bool:
        return self.test(getattr(declaration, self.field))

    def mask(self, values: list[Any]) -> list[bool]:
        """:meth:`test` over a column, in C where the column can hold no empty value."""
        if self.field in _OPTIONAL_FIELDS or (
            self.op == "prefix" and self.field in _NUMERIC_FIELDS
        ):
            return list(map(self.test, values))
        if self.op in ("in", "not_in"):
            inside = list(map(frozenset(self.value).__contains__, values))
            return inside if self.op == "in" else [not hit for hit in inside]
        if self.op == "prefix":
            return list(map(str.startswith, values, repeat(self.value)))
        return list(map(_COMPARE[self.op], values, repeat(self.value)))

    def test(self, actual: Any) -> bool:
        """Whether a value of :attr:`field` meets the condition (an empty value is unequal)."""
        if actual is None:
            return self.op in ("ne", "not_in")
        return _COMPARE[self.op](actual, self.value)


class Rule(BaseModel):
    """A named test on a declaration, with its owner, version and approval state."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    id: str = Field(min_length=1, max_length=64)
    description: str = ""
    owner: str = Field(pattern=r"^[A-Z]{2}$")
    version: int = Field(ge=1)
    state: ApprovalState = ApprovalState.DRAFT
    all_of: tuple[Condition, ...] = Field(default=(), alias="all")
    any_of: tuple[Condition, ...] = Field(default=(), alias="any")

    @model_validator(mode="after")
    def _has_conditions(self) -> Rule:
        if not self.all_of and not self.any_of:
            raise ValueError("a rule needs conditions under 'all' or 'any'")
        return self

    def matches(self, declaration: Declaration) -> bool:
        if self.all_of and not all(c.holds(declaration) for c in self.all_of):
            return False
        return not self.any_of or any(c.holds(declaration) for c in self.any_of)

    def matching_rows(self, column: Callable[[str], list[Any]], rows: int) -> list[int]:
        """Positions of the rows that match, testing each condition on surviving rows only."""
        survivors: Sequence[int] = range(rows)
        for position, condition in enumerate(self.all_of):
            values = column(condition.field)
            if position == 0:
                survivors = [i for i, hit in enumerate(condition.mask(values)) if hit]
            else:
                survivors = [i for i in survivors if condition.test(values[i])]
        if not self.any_of:
            return list(survivors)
        tests = [(condition.test, column(condition.field)) for condition in self.any_of]
        return [i for i in survivors if any(test(values[i]) for test, values in tests)]


class RuleSet(BaseModel):
    """A versioned set of rules that the parties approve together."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1, max_length=64)
    version: int = Field(ge=1)
    owner: str = Field(pattern=r"^[A-Z]{2}$")
    parties: tuple[str, ...] = Field(min_length=1)
    approvals: tuple[str, ...] = ()
    state: ApprovalState = ApprovalState.DRAFT
    rules: tuple[Rule, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> RuleSet:
        ids = [rule.id for rule in self.rules]
        if len(ids) != len(set(ids)):
            raise ValueError("rule ids must be unique within a set")
        if self.state is ApprovalState.APPROVED and not set(self.parties) <= set(self.approvals):
            missing = ", ".join(sorted(set(self.parties) - set(self.approvals)))
            raise ValueError(f"an approved set needs every party's approval (missing: {missing})")
        return self

    @property
    def in_force(self) -> bool:
        return self.state is ApprovalState.APPROVED

    def hits(self, declaration: Declaration) -> tuple[list[Rule], list[Rule]]:
        """The rules that refer ``declaration`` and those that hit only in the shadow."""
        referring: list[Rule] = []
        shadow: list[Rule] = []
        for rule in self.rules:
            if rule.state is ApprovalState.RETIRED or not rule.matches(declaration):
                continue
            live = self.in_force and rule.state is ApprovalState.APPROVED
            (referring if live else shadow).append(rule)
        return referring, shadow

    def hits_many(
        self, declarations: Sequence[Declaration]
    ) -> dict[int, tuple[list[Rule], list[Rule]]]:
        """:meth:`hits` for a batch, column by column; only rows with a hit are returned."""
        columns: dict[str, list[Any]] = {}

        def column(name: str) -> list[Any]:
            if name not in columns:
                columns[name] = list(map(attrgetter(name), declarations))
            return columns[name]

        found: dict[int, tuple[list[Rule], list[Rule]]] = {}
        for rule in self.rules:
            if rule.state is ApprovalState.RETIRED:
                continue
            live = self.in_force and rule.state is ApprovalState.APPROVED
            for row in rule.matching_rows(column, len(declarations)):
                referring, shadow = found.setdefault(row, ([], []))
                (referring if live else shadow).append(rule)
        return found


def parse_rule_set(data: Any) -> RuleSet:
    """A rule set from parsed YAML; an error names the offending key path."""
    try:
        return RuleSet.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InvalidInput(
            first["msg"], field=f"rule_set.{where}" if where else "rule_set"
        ) from None


def load_rule_set(path: Path) -> RuleSet:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InvalidInput(f"cannot read rule set {path}: {exc}", field="rule_set") from None
    return parse_rule_set(data)


def dump_rule_set(rule_set: RuleSet) -> str:
    """The YAML text of ``rule_set`` (what :func:`load_rule_set` reads back)."""
    return yaml.safe_dump(rule_set.model_dump(mode="json", by_alias=True), sort_keys=False)


def approve(rule_set: RuleSet, country: str) -> RuleSet:
    """``rule_set`` with ``country``'s approval; in force once every party has approved."""
    if country not in rule_set.parties:
        raise InvalidInput(f"{country} is not a party to {rule_set.name}", field="country")
    if rule_set.state is ApprovalState.RETIRED:
        raise InvalidInput(f"{rule_set.name} v{rule_set.version} is retired", field="state")
    approvals = tuple(sorted({*rule_set.approvals, country}))
    complete = set(rule_set.parties) <= set(approvals)
    state = ApprovalState.APPROVED if complete else ApprovalState.PROPOSED
    return rule_set.model_copy(update={"approvals": approvals, "state": state})
