"""Federation: nodes, peers, keys, sharing agreements, outbox and inbox, delivery, retention.

Each country runs its own node. Nodes exchange events signed with their Ed25519 key
(compact JWS) under bilateral sharing agreements; see docs/federation.md for the protocol.
"""

from borderflow.federation.agreements import Agreement, Flow, load_agreement, parse_agreement
from borderflow.federation.envelope import Envelope
from borderflow.federation.events import EVENT_KINDS, EventKind
from borderflow.federation.keys import NodeKey

__all__ = [
    "EVENT_KINDS",
    "Agreement",
    "Envelope",
    "EventKind",
    "Flow",
    "NodeKey",
    "load_agreement",
    "parse_agreement",
]
