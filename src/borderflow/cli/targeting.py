"""``borderflow targeting``: declarations, signed risk models, rules, scoring and selection."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from borderflow.cli.context import node_engine, node_settings
from borderflow.cli.output import console, print_json, print_table
from borderflow.errors import InvalidInput
from borderflow.targeting import (
    Capacity,
    Declaration,
    Outcome,
    RuleSet,
    approve,
    builtin_mapping,
    dump_rule_set,
    generate_signing_key,
    load_declarations,
    load_mapping,
    load_private_key,
    load_rule_set,
    public_key_pem,
    select,
)
from borderflow.targeting.mapping import BUILTIN_MAPPINGS, ColumnMapping
from borderflow.targeting.repository import TargetingRepository

if TYPE_CHECKING:
    from borderflow.targeting.scoring import Scorer

# Training, scoring and model files load LightGBM and scikit-learn (over a second):
# the commands that need them import them themselves, so that `borderflow` starts fast.

__all__ = ["app"]

app = typer.Typer(
    help="Cargo targeting: risk models, rules, selection for inspection, outcomes.",
    no_args_is_help=True,
)

JsonFlag = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]
MappingOption = Annotated[
    str | None,
    typer.Option(help=f"Column-mapping YAML file or built-in name ({', '.join(BUILTIN_MAPPINGS)})"),
]
ModelOption = Annotated[
    Path | None, typer.Option("--model", help="Artifact directory (default: the champion)")
]
KeyOption = Annotated[Path | None, typer.Option("--public-key", help="Signer's public key PEM")]
RulesOption = Annotated[Path | None, typer.Option("--rules", help="Rule set YAML")]
Files = Annotated[list[Path], typer.Argument(help="Declaration CSV files")]


def _actor() -> str:
    return f"cli:{getpass.getuser()}"


def _mapping(value: str | None) -> ColumnMapping | None:
    if value is None:
        return None
    return builtin_mapping(value) if value in BUILTIN_MAPPINGS else load_mapping(Path(value))


def _read(files: list[Path], mapping: str | None) -> list[Declaration]:
    """Declarations of every file; refused rows are listed on stderr, never dropped silently."""
    found: list[Declaration] = []
    for path in files:
        report = load_declarations(path, _mapping(mapping))
        for rejection in report.rejected[:20]:
            console.print(f"[yellow]{path.name}[/] {rejection}", highlight=False, markup=True)
        if report.rejected:
            console.print(f"{path.name}: {len(report.rejected)} rows refused", highlight=False)
        found.extend(report.declarations)
    return found


def _scorer(model: Path | None, public_key: Path | None, rules: Path | None) -> Scorer:
    from borderflow.targeting.artifact import load_artifact  # noqa: PLC0415
    from borderflow.targeting.scoring import Scorer  # noqa: PLC0415
    from borderflow.targeting.service import champion_scorer  # noqa: PLC0415

    rule_set = load_rule_set(rules) if rules else None
    if model is None:
        with node_engine().connect() as connection:
            return champion_scorer(connection, rule_set)
    if public_key is None:
        raise InvalidInput("--model needs the signer's --public-key", field="public_key")
    return Scorer(load_artifact(model, public_key.read_bytes()).model, rule_set)


@app.command()
def keygen(path: Annotated[Path, typer.Argument(help="Where to write the private key")]) -> None:
    """Create the node's Ed25519 signing key; print its public key (share that one)."""
    key = generate_signing_key(path)
    typer.echo(public_key_pem(key).decode(), nl=False)


@app.command(name="import")
def import_(path: Path, mapping: MappingOption = None, as_json: JsonFlag = False) -> None:
    """Store a declaration file; refused rows are reported with their line and field."""
    from borderflow.targeting.service import import_file  # noqa: PLC0415

    with node_engine().begin() as connection:
        report = import_file(connection, path, _mapping(mapping))
    rejected = [e.to_dict() for e in report.rejected]
    if as_json:
        print_json({"stored": len(report.declarations), "rejected": rejected})
        return
    console.print(f"stored {len(report.declarations)} declarations ({report.mapping})")
    if rejected:
        print_table(rejected, ["line", "field", "message"], title="refused rows")


