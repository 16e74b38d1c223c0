"""Who may change the store: read-only mode and an optional password, from the environment or
Streamlit's ``.streamlit/secrets.toml``.

``DEALSCOPE_READ_ONLY=1`` (or ``read_only = true`` in secrets.toml): the dashboard shows no
upload, review or delete control at all. ``DEALSCOPE_PASSWORD=...`` (or ``password = "..."``):
upload, review and delete ask for it first. The environment wins over secrets.toml.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

ENV_READ_ONLY = "DEALSCOPE_READ_ONLY"
ENV_PASSWORD = "DEALSCOPE_PASSWORD"
_TRUE = frozenset(("1", "true", "yes", "on"))
_FALSE = frozenset(("0", "false", "no", "off", ""))


@dataclass(frozen=True)
class Settings:
    """What this server lets its users change."""

    read_only: bool = False
    password: str | None = None

    @property
    def can_write(self) -> bool:
        """False in read-only mode: no write control is drawn."""
        return not self.read_only

    @property
    def needs_password(self) -> bool:
        """True when writes ask for a password first."""
        return self.can_write and bool(self.password)

    def password_ok(self, given: str | None) -> bool:
        """True when ``given`` is the password (or none is set); a constant-time compare."""
        if not self.password:
            return True
        return hmac.compare_digest(str(given or "").encode(), self.password.encode())


def _flag(value: Any, name: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"{name} must be true or false, not {value!r}")


def load_settings(
    environ: Mapping[str, str] | None = None, secrets: Mapping[str, Any] | None = None
) -> Settings:
    """Settings from ``environ`` (default ``os.environ``), then ``secrets`` (secrets.toml keys
    ``read_only`` and ``password``, top level or under ``[dealscope]``). An unreadable
    read-only value means read-only: a typo never opens the store to writes."""
    env = os.environ if environ is None else environ
    found: dict[str, Any] = {}
    if secrets:
        section = secrets.get("dealscope")
        for source in (secrets, section if isinstance(section, Mapping) else {}):
            for key in ("read_only", "password"):
                if key in source:
                    found[key] = source[key]
    if ENV_READ_ONLY in env:
        found["read_only"] = env[ENV_READ_ONLY]
    if ENV_PASSWORD in env:
        found["password"] = env[ENV_PASSWORD]
    try:
        read_only = _flag(found.get("read_only", False), "read_only")
    except ValueError:
        read_only = True
    password = found.get("password")
    return Settings(read_only=read_only, password=str(password) if password else None)
