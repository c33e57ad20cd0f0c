"""The web server: the Gradio workspace and a plain JSON API in one process, with every request bounded.

``policyqa serve`` runs :func:`serve`; tests call :func:`start` (a server on a free loopback port).

One ASGI guard sits in front of everything (:class:`Guard`):

- **size**: a request body over its limit is refused with 413 before it is read or parsed
  (uploads: the notice file limit; everything else: a few hundred KB);
- **rate**: questions and uploads per client address, by token buckets (429 when exceeded);
- **roles**: every admin function — by Gradio's event name (``/gradio_api/run/<name>``,
  ``/call/<name>``) or index (``/gradio_api/queue/join`` with ``fn_index``) and every ``/api/admin``
  route — answers 401 to a caller who is not an admin (see :mod:`ui.auth`). Hiding a button is
  never the protection; the admin functions check again themselves.

The JSON API (OpenAPI at ``/api/docs``): ``POST /api/ask`` (the ``ask --json`` object, with an
optional ``history``), ``GET /api/units``, ``GET /api/units/{name}``, ``POST /api/cite`` (check a
draft), ``POST /api/admin/login`` / ``logout``, ``GET /api/admin/audit``, ``GET /api/admin/feedback``.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import Body, FastAPI, HTTPException, Request, Response  # Gradio's own web stack
from fastapi.responses import JSONResponse

from rag.errors import PolicyQAError
from rag.formats import MAX_FILE_BYTES
from rag.llm_config import LLMConfig, LLMConfigError

from .auth import COOKIE, SESSION_SECONDS, AdminAuth, AuditLog, Caller, is_loopback
from .feedback import FeedbackStore

# a question alone, and a follow-up with the conversation before it as chat messages
_ASK_EXAMPLES = [{"question": "老旧小区改造谁牵头？", "history": []},
                 {"question": "那责任单位呢？", "history": [{"role": "user", "content": "第26项谁牵头？"},
                                                     {"role": "assistant", "content": "第26项由区住房和城乡建设局牵头。"}]}]
MAX_JSON_BODY = 512 * 1024  # a question, a history, a draft of 50,000 characters, the saved conversations
MAX_UPLOAD_BODY = MAX_FILE_BYTES + 256 * 1024  # one notice file and its multipart framing
API_PREFIX = "/gradio_api"


@dataclass
class Limits:
    """Per-client rates (token buckets: ``rate`` per second, up to ``burst`` at once)."""

    ask_rate: float = 20.0
    ask_burst: int = 60
    upload_rate: float = 1 / 30  # one upload every 30 s on average …
    upload_burst: int = 10  # … up to 10 at once
    login_rate: float = 1 / 12
    login_burst: int = 5


class Buckets:
    """Token buckets per (client, kind); old entries are forgotten."""

    def __init__(self):
        self._state: dict[tuple[str, str], tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, client: str, kind: str, rate: float, burst: int) -> bool:
        now = time.monotonic()
        with self._lock:
            if len(self._state) > 20_000:
                self._state = {k: v for k, v in self._state.items() if now - v[1] < 600}
            tokens, last = self._state.get((client, kind), (float(burst), now))
            tokens = min(float(burst), tokens + (now - last) * rate)
            if tokens < 1.0:
                self._state[(client, kind)] = (tokens, now)
                return False
            self._state[(client, kind)] = (tokens - 1.0, now)
            return True


class LLMSettings:
    """The server's generative-answer settings: set by an admin, used by everyone, never shown to staff.

    ``allowed_hosts`` (``POLICYQA_LLM_ALLOWED_HOSTS``, comma-separated), when set, is the only hosts
    an admin may point the server at.
    """

    def __init__(self, config: LLMConfig | None, allowed_hosts: tuple[str, ...] = ()):
        self._config, self.allowed_hosts = config, allowed_hosts
        self._lock = threading.Lock()

    @property
    def config(self) -> LLMConfig | None:
        with self._lock:
            return self._config

    def from_form(self, base_url, model, api_key, timeout) -> LLMConfig | None:
        """The admin form's fields as a config (None: no base URL, extractive answers).

        An empty key keeps the current key, but only for the current base URL: a key never
        goes to another host.

        Raises:
            LLMConfigError: one line, in Chinese, naming the field at fault.
        """
        from urllib.parse import urlparse

        from rag.llm_config import MAX_TIMEOUT

        url = str(base_url or "").strip()
        if not url:
            return None
        u = urlparse(url)
        if u.scheme not in ("http", "https") or not u.netloc or any(ch.isspace() for ch in url):
            raise LLMConfigError(f"服务地址须为 http:// 或 https:// 开头的网址（如 http://127.0.0.1:8080/v1），当前为“{url[:80]}”")
        name = str(model or "").strip()
        if not name:
            raise LLMConfigError("模型名称不能为空（只部署一个模型的服务可填 default）")
        raw = str(timeout if timeout is not None else "").strip() or "30"
        try:
            secs = float(raw)
        except ValueError:
            raise LLMConfigError(f"超时须为秒数（如 30），当前为“{raw[:20]}”") from None
        if not 0 < secs <= MAX_TIMEOUT or secs != secs:
            raise LLMConfigError(f"超时须大于 0 且不超过 {MAX_TIMEOUT:g} 秒，当前为 {raw[:20]}")
        import importlib.util

        if importlib.util.find_spec("langchain_openai") is None:
            raise LLMConfigError("生成式回答需要安装 langchain-openai（pip install 'policyqa[llm]'）")
        current = self.config
        key = str(api_key or "").strip() or (current.api_key if current and current.base_url == url else "")
        return LLMConfig(base_url=url, model=name, api_key=key, timeout=secs)

    def set(self, config: LLMConfig | None) -> None:
        if config is not None and self.allowed_hosts:
            from urllib.parse import urlparse

            host = urlparse(config.base_url).hostname or ""
            if host not in self.allowed_hosts:
                raise LLMConfigError(f"服务地址的主机“{host}”不在允许列表中（{', '.join(self.allowed_hosts)}）")
        with self._lock:
            self._config = config


@dataclass
class ServerContext:
    """What the workspace needs besides the assistant: who is an admin, where feedback and audit go."""

    auth: AdminAuth
    audit: AuditLog
    feedback: FeedbackStore
    llm: LLMSettings
    limits: Limits = field(default_factory=Limits)
    buckets: Buckets = field(default_factory=Buckets)
    admin_functions: set[Callable] = field(default_factory=set)  # the Gradio event functions only admins may run
    browser_secret: str = ""  # keys the conversations saved in browsers (stable, so they survive a restart)
    trusted_proxies: frozenset[str] = frozenset()  # peers whose X-Forwarded-For names the real client

    @classmethod
    def from_env(cls, data_dir: str | Path, env: dict | None = None) -> ServerContext:
        env = dict(os.environ if env is None else env)
        data = Path(data_dir)
        try:
            config = LLMConfig.from_env(env)
        except LLMConfigError:
            config = None
        hosts = tuple(h.strip() for h in env.get("POLICYQA_LLM_ALLOWED_HOSTS", "").split(",") if h.strip())
        proxies = frozenset(h.strip() for h in env.get("POLICYQA_TRUSTED_PROXIES", "").split(",") if h.strip())
        return cls(AdminAuth(env), AuditLog(data / "audit.log"), FeedbackStore(data / "feedback.sqlite3"),
                   LLMSettings(config, hosts), browser_secret=_stable_secret(data / "browser.secret"),
                   trusted_proxies=proxies)

    def client_key(self, peer: str, headers) -> str:
        """Whom to count a request against: the peer, or the client a trusted proxy forwards for."""
        if peer in self.trusted_proxies:
            forwarded = (headers.get("x-forwarded-for") or "").split(",")[0].strip()
            return forwarded or peer
        return peer

    def caller(self, request) -> Caller:
        """The caller of a Starlette/FastAPI request or a ``gr.Request``."""
        headers = getattr(request, "headers", {}) or {}
        cookies = getattr(request, "cookies", {}) or {}
        client = getattr(request, "client", None)
        address = getattr(client, "host", "") or ""
        if headers.get("x-forwarded-for") or headers.get("forwarded"):
            # Forwarded by a proxy: the client is whoever a trusted proxy says; from anyone else the header is
            # not believed, and the request never counts as coming from this machine (a local proxy would
            # otherwise make every network client "loopback").
            forwarded = (headers.get("x-forwarded-for") or "").split(",")[0].strip()
            address = forwarded if address in self.trusted_proxies and forwarded else f"{address} (forwarded)"
            if is_loopback(address):
                address = f"{address} (forwarded)"
        return self.auth.caller(headers, cookies, address)


def _stable_secret(path: Path) -> str:
    """A random secret kept in ``path`` (created on first use, owner-only)."""
    try:
        secret = path.read_text(encoding="ascii").strip()
        if len(secret) >= 16:
            return secret
    except (OSError, UnicodeDecodeError):
        pass
    import secrets

    secret = secrets.token_hex(16)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(secret)
    return secret


class Guard:
    """ASGI middleware: body size, rates, and admin-only functions, before anything is parsed."""

    def __init__(self, app, ctx: ServerContext, admin_names: Callable[[], set[str]], admin_ids: Callable[[], set[int]]):
        self.app, self.ctx = app, ctx
        self.admin_names, self.admin_ids = admin_names, admin_ids

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path: str = scope.get("path", "")
        method: str = scope.get("method", "GET")
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        client = (scope.get("client") or ("", 0))[0]
        upload = path.startswith(f"{API_PREFIX}/upload")
        limit = MAX_UPLOAD_BODY if upload else MAX_JSON_BODY
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            return await _reply(send, 413, f"请求体 {int(declared)} 字节，超过上限 {limit} 字节")
        body = b""
        if method in ("POST", "PUT", "PATCH"):
            chunks, size = [], 0
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > limit:
                    return await _reply(send, 413, f"请求体超过上限 {limit} 字节")
                chunks.append(chunk)
                if not message.get("more_body"):
                    break
            body = b"".join(chunks)
        key = self.ctx.client_key(client, headers)
        lim = self.ctx.limits
        if upload and method == "POST" and not self.ctx.buckets.allow(key, "upload", lim.upload_rate, lim.upload_burst):
            return await _reply(send, 429, "上传过于频繁，请稍后再试")
        if (path.startswith("/api/ask") or path.startswith("/api/cite") or path == f"{API_PREFIX}/queue/join") \
                and not self.ctx.buckets.allow(key, "ask", lim.ask_rate, lim.ask_burst):
            return await _reply(send, 429, "请求过于频繁，请稍后再试")
        if self._admin_only(path, body):
            request = _HeadersOnly(headers, client)
            if not self.ctx.caller(request).is_admin:
                return await _reply(send, 401, "需要管理员登录")
        sent = False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return await self.app(scope, replay, send)

    def _admin_only(self, path: str, body: bytes) -> bool:
        if path.startswith("/api/admin/") and not path.startswith(("/api/admin/login", "/api/admin/logout")):
            return True
        for prefix in ("/run/", "/api/", "/call/v2/", "/call/"):
            full = f"{API_PREFIX}{prefix}"
            if path.startswith(full):
                name = path[len(full):].strip("/").split("/")[0]
                return name in self.admin_names()
        if path == f"{API_PREFIX}/queue/join" and body:
            try:
                payload = json.loads(body)
            except (ValueError, UnicodeDecodeError):
                return True  # unreadable: refuse rather than guess
            fn = payload.get("fn_index") if isinstance(payload, dict) else None
            return isinstance(fn, int) and fn in self.admin_ids()
        return False


class _HeadersOnly:
    def __init__(self, headers: dict, client: str):
        from http.cookies import SimpleCookie

        self.headers = headers
        jar = SimpleCookie()
        try:
            jar.load(headers.get("cookie", ""))
        except Exception:  # noqa: BLE001 - a malformed cookie header is no session
            pass
        self.cookies = {k: m.value for k, m in jar.items()}
        self.client = type("Client", (), {"host": client})()


async def _reply(send, status: int, message: str) -> None:
    body = json.dumps({"error": message}, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json; charset=utf-8"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


# ---- the application --------------------------------------------------------------------------

def create_server(assistant, ctx: ServerContext):
    """The FastAPI app: JSON API, admin session routes, and the Gradio workspace at ``/``."""
    import gradio as gr

    from .app import ASK_WORKERS, THEME, build_app
    from .style import CSS

    api = FastAPI(title="policyqa", version="1", docs_url="/api/docs", openapi_url="/api/openapi.json",
                  description="Cited answers over key-tasks notices. The same answers as `policyqa ask --json`.")
    a = assistant

    @api.post("/api/ask", summary="Answer a question (the ask --json object)")
    def api_ask(payload: dict = Body(..., examples=_ASK_EXAMPLES)):  # noqa: B008
        question, history = payload.get("question"), payload.get("history") or []
        if not isinstance(history, list) or not all(isinstance(h, str | dict) for h in history) or len(history) > 50:
            return JSONResponse({"question": str(question)[:200],
                                 "error": "history 须为早先问题（字符串）或消息（{\"role\": \"user\"/\"assistant\", "
                                          "\"content\": …}）的列表，最多50条"}, 400)
        try:
            return a.ask(question, history=history).to_dict()
        except PolicyQAError as exc:
            shown = question[:200] if isinstance(question, str) else ""
            return JSONResponse({"question": shown, "error": str(exc)}, 400)

    @api.get("/api/units", summary="Every unit with the tasks it leads, supports and shares")
    def api_units():
        return [{"unit": s.name, "lead": [t.key for t in s.lead], "responsible": [t.key for t in s.responsible],
                 "shared": [t.key for t in s.shared]} for s in a.units()]

    @api.get("/api/units/{name}", summary="One unit by full or short name")
    def api_unit(name: str):
        try:
            s = a.unit(name[:100])
        except KeyError:
            raise HTTPException(404, f"未找到单位“{name[:100]}”") from None
        return {"unit": s.name, "lead": [t.to_dict() for t in s.lead], "responsible": [t.to_dict() for t in s.responsible],
                "shared": [t.to_dict() for t in s.shared]}

    @api.post("/api/cite", summary="Cite and check a draft, sentence by sentence")
    def api_cite(payload: dict = Body(..., examples=[{"text": "今年新增绿色建筑17万平方米。"}])):  # noqa: B008
        try:
            return [c.to_dict() for c in a.check_draft(payload.get("text"))]
        except PolicyQAError as exc:
            return JSONResponse({"error": str(exc)}, 400)

    @api.post("/api/admin/login", summary="Admin login: sets the session cookie")
    def api_login(request: Request, response: Response, payload: dict = Body(...)):  # noqa: B008
        caller = ctx.caller(request)
        if not ctx.auth.accepts_passwords:
            raise HTTPException(400, "服务器未设置管理员密码（POLICYQA_ADMIN_PASSWORD 或 policyqa admin set-password）")
        if not ctx.auth.check_password(str(payload.get("password", ""))[:200], caller.address):
            ctx.audit.record(caller, "login-failed")
            raise HTTPException(401, "密码错误（每分钟最多尝试 5 次）")
        response.set_cookie(COOKIE, ctx.auth.issue("admin"), max_age=SESSION_SECONDS, httponly=True, samesite="strict")
        ctx.audit.record(Caller("admin", caller.address), "login")
        return {"ok": True}

    @api.post("/api/admin/logout", summary="End the admin session")
    def api_logout(response: Response):
        response.delete_cookie(COOKIE)
        return {"ok": True}

    @api.get("/api/admin/audit", summary="The last admin actions (admin only)")
    def api_audit(n: int = 100):
        return ctx.audit.tail(max(1, min(n, 1000)))

    @api.get("/api/admin/feedback", summary="Feedback on answers (admin only)")
    def api_feedback(vote: int | None = None, q: str = "", limit: int = 200):
        return [f.__dict__ for f in ctx.feedback.list(vote, q[:100], limit)]

    use = getattr(a.embedder, "use", None)
    if use is not None:  # several requests embed at once: divide the cores between them
        use("serving", workers=ASK_WORKERS)
    blocks = build_app(a, ctx)
    blocks.queue(default_concurrency_limit=ASK_WORKERS)

    def admin_ids() -> set[int]:
        return {fn_id for fn_id, fn in blocks.fns.items() if getattr(fn, "fn", None) in ctx.admin_functions}

    def admin_names() -> set[str]:
        return {fn.api_name for fn in blocks.fns.values() if getattr(fn, "fn", None) in ctx.admin_functions and fn.api_name}

    app = gr.mount_gradio_app(api, blocks, path="", theme=THEME, css=CSS, footer_links=[], show_error=True,
                              max_file_size=MAX_UPLOAD_BODY, run_history=False, app_kwargs={"docs_url": None})
    app.add_middleware(Guard, ctx=ctx, admin_names=admin_names, admin_ids=admin_ids)
    return app


# ---- running it -------------------------------------------------------------------------------

@dataclass
class Running:
    """A server started in a thread (tests, benchmarks)."""

    url: str
    server: Any
    thread: threading.Thread
    assistant: Any
    ctx: ServerContext

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=20)


def _free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def start(assistant, data_dir: str | Path, host: str = "127.0.0.1", port: int | None = None,
          env: dict | None = None, limits: Limits | None = None, workers_ready_timeout: float = 60.0) -> Running:
    """Start the server in a background thread on ``host`` (loopback by default); returns when it answers.
    ``limits`` replaces the per-client rates (a load test from one address needs higher ones)."""
    import uvicorn

    ctx = ServerContext.from_env(data_dir, env)
    if limits is not None:
        ctx.limits = limits
    app = create_server(assistant, ctx)
    port = port or _free_port(host)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=2)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True, name="policyqa-server")
    thread.start()
    deadline = time.monotonic() + workers_ready_timeout
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    if not server.started:
        raise RuntimeError("the server did not start")
    return Running(f"http://{host}:{port}/", server, thread, assistant, ctx)


def serve(corpus_dir, store, embedder=None, host: str = "127.0.0.1", port: int = 7860,
          data_dir: str | Path | None = None) -> None:
    """Open the assistant (serving the last good index while a stale one rebuilds) and serve until stopped."""
    import sys

    import uvicorn

    from rag.assistant import Assistant

    def progress(stage: str, done: int, total: int) -> None:
        print(f"\r{stage}: {done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)

    print(f"opening {corpus_dir} (index {store}) …", file=sys.stderr, flush=True)
    assistant = Assistant.open(corpus_dir, store, embedder, rebuild="background", progress=progress)
    assistant.warm()
    m = assistant.manifest
    print(f"{m.count} tasks from {len(assistant.notices)} notice(s), index built {m.built_at} with {m.embedder}",
          file=sys.stderr, flush=True)
    data = Path(data_dir or os.environ.get("POLICYQA_DATA_DIR") or "data")
    ctx = ServerContext.from_env(data)
    if not ctx.auth.configured and not is_loopback(host) and host not in ("localhost",):
        print("note: no admin credential is set (POLICYQA_ADMIN_PASSWORD or `policyqa admin set-password`): "
              "admin actions are allowed from this machine only", file=sys.stderr, flush=True)
    uvicorn.run(create_server(assistant, ctx), host=host, port=port, log_level="warning")

