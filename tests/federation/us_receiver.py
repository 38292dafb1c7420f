"""A US node receiving from Mexico, for tests that build and sign what Mexico sends by hand.

The US node's identity, Mexico's key pair pinned under the bundled US-MX agreement, and
crossings Mexico records (a US traveler entering Mexico at San Ysidro).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Engine

from borderflow.federation.admin import install_agreement, pin_peer
from borderflow.federation.envelope import Envelope
from borderflow.federation.inbound import Peer
from borderflow.federation.keys import NodeKey
from borderflow.federation.network import bundled_agreements
from borderflow.federation.repository import NodeIdentity, NodeRepository

US_KEY = NodeKey.generate()
MX_KEY = NodeKey.generate()
US = NodeIdentity(US_KEY.node_id, "us-node", "US", US_KEY.public_key)
MX = Peer(MX_KEY.node_id, "mx-node", "MX", "http://127.0.0.1:1", MX_KEY.public_key)
AGREEMENT = next(a for a in bundled_agreements() if set(a.parties) == {"US", "MX"})


def set_up_us_node(engine: Engine) -> None:
    """Make the database the US node, with the US-MX agreement and Mexico pinned."""
    with engine.begin() as connection:
        NodeRepository(connection).create(US)
        install_agreement(connection, AGREEMENT, actor="test")
        pin_peer(connection, MX, actor="test")


def payload(number: str = "G12345678", hours_ago: float = 2, **changes: Any) -> dict[str, Any]:
    """A US→MX crossing at San Ysidro, recorded by Mexico (the country entered)."""
    at = dt.datetime.now(dt.UTC) - dt.timedelta(hours=hours_ago)
    return {
        "id": str(uuid.uuid4()),
        "document": {
            "doc_type": "passport",
            "issuing_country": "US",
            "number": number,
            "surname": "Smith",
            "given_names": "John",
            "sex": "M",
            "date_of_birth": "1985-02-03",
            "nationality": "US",
        },
        "mode": "pedestrian",
        "port": "San Ysidro",
        "from_country": "US",
        "to_country": "MX",
        "crossed_at": at.isoformat(),
        **changes,
    }


def envelope(seq: int, body: dict[str, Any] | None = None, **changes: Any) -> dict[str, Any]:
    """The seq-th event from Mexico to the US carrying ``body`` (a crossing by default),
    with envelope keys changed by ``changes``."""
    value = Envelope(
        event_id=str(uuid.uuid4()),
        origin=MX.node_id,
        destination=US.node_id,
        seq=seq,
        kind="CrossingRecorded",
        version=1,
        issued_at=dt.datetime.now(dt.UTC),
        agreement_id=AGREEMENT.id,
        agreement_version=AGREEMENT.version,
        agreement_hash=AGREEMENT.hash,
        payload=body or payload(),
    ).to_dict()
    value.update(changes)
    return value
