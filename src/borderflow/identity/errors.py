"""Why a credential, presentation or document was refused."""

from __future__ import annotations

from borderflow.errors import InvalidInput

__all__ = ["CredentialRejected"]


class CredentialRejected(InvalidInput):
    """A credential or presentation that fails verification; ``field`` names the part."""

    code = "credential_rejected"
