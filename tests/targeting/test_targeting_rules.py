"""Rule sets: parsing, governance, and how rule hits combine with the model."""

from __future__ import annotations

from pathlib import Path

import pytest
from targeting_helpers import make_declaration

from borderflow.errors import InvalidInput
from borderflow.targeting import (
    ApprovalState,
    ReasonKind,
    RiskModel,
    Scorer,
    approve,
    dump_rule_set,
    load_rule_set,
    parse_rule_set,
)

RULES_YAML = """
name: joint-cargo
version: 2
owner: MX
parties: [CA, MX, US]
approvals: [CA, MX, US]
state: approved
rules:
  - id: firearm-parts
    description: firearm parts from a flagged origin
    owner: US
    version: 1
    state: approved
    all:
      - {field: hs_code, op: prefix, value: "9305"}
      - {field: origin_country, op: in, value: [XX, YY]}
  - id: undervalued-steel
    owner: CA
    version: 3
    state: draft
    all:
      - {field: hs6, op: eq, value: "720839"}
      - {field: value_per_kg, op: lt, value: 0.5}
  - id: no-seller
    owner: MX
    version: 1
    state: retired
    any:
      - {field: seller_id, op: eq, value: "nobody"}
"""


@pytest.fixture
def rules(tmp_path: Path):
    path = tmp_path / "rules.yaml"
    path.write_text(RULES_YAML, encoding="utf-8")
    return load_rule_set(path)


def test_an_approved_rule_refers_regardless_of_the_model(rules, small_model: RiskModel) -> None:
    scorer = Scorer(small_model, rules)
    flagged = make_declaration("F", hs_code="9305100000", origin_country="XX")
    plain = make_declaration("P", hs_code="930510", origin_country="CN")
    hit, miss = scorer.score_many([flagged, plain])
    assert hit.referred_by_rule and hit.score == 1.0
    assert hit.model_score < 1.0
    assert hit.reasons[0].kind is ReasonKind.RULE and hit.reasons[0].code == "firearm-parts"
    assert not miss.referred_by_rule and miss.score == miss.model_score
    assert all(r.kind is ReasonKind.MODEL for r in miss.reasons)


def test_draft_rules_hit_only_in_the_shadow(rules, small_model: RiskModel) -> None:
    cheap_steel = make_declaration("S", hs_code="720839", net_mass=1000.0, item_price=100.0)
    result = Scorer(small_model, rules).score_declaration(cheap_steel)
    assert not result.referred_by_rule
    assert [r.code for r in result.reasons if r.kind is ReasonKind.SHADOW_RULE] == [
        "undervalued-steel"
    ]


def test_rules_of_a_set_not_yet_approved_do_not_refer(rules) -> None:
    pending = rules.model_copy(update={"state": ApprovalState.PROPOSED, "approvals": ("MX",)})
    flagged = make_declaration("F", hs_code="930510", origin_country="YY")
    referring, shadow = pending.hits(flagged)
    assert referring == [] and [r.id for r in shadow] == ["firearm-parts"]


def test_approval_by_every_party_puts_a_set_in_force(rules) -> None:
    draft = rules.model_copy(update={"state": ApprovalState.DRAFT, "approvals": ()})
    step = approve(approve(draft, "MX"), "US")
    assert step.state is ApprovalState.PROPOSED
    assert approve(step, "CA").state is ApprovalState.APPROVED
    with pytest.raises(InvalidInput) as caught:
        approve(draft, "GT")
    assert caught.value.field == "country"


def test_yaml_round_trip(rules, tmp_path: Path) -> None:
    path = tmp_path / "again.yaml"
    path.write_text(dump_rule_set(rules), encoding="utf-8")
    assert load_rule_set(path) == rules


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"state": "approved", "parties": ["MX", "US"], "approvals": ["MX"]}, "rule_set"),
        (
            {
                "rules": [
                    {
                        "id": "r",
                        "owner": "US",
                        "version": 1,
                        "all": [{"field": "colour", "op": "eq", "value": "red"}],
                    }
                ]
            },
            "rule_set.rules.0.all.0",
        ),
        ({"rules": [{"id": "r", "owner": "US", "version": 1}]}, "rule_set.rules.0"),
        (
            {
                "rules": [
                    {
                        "id": "r",
                        "owner": "US",
                        "version": 1,
                        "all": [{"field": "net_mass", "op": "gt", "value": "heavy"}],
                    }
                ]
            },
            "rule_set.rules.0.all.0",
        ),
        ({"owner": "Mexico"}, "rule_set.owner"),
    ],
)
def test_invalid_rule_sets_name_the_offending_key(change: dict, where: str) -> None:
    document = {"name": "x", "version": 1, "owner": "MX", "parties": ["MX"], **change}
    with pytest.raises(InvalidInput) as caught:
        parse_rule_set(document)
    assert caught.value.field == where


EXTRA_RULES = {
    "name": "extra",
    "version": 1,
    "owner": "MX",
    "parties": ["MX"],
    "rules": [
        {
            "id": "cn-heavy",
            "owner": "MX",
            "version": 1,
            "state": "approved",
            "all": [
                {"field": "origin_country", "op": "eq", "value": "CN"},
                {"field": "net_mass", "op": "ge", "value": 5000},
            ],
            "any": [
                {"field": "courier_id", "op": "ne", "value": "X"},
                {"field": "tax_type", "op": "in", "value": ["A", "C"]},
            ],
        },
        {
            "id": "far-machines",
            "owner": "MX",
            "version": 1,
            "all": [
                {"field": "origin_country", "op": "not_in", "value": ["CN", "US"]},
                {"field": "hs_code", "op": "prefix", "value": ["84", "85"]},
            ],
        },
        {
            "id": "garments",
            "owner": "US",
            "version": 2,
            "all": [{"field": "hs6", "op": "prefix", "value": ["61", "62"]}],
        },
    ],
}


def test_batch_rule_evaluation_agrees_with_one_at_a_time(rules, customs) -> None:
    """Column-wise evaluation (used for speed) gives the per-declaration answer on real rows."""
    extra = parse_rule_set(EXTRA_RULES).rules
    wide = rules.model_copy(update={"rules": (*rules.rules, *extra)})
    sample = customs["test"][:3000]
    batch = wide.hits_many(sample)
    hit_ids = {rule.id for referring, shadow in batch.values() for rule in referring + shadow}
    assert {"cn-heavy", "far-machines", "garments"} <= hit_ids
    for row, declaration in enumerate(sample):
        referring, shadow = wide.hits(declaration)
        expected = (referring, shadow) if referring or shadow else None
        assert batch.get(row) == expected
