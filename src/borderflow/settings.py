"""Every setting of a node, declared once.

Each field is read from the environment with the ``BORDERFLOW_`` prefix (for example
``BORDERFLOW_DATABASE_URL``) or from a ``.env`` file in the working directory.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "default_data_dir"]

REPO_ROOT = Path(__file__).resolve().parents[2]


def default_data_dir() -> Path:
    """``../shared/data`` beside the repository root, where the public data sets live."""
    return REPO_ROOT.parent / "shared" / "data"


class Settings(BaseSettings):
    """Settings of one BorderFlow node."""

    model_config = SettingsConfigDict(env_prefix="BORDERFLOW_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default="sqlite:///borderflow.db",
        description="SQLAlchemy URL of the node's database (SQLite by default, PostgreSQL "
        "as postgresql+psycopg://user@host/db).",
    )
    country: str = Field(
        default="US", description="ISO 3166-1 alpha-2 code of the country this node serves."
    )
    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="Folder of the full public data sets (tests and benchmarks only).",
    )
    host: str = Field(default="127.0.0.1", description="Address the HTTP service binds.")
    port: int = Field(default=8000, ge=0, le=65535, description="Port the HTTP service binds.")
    clock_skew_seconds: int = Field(
        default=300,
        ge=0,
        description="How far in the future a reported time may lie before it is refused.",
    )
    import_batch_size: int = Field(
        default=20000, ge=1, description="Rows committed together by a bulk import."
    )
    log_level: str = Field(default="INFO", description="Python logging level.")
    identity_key_file: Path = Field(
        default=Path("borderflow-issuer.jwk"),
        description="Private JWK of the node's credential issuer key; created with mode 0600 "
        "at first use, never stored in the database.",
    )
    identity_issuer_id: str | None = Field(
        default=None,
        description="Issuer id written in credentials; default urn:borderflow:node:<country>.",
    )
    screening_threshold: float = Field(
        default=0.80,
        gt=0.0,
        le=1.0,
        description="Watch-list score at which a match alerts, one per deployment "
        "(docs/screening.md, Threshold: the default's trade-off on the development set).",
    )
    inspection_referral_expiry_minutes: int = Field(
        default=720,
        ge=1,
        description="How long a referral to secondary without a reported result counts as "
        "occupying a bay (then it is stale: still owed, no longer blocking random checks).",
    )
    identity_public_url: str | None = Field(
        default=None,
        description="Public address of this node, where ports fetch its credential status "
        "lists (<url>/identity/status-lists/<id>); default http://<host>:<port>.",
    )

    @field_validator("country")
    @classmethod
    def _upper_country(cls, value: str) -> str:
        return value.strip().upper()

    @field_validator("database_url")
    @classmethod
    def _normalise_postgres_url(cls, value: str) -> str:
        """``postgresql://`` URLs use the psycopg 3 driver, the one BorderFlow installs."""
        if value.startswith("postgresql://") or value.startswith("postgres://"):
            return "postgresql+psycopg://" + value.split("://", 1)[1]
        return value
