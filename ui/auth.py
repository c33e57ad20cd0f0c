"""Who may change what everyone is told: the admin credential, signed sessions, and the audit file.

Staff ask, look up, browse, export and give feedback without logging in. Admin actions (adding,
replacing or deleting notices; generative-answer and server settings; reviewing feedback) need an
admin, known by one of:

- a password from ``POLICYQA_ADMIN_PASSWORD``, or a password file written by
  ``policyqa admin set-password`` (scrypt hash; ``POLICYQA_ADMIN_FILE``, default
  ``~/.config/policyqa/admin.json``): a login sets a signed, expiring session cookie;
- an identity header set by the office's reverse proxy (``POLICYQA_ADMIN_HEADER``, e.g.
  ``X-Remote-User``, with the allowed names in ``POLICYQA_ADMIN_USERS``);
- with no credential configured at all, a client on this machine (loopback) only.

Every admin action is appended to an audit file, one JSON object a line (who, when, what, from where).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import json
import os
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path

COOKIE = "policyqa_admin"
SESSION_SECONDS = 8 * 3600
SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1}


def default_password_file() -> Path:
    return Path(os.environ.get("POLICYQA_ADMIN_FILE") or Path.home() / ".config" / "policyqa" / "admin.json")


def write_password_file(password: str, path: Path | None = None) -> Path:
    """Store an scrypt hash of the admin password (never the password), readable by the owner only."""
    if len(password) < 8:
        raise ValueError("管理员密码至少 8 个字符")
    path = Path(path or default_password_file())
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, **SCRYPT)
    record = {"scheme": "scrypt", **SCRYPT, "salt": base64.b64encode(salt).decode(), "hash": base64.b64encode(digest).decode(),
              "secret": secrets.token_hex(32)}  # signs sessions, so several server processes accept each other's
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(record, fh)
    os.replace(tmp, path)
    return path


@dataclass(frozen=True)
class Caller:
    """Who made a request: the admin's name (or "") and the client's address."""

    admin: str
    address: str

    @property
    def is_admin(self) -> bool:
        return bool(self.admin)


class AdminAuth:
    """The server's admin credential and sessions (configured from the environment at start-up)."""

    def __init__(self, env: dict | None = None, password_file: Path | None = None):
        env = dict(os.environ if env is None else env)
        self.password = env.get("POLICYQA_ADMIN_PASSWORD", "")
        self.header = env.get("POLICYQA_ADMIN_HEADER", "").strip()
        self.header_users = {u.strip() for u in env.get("POLICYQA_ADMIN_USERS", "").split(",") if u.strip()}
        path = Path(password_file or env.get("POLICYQA_ADMIN_FILE") or default_password_file())
        self.record = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None
        secret = env.get("POLICYQA_SESSION_SECRET") or (self.record or {}).get("secret")
        if not secret and self.password:  # stable across processes that share the password
            secret = hashlib.sha256(b"policyqa-session:" + self.password.encode("utf-8")).hexdigest()
        self.secret = (secret or secrets.token_hex(32)).encode()
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    @property
    def configured(self) -> bool:
        return bool(self.password or self.record or self.header)

    @property
    def accepts_passwords(self) -> bool:
        return bool(self.password or self.record)

    def check_password(self, password: str, address: str = "") -> bool:
        """Constant-time check; at most 5 wrong attempts a minute per client address."""
        with self._lock:
            recent = [t for t in self._failures.get(address, []) if time.time() - t < 60]
            self._failures[address] = recent
            if len(recent) >= 5:
                return False
        ok = False
        if self.password:
            ok = hmac.compare_digest(password.encode("utf-8"), self.password.encode("utf-8"))
        elif self.record:
            r = self.record
            digest = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(r["salt"]), n=r["n"], r=r["r"], p=r["p"])
            ok = hmac.compare_digest(digest, base64.b64decode(r["hash"]))
        if not ok:
            with self._lock:
                self._failures.setdefault(address, []).append(time.time())
        return ok

    def issue(self, user: str = "admin") -> str:
        """A session token: user, expiry, and an HMAC over both."""
        expiry = int(time.time()) + SESSION_SECONDS
        body = f"{user}|{expiry}"
        sig = hmac.new(self.secret, body.encode(), hashlib.sha256).hexdigest()
        return base64.urlsafe_b64encode(f"{body}|{sig}".encode()).decode()

    def verify(self, token: str | None) -> str:
        """The user a valid, unexpired token was issued to, else ""."""
        if not token or len(token) > 512:
            return ""
        try:
            user, expiry, sig = base64.urlsafe_b64decode(token.encode()).decode().rsplit("|", 2)
        except (ValueError, UnicodeDecodeError):
            return ""
        good = hmac.new(self.secret, f"{user}|{expiry}".encode(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(sig, good) or not expiry.isdigit() or int(expiry) < time.time():
            return ""
        return user

    def caller(self, headers, cookies, address: str) -> Caller:
        """The admin a request comes from (or none), by proxy header, session cookie or loopback."""
        if self.header:
            user = (headers.get(self.header) or headers.get(self.header.lower()) or "").strip()
            if user and (not self.header_users or user in self.header_users):
                return Caller(user, address)
        user = self.verify(cookies.get(COOKIE))
        if user:
            return Caller(user, address)
        if not self.configured and is_loopback(address):
            return Caller("localhost", address)
        return Caller("", address)


def is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


class AuditLog:
    """Admin actions appended to a file, one JSON object a line (the file is never rewritten)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._lock = threading.Lock()

    def record(self, caller: Caller, action: str, detail: str = "") -> None:
        entry = {"time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "who": caller.admin or "(anonymous)",
                 "from": caller.address, "action": action, "detail": detail[:500]}
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(line)

    def tail(self, n: int = 50) -> list[dict]:
        if not self.path.is_file():
            return []
        lines = self.path.read_text(encoding="utf-8").splitlines()[-n:]
        out = []
        for line in lines:
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError:
                continue
        return out
