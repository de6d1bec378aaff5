"""Stage 4: which outlet published an article, with the evidence for the tag.

`registry` holds who publishes (names in every script, domains, type, state affiliation),
`evidence` finds each kind of evidence where it can sit, `attribute` weighs them.
"""

from framing.outlets.attribute import BLOG, UNKNOWN, attribute_outlet, detect_outlet, find_citations, outlet_types
from framing.outlets.registry import STATE_TYPES, OutletEntry, Registry, load_registry, registry_for, shipped_registry

__all__ = [
    "BLOG",
    "STATE_TYPES",
    "UNKNOWN",
    "OutletEntry",
    "Registry",
    "attribute_outlet",
    "detect_outlet",
    "find_citations",
    "load_registry",
    "outlet_types",
    "registry_for",
    "shipped_registry",
]