@app.command()
def train(
    files: Files,
    key: Annotated[Path, typer.Option(help="The node's private signing key (PEM)")],
    out: Annotated[Path, typer.Option(help="New artifact directory")],
    version: Annotated[str, typer.Option(help="Model version, e.g. 2026-11-30.1")],
    valid: Annotated[Path | None, typer.Option(help="Validation CSV for the model card")] = None,
    mapping: MappingOption = None,
    n_estimators: int = 40,
    num_leaves: int = 31,
    learning_rate: float = 0.15,
    random_state: int = 0,
    register: Annotated[bool, typer.Option(help="Register it in the node's registry")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Train a model on labelled declarations, write it signed with its model card."""
    from borderflow.targeting.service import publish_model, register_artifact  # noqa: PLC0415
    from borderflow.targeting.training import train_risk_model  # noqa: PLC0415

    signing_key = load_private_key(key)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        progress.add_task("reading declarations", total=None)
        training = _read(files, mapping)
        validation = _read([valid], mapping) if valid else []
        progress.add_task("training (features, calibration, booster)", total=None)
        model = train_risk_model(
            training,
            n_estimators=n_estimators,
            num_leaves=num_leaves,
            learning_rate=learning_rate,
            random_state=random_state,
        )
        progress.add_task("evaluating and signing", total=None)
        card = publish_model(
            model,
            directory=out,
            key=signing_key,
            version=version,
            country=node_settings().country,
            training=training,
            source=", ".join(p.name for p in files),
            validation=validation,
        )
    if register:
        with node_engine().begin() as connection:
            register_artifact(connection, out, public_key_pem(signing_key), version=version)
    if as_json:
        print_json(card)
        return
    console.print(f"model {version} written to {out}")
    for split, figures in card["metrics"].items():
        _show_figures(split, figures)


def _show_figures(label: str, figures: dict[str, Any]) -> None:
    rows = [
        {
            "share": share,
            "precision": figures["precision"][share],
            "recall": figures["recall"][share],
        }
        for share in figures["precision"]
    ]
    print_table(rows, ["share", "precision", "recall"], title=f"{label}: top share inspected")
    console.print(
        f"AUC {figures['auc']:.4f}; critical-fraud recall@10% "
        f"{figures['critical_recall_at_10']:.3f}; {figures['rows']} rows"
    )


@app.command()
def evaluate(
    files: Files,
    model: ModelOption = None,
    public_key: KeyOption = None,
    mapping: MappingOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Precision and recall at 1/2/5/10 %, AUC and critical recall on labelled files."""
    from borderflow.targeting.training import evaluate_model  # noqa: PLC0415

    scorer = _scorer(model, public_key, None)
    figures = evaluate_model(scorer.model, _read(files, mapping)).as_dict()
    if as_json:
        print_json(figures)
    else:
        _show_figures("evaluation", figures)


@app.command()
def score(
    files: Files,
    model: ModelOption = None,
    public_key: KeyOption = None,
    rules: RulesOption = None,
    mapping: MappingOption = None,
    top: Annotated[int, typer.Option(help="Show the N highest scores")] = 20,
    as_json: JsonFlag = False,
) -> None:
    """Risk score of each declaration with its reasons (rules, then model features)."""
    scores = _scorer(model, public_key, rules).score_many(_read(files, mapping))
    ranked = sorted(scores, key=lambda s: -s.score)[:top]
    if as_json:
        print_json(ranked)
        return
    rows = [
        {
            "declaration": s.declaration_id,
            "score": round(s.score, 4),
            "reasons": "; ".join(r.detail for r in s.reasons),
        }
        for s in ranked
    ]
    print_table(rows, ["declaration", "score", "reasons"], title="highest risk")


@app.command(name="select")
def select_(
    files: Files,
    model: ModelOption = None,
    public_key: KeyOption = None,
    rules: RulesOption = None,
    mapping: MappingOption = None,
    rate: Annotated[float | None, typer.Option(help="Share of declarations to inspect")] = None,
    count: Annotated[int | None, typer.Option(help="Number of inspections")] = None,
    random_share: Annotated[float, typer.Option(help="Share of capacity drawn at random")] = 0.1,
    seed: Annotated[int, typer.Option(help="Seed of the random draw (replayable)")] = 0,
    as_json: JsonFlag = False,
) -> None:
    """Pick what to inspect: rule referrals, top model risk, and a random share."""
    capacity = (
        Capacity(rate=rate, count=count)
        if rate is not None or count is not None
        else Capacity(rate=0.1)
    )
    scores = _scorer(model, public_key, rules).score_many(_read(files, mapping), explain=False)
    picks = select(scores, capacity, random_share=random_share, seed=seed)
    if as_json:
        print_json(picks)
        return
    rows = [
        {"declaration": p.declaration_id, "reason": p.reason, "score": round(p.score, 4)}
        for p in picks
    ]
    print_table(rows, ["declaration", "reason", "score"], title=f"{len(picks)} to inspect")


@app.command()
def outcome(
    declaration_id: str,
    fraud: Annotated[bool, typer.Option("--fraud/--no-fraud", help="What the inspection found")],
    critical: Annotated[bool, typer.Option(help="A critical case (safety, IPR, origin)")] = False,
    note: str = "",
) -> None:
    """Record an inspection outcome (audited); it becomes a training label."""
    with node_engine().begin() as connection:
        TargetingRepository(connection).record_outcome(
            Outcome(declaration_id, fraud, critical, note=note), actor=_actor()
        )
    console.print(f"outcome recorded for {declaration_id}")


@app.command()
def retrain(
    key: Annotated[Path, typer.Option(help="The node's private signing key (PEM)")],
    out: Annotated[Path, typer.Option(help="Directory for the challenger's artifact")],
    version: Annotated[str, typer.Option(help="Version of the challenger")],
    holdout_days: int = 7,
    as_json: JsonFlag = False,
) -> None:
    """Train a challenger on inspected declarations; promote it if it beats the champion."""
    from borderflow.targeting.service import retrain_from_outcomes  # noqa: PLC0415

    with node_engine().begin() as connection:
        decision = retrain_from_outcomes(
            connection,
            key=load_private_key(key),
            directory=out,
            version=version,
            country=node_settings().country,
            actor=_actor(),
            holdout_days=holdout_days,
        )
    if as_json:
        print_json(decision)
        return
    verdict = "promoted" if decision.promote else "kept the champion"
    console.print(
        f"{verdict}: challenger AUC {decision.challenger_auc:.4f}, champion "
        f"{decision.champion_auc} on {decision.holdout} outcomes"
    )


@app.command()
def register(
    directory: Path,
    public_key: Annotated[Path, typer.Option("--public-key", help="Signer's public key PEM")],
    promote: Annotated[bool, typer.Option(help="Make it the champion")] = False,
) -> None:
    """Verify a (possibly partner-signed) artifact and add it to the registry."""
    from borderflow.targeting.service import register_artifact  # noqa: PLC0415

    with node_engine().begin() as connection:
        entry = register_artifact(connection, directory, public_key.read_bytes())
        if promote:
            TargetingRepository(connection).promote(
                entry.version, actor=_actor(), reason={"by": "registration"}
            )
    console.print(f"registered {entry.version} (signer {entry.signer[:16]})")


@app.command()
def models(as_json: JsonFlag = False) -> None:
    """The model registry: versions, status, signer."""
    with node_engine().connect() as connection:
        entries = TargetingRepository(connection).models()
    if as_json:
        print_json(entries)
        return
    rows = [
        {
            "version": e.version,
            "status": e.status,
            "signer": e.signer[:16],
            "registered": e.registered_at,
        }
        for e in entries
    ]
    print_table(rows, ["version", "status", "signer", "registered"], title="models")


@app.command(name="approve-rules")
def approve_rules(path: Path, country: str, out: Path) -> None:
    """Add ``country``'s approval to a rule set file; write the result to ``out``."""
    approved: RuleSet = approve(load_rule_set(path), country.upper())
    out.write_text(dump_rule_set(approved), encoding="utf-8")
    console.print(f"{approved.name} v{approved.version}: {approved.state.value}")
