"""Where the server keeps its files and the limits it runs under."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError

TOKEN_FILE = "serve-token"
DB_FILE = "serve.sqlite"
PROFILES_DIR = "profiles"
LOOPBACK = "127.0.0.1"


def home_dir() -> Path:
    """$CONTRACTLENS_HOME, else ~/.local/share/contractlens (where `track` keeps its database too)."""
    return Path(os.environ.get("CONTRACTLENS_HOME") or Path.home() / ".local" / "share" / "contractlens")


@dataclass
class ServeConfig:
    """How one server runs: its port, its home directory, and the limits every client is held to."""

    port: int = 8765
    home: Path = field(default_factory=home_dir)
    allow_private: bool = False  # fetch private and loopback addresses (tests, a local site)
    rate_limit: float = 20.0  # requests per second per client, sustained
    rate_burst: int = 120  # requests a client may make at once before the rate applies
    max_upload: int = 5 * 1024 * 1024  # bytes of a request body (uploaded document or profile)
    extension_origins: tuple[str, ...] = ()  # exact origins granted CORS; () = any browser extension
    render: str = "auto"  # when a page is rendered in headless Chromium, as `check --render`

    @property
    def token_path(self) -> Path:
        return self.home / TOKEN_FILE

    @property
    def db_path(self) -> Path:
        return self.home / DB_FILE

    @property
    def profiles_dir(self) -> Path:
        return self.home / PROFILES_DIR

    @property
    def hosts(self) -> frozenset[str]:
        """The Host headers this server answers: its loopback names with its port (DNS rebinding)."""
        return frozenset({f"{LOOPBACK}:{self.port}", f"localhost:{self.port}"})

    def address(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"


def load_or_create_token(path: Path) -> str:
    """The per-install secret: created on first start (mode 0600), the same ever after."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # the store holds what the person checked
        if path.exists():
            if path.stat().st_mode & 0o077:
                path.chmod(0o600)  # never leave the secret readable by others
            token = path.read_text(encoding="ascii").strip()
            if len(token) >= 32:
                return token
        token = secrets.token_urlsafe(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(token + "\n")
        path.chmod(0o600)
        return token
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot use the token file {path}: {getattr(exc, 'strerror', None) or exc}") from None
