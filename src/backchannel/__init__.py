"""backchannel: a sourced, dated ledger of who signaled what to whom.

The public API is re-exported here; modules prefixed with ``_`` are private.
"""

from .errors import BackchannelError, ConfigError, EvalError, InputError, StoreError
from .model import (
    Actor,
    AttributionLink,
    Certainty,
    DateInfo,
    Divergence,
    Document,
    Event,
    Evidence,
    Ledger,
    Mention,
    Quote,
    SourceInfo,
    Span,
)
from .pipeline import Failure, analyze_paths, analyze_text

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "AttributionLink",
    "BackchannelError",
    "Certainty",
    "ConfigError",
    "DateInfo",
    "Divergence",
    "Document",
    "EvalError",
    "Event",
    "Evidence",
    "Failure",
    "InputError",
    "Ledger",
    "Mention",
    "Quote",
    "SourceInfo",
    "Span",
    "StoreError",
    "__version__",
    "analyze_paths",
    "analyze_text",
]
