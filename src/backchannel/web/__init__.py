"""The local web UI (``backchannel serve``): FastAPI + Jinja2 over the analysis library.

Thin by design: every page calls :mod:`backchannel.analysis` or the
:class:`~backchannel.store.Store` and renders; each page has a JSON twin under
``/api/`` (or ``?format=json``). See ``docs/web.md``.
"""

from __future__ import annotations

from ._app import create_app
from ._security import CONTENT_SECURITY_POLICY, is_loopback, safe_href

__all__ = ["CONTENT_SECURITY_POLICY", "create_app", "is_loopback", "safe_href"]
