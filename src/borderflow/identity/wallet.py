"""The traveler's wallet: holder keys, single-use credential copies, presentations.

The wallet is one JSON file (mode 0600). Each copy is used for one crossing only and
then marked used, so the port never sees the same holder key, status index or digests
twice; the used copy is kept so its holder can later prove it and read the port's record.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from borderflow.errors import Conflict, InvalidInput, NotFound
from borderflow.identity.credential import DISCLOSABLE_CLAIMS
from borderflow.identity.jose import (
    generate_key,
    private_jwk,
    private_key_from_jwk,
    public_jwk,
    thumbprint,
)
from borderflow.identity.keys import write_private_file
from borderflow.identity.sdjwt import (
    Disclosure,
    KeyBinding,
    SdJwt,
    parse_sd_jwt,
    to_json_serialization,
)

__all__ = ["Wallet", "WalletCopy", "selection_for"]


@dataclass
class WalletCopy:
    """One single-use copy: its holder key, the credential once issued, and its use."""

    id: str
    holder_key: dict[str, str]
    credential: str | None = None
    used_at: str | None = None
    audience: str | None = None

    @property
    def usable(self) -> bool:
        return self.credential is not None and self.used_at is None


def selection_for(claims: Sequence[str], disclosures: Sequence[Disclosure]) -> dict[str, Any]:
    """The holder's selection for the claim names a port asks for (all programs when asked)."""
    unknown = sorted(set(claims) - set(DISCLOSABLE_CLAIMS))
    if unknown:
        raise InvalidInput(
            f"unknown claim(s) {unknown}: expected some of {', '.join(DISCLOSABLE_CLAIMS)}",
            field="claims",
        )
    selection: dict[str, Any] = dict.fromkeys(claims, True)
    if "trusted_programs" in claims:
        programs = [d for d in disclosures if d.name == "trusted_programs"]
        count = len(programs[0].value) if programs else 0
        selection["trusted_programs"] = [True] * count
    return selection


class Wallet:
    """A wallet file at ``path``; changes are written back by each operation."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.copies: list[WalletCopy] = []
        if path.exists():
            body = json.loads(path.read_text())
            self.copies = [WalletCopy(**c) for c in body.get("copies", [])]

    def save(self) -> None:
        body = {"version": 1, "copies": [asdict(c) for c in self.copies]}
        write_private_file(self.path, json.dumps(body, indent=1))

    def new_holder_keys(self, count: int, algorithm: str = "ES256") -> list[dict[str, str]]:
        """``count`` fresh holder keys; their public JWKs go to the issuer for a batch."""
        if not 1 <= count <= 1000:
            raise InvalidInput("count must be between 1 and 1000", field="count")
        publics = []
        for _ in range(count):
            key = generate_key(algorithm)
            public = public_jwk(key)
            self.copies.append(WalletCopy(thumbprint(public), private_jwk(key)))
            publics.append(public)
        self.save()
        return publics

    def add(self, credentials: Sequence[str]) -> int:
        """Store issued copies, each matched to the holder key its ``cnf`` names.

        A copy may come in the compact or the JSON serialization; it is kept compact.
        """
        by_id = {c.id: c for c in self.copies}
        for position, text in enumerate(credentials):
            sd_jwt = parse_sd_jwt(text, field=f"credentials[{position}]")
            jwk = (sd_jwt.unverified_payload().get("cnf") or {}).get("jwk")
            copy = by_id.get(thumbprint(jwk)) if isinstance(jwk, dict) else None
            if copy is None:
                raise InvalidInput(
                    "bound to a key this wallet does not hold", field=f"credentials[{position}]"
                )
            copy.credential = sd_jwt.serialize()
        self.save()
        return len(credentials)

    def present(
        self,
        claims: Sequence[str],
        *,
        audience: str,
        nonce: str,
        now: dt.datetime,
        json_serialization: bool = False,
    ) -> tuple[str, str]:
        """Use the next unused copy to disclose ``claims`` to ``audience``; (copy id, text).

        The text is compact, or with ``json_serialization`` flattened JWS JSON (RFC 9901).
        """
        copy = next((c for c in self.copies if c.usable), None)
        if copy is None or copy.credential is None:
            raise Conflict("no unused credential copy left: ask the issuer for a new batch")
        sd_jwt = SdJwt.parse(copy.credential)
        selection = selection_for(claims, sd_jwt.disclosures)
        binding = KeyBinding(private_key_from_jwk(copy.holder_key), audience, nonce, now)
        presented = sd_jwt.present(selection, binding)
        presentation = (
            to_json_serialization(presented) if json_serialization else presented.serialize()
        )
        copy.used_at, copy.audience = now.isoformat(), audience
        self.save()
        return copy.id, presentation

    def prove(self, copy_id: str, *, audience: str, nonce: str, now: dt.datetime) -> str:
        """A presentation of a used copy disclosing nothing: proof of holding it."""
        copy = next((c for c in self.copies if c.id == copy_id), None)
        if copy is None or copy.credential is None:
            raise NotFound(f"no credential copy {copy_id}", field="copy")
        binding = KeyBinding(private_key_from_jwk(copy.holder_key), audience, nonce, now)
        return SdJwt.parse(copy.credential).present({}, binding).serialize()
