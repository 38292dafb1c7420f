"""The learned re-ranker: the shipped model is checked before it is loaded, its score
replaces the name score with the change stated, and an exact listed name still alerts."""

from __future__ import annotations

import hashlib
from importlib import resources

import numpy as np
import pytest

from borderflow.errors import BorderFlowError
from borderflow.screening import Entry, EntryKind, EntryName, NameIndex, NameStrength, Screener
from borderflow.screening.reranker import FEATURES, MODEL_FILE, Reranker, default_reranker


def _model_text() -> str:
    return (resources.files("borderflow.screening") / "data" / MODEL_FILE).read_text("utf-8")


def test_the_shipped_model_matches_its_recorded_sha256() -> None:
    text = _model_text()
    recorded = resources.files("borderflow.screening") / "data" / f"{MODEL_FILE}.sha256"
    digest = recorded.read_text("utf-8").split()[0]
    assert hashlib.sha256(text.encode()).hexdigest() == digest
    tampered = text.replace("shrinkage=", "shrinkage=9", 1)
    assert tampered != text
    with pytest.raises(BorderFlowError, match="SHA-256"):
        Reranker.from_text(tampered, digest)


def test_a_model_with_other_features_is_refused() -> None:
    renamed = _model_text().replace("feature_names=name_score", "feature_names=other", 1)
    with pytest.raises(BorderFlowError, match="features"):
        Reranker.from_text(renamed)


def test_scores_are_probabilities_computed_in_one_batch() -> None:
    rows = np.zeros((3, len(FEATURES)))
    rows[:, 0] = (0.2, 0.6, 1.0)
    batch = default_reranker().scores(rows)
    one_by_one = [default_reranker().scores(rows[k : k + 1])[0] for k in range(3)]
    assert batch.shape == (3,) and np.allclose(batch, one_by_one)
    assert ((batch >= 0.0) & (batch <= 1.0)).all()


def _list() -> NameIndex:
    return NameIndex(
        [
            Entry(
                "test",
                "1",
                EntryKind.PERSON,
                (EntryName("Ovidio Guzman Lopez"), EntryName("El Raton", NameStrength.STRONG)),
            ),
            Entry("test", "2", EntryKind.PERSON, (EntryName("KARNER, Michael Josef"),)),
        ]
    )


def test_the_explanation_keeps_the_parts_and_states_the_learned_change() -> None:
    match = Screener(_list()).screen("Michael KARNEX", threshold=0.01)[0]
    learned = [a for a in match.adjustments if a.reason == "learned re-ranking"]
    assert len(learned) == 1
    assert match.score == pytest.approx(match.name_score + learned[0].delta, abs=1e-4)
    assert "'karnex' ~ 'karner': typo (0.93)" in match.explain()
    assert f"learned re-ranking ({learned[0].delta:+.2f})" in match.explain()
    plain = Screener(_list(), reranker=None).screen("Michael KARNEX", threshold=0.01)[0]
    assert plain.score == plain.name_score and not plain.adjustments


def test_an_exact_listed_name_still_alerts() -> None:
    """A one-word-plus-particle nickname, rare in the development set, matched exactly."""
    screener = Screener(_list())
    found = screener.screen("El Raton")
    assert [m.entry.entry_id for m in found] == ["1"]
    assert found[0].alert and found[0].score >= screener.threshold
