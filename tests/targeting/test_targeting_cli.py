"""``borderflow targeting`` end to end on real declarations and a real database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from borderflow.cli.context import node_engine, node_settings
from borderflow.cli.targeting import app

pytestmark = pytest.mark.storage


@pytest.fixture
def runner(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("BORDERFLOW_DATABASE_URL", database_url)
    monkeypatch.setenv("BORDERFLOW_COUNTRY", "CA")
    node_settings.cache_clear()
    node_engine.cache_clear()
    yield CliRunner()
    node_engine().dispose()
    node_settings.cache_clear()
    node_engine.cache_clear()


@pytest.fixture
def files(data_dir: Path, tmp_path: Path) -> dict[str, Path]:
    """Slices of the real valid split: January to train on, February to judge and score."""
    lines = (data_dir / "customs" / "df_syn_valid_eng.csv").read_text().splitlines()
    header, rows = lines[0], lines[1:]
    january = [r for r in rows if r.split(",")[1].startswith("2021-01")]
    february = [r for r in rows if r.split(",")[1].startswith("2021-02")][:800]
    found = {}
    for name, part in (("january", january), ("february", february)):
        path = tmp_path / f"{name}.csv"
        path.write_text("\n".join([header, *part]) + "\n", encoding="utf-8")
        found[name] = path
    return found


def _json(result) -> object:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_train_sign_evaluate_score_select(
    runner: CliRunner, files: dict[str, Path], tmp_path: Path
) -> None:
    key, model = tmp_path / "node.pem", tmp_path / "model-v1"
    public = tmp_path / "node.pub.pem"
    made = runner.invoke(app, ["keygen", str(key)])
    assert made.exit_code == 0 and "BEGIN PUBLIC KEY" in made.stdout
    public.write_text(made.stdout)
    card = _json(
        runner.invoke(
            app,
            [
                "train",
                str(files["january"]),
                "--key",
                str(key),
                "--out",
                str(model),
                "--version",
                "v1",
                "--valid",
                str(files["february"]),
                "--n-estimators",
                "20",
                "--json",
            ],
        )
    )
    assert card["version"] == "v1" and card["country"] == "CA"
    assert card["data"]["period"] == {"from": "2021-01-01", "to": "2021-01-31"}
    assert card["metrics"]["validation"]["rows"] == 800
    trusted = ["--model", str(model), "--public-key", str(public)]
    figures = _json(runner.invoke(app, ["evaluate", str(files["february"]), *trusted, "--json"]))
    assert figures == card["metrics"]["validation"]
    scores = _json(
        runner.invoke(app, ["score", str(files["february"]), *trusted, "--top", "5", "--json"])
    )
    assert len(scores) == 5
    assert [s["score"] for s in scores] == sorted((s["score"] for s in scores), reverse=True)
    assert all(s["reasons"] for s in scores)
    picks = _json(
        runner.invoke(
            app,
            [
                "select",
                str(files["february"]),
                *trusted,
                "--count",
                "40",
                "--random-share",
                "0.25",
                "--json",
            ],
        )
    )
    assert len(picks) == 40
    assert sum(p["reason"] == "random" for p in picks) == 10
    human = runner.invoke(app, ["select", str(files["february"]), *trusted, "--rate", "0.01"])
    assert human.exit_code == 0 and "8 to inspect" in human.stdout


def test_registry_champion_and_outcomes(
    runner: CliRunner, files: dict[str, Path], tmp_path: Path
) -> None:
    key, model = tmp_path / "node.pem", tmp_path / "model-v1"
    public = tmp_path / "node.pub.pem"
    public.write_text(runner.invoke(app, ["keygen", str(key)]).stdout)
    runner.invoke(
        app,
        [
            "train",
            str(files["january"]),
            "--key",
            str(key),
            "--out",
            str(model),
            "--version",
            "v1",
            "--n-estimators",
            "10",
        ],
    )
    registered = runner.invoke(
        app, ["register", str(model), "--public-key", str(public), "--promote"]
    )
    assert registered.exit_code == 0, registered.output
    listed = _json(runner.invoke(app, ["models", "--json"]))
    assert [(m["version"], m["status"]) for m in listed] == [("v1", "champion")]
    stored = _json(runner.invoke(app, ["import", str(files["february"]), "--json"]))
    assert stored == {"stored": 800, "rejected": []}
    from_champion = _json(runner.invoke(app, ["score", str(files["february"]), "--json"]))
    assert len(from_champion) == 20
    first_id = files["february"].read_text().splitlines()[1].split(",")[0]
    recorded = runner.invoke(app, ["outcome", first_id, "--fraud"])
    assert recorded.exit_code == 0, recorded.output
    again = runner.invoke(app, ["outcome", first_id, "--no-fraud"])
    assert again.exit_code != 0


def test_model_without_its_key_is_refused(
    runner: CliRunner, files: dict[str, Path], tmp_path: Path
) -> None:
    result = runner.invoke(app, ["score", str(files["february"]), "--model", str(tmp_path)])
    assert result.exit_code != 0
    assert result.exception is not None and "public_key" in str(result.exception)
