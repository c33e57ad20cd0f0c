"""Load test of the workspace's public ``/ask`` endpoint, on loopback only: prints figures, asserts nothing.

    python eval/load.py [--users 50] [--seconds 60] [--protocol api|queue|call] [--url http://127.0.0.1:PORT]

Without ``--url`` it copies ``corpus/`` to a temporary folder, builds an index there, and serves it with
``ui.server.start`` in this process on a free 127.0.0.1 port (per-client rate limits raised: every simulated
user comes from the one loopback address). With ``--url`` it drives an app that is
already running (127.0.0.1 only) and takes its reference answers from ``--corpus``/``--index``, which must
be what that app serves.

Each simulated user (one asyncio task with its own HTTP connection and, with ``--protocol queue``, its own
Gradio session hash, as a browser tab has) asks questions from ``eval/questions.jsonl`` one after another
until the time is up or it has asked ``--max-per-user`` questions. The questions are dealt out so that no
two users share one (while there are at least as many questions as users): a question's text is its
asker's tag. Every answer received is checked against what was asked:

- leak (foreign): the answer's ``question`` is not the question this user asked in this request;
- leak (content): the question matches but the answer text or the cited tasks differ from a direct
  ``Assistant.ask`` of the same question (computed before the load starts).

Protocols: ``api`` is the JSON API (``POST /api/ask``, one request, one answer); ``queue`` is the browser's path (``/gradio_api/queue/join`` + the session's SSE stream
``/queue/data``); ``call`` is the plain HTTP API (``POST /gradio_api/call/ask`` then its SSE result).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

LOOPBACK = "127.0.0.1"


def load_questions(path: Path) -> list[str]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            out.append(json.loads(line)["question"])
    return list(dict.fromkeys(out))  # distinct, in file order


def deal(questions: list[str], users: int) -> list[list[str]]:
    """Round-robin: user i gets questions i, i+users, …; with more users than questions they wrap (shared)."""
    if users <= len(questions):
        return [questions[i::users] for i in range(users)]
    return [[questions[i % len(questions)]] for i in range(users)]


def fingerprint(d: dict) -> tuple:
    """What must match between an answer over HTTP and a direct ask: text, route, cited and related tasks."""
    cites = tuple((c["doc"], c["task"], c.get("role", "")) for c in d.get("citations", ()))
    related = tuple((c["doc"], c["task"]) for c in d.get("related", ()))
    return d.get("answer"), d.get("kind"), d.get("abstained"), cites, related


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))] if values else float("nan")


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    content: list[str] = field(default_factory=list)
    first_start: float = float("inf")
    last_end: float = 0.0
    per_user: dict[int, int] = field(default_factory=dict)


def check_loopback(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme != "http" or parts.hostname != LOOPBACK or parts.port is None:
        raise SystemExit(f"--url must be http://{LOOPBACK}:PORT (loopback only), got {url!r}")
    return f"http://{LOOPBACK}:{parts.port}"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


# ---- one request, two protocols ----------------------------------------------------------------------------
async def _sse_lines(resp):
    """(event, data) pairs of a server-sent-events response."""
    event, data = None, []
    async for line in resp.aiter_lines():
        if line == "":
            if data:
                yield event, "\n".join(data)
            event, data = None, []
        elif line.startswith("event:"):
            event = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].lstrip())
    if data:
        yield event, "\n".join(data)


async def ask_call(client, base: str, question: str) -> dict:
    r = await client.post(f"{base}/gradio_api/call/ask", json={"data": [question]})
    r.raise_for_status()
    event_id = r.json()["event_id"]
    async with client.stream("GET", f"{base}/gradio_api/call/ask/{event_id}") as resp:
        resp.raise_for_status()
        async for event, data in _sse_lines(resp):
            if event == "complete":
                return json.loads(data)[0]
            if event == "error":
                raise RuntimeError(f"server error event: {data[:200]}")
    raise RuntimeError("stream ended without a result")


async def ask_api(client, base: str, question: str) -> dict:
    r = await client.post(f"{base}/api/ask", json={"question": question})
    if r.status_code == 400:
        return r.json()
    r.raise_for_status()
    return r.json()


async def ask_queue(client, base: str, question: str, fn_index: int, session: str) -> dict:
    body = {"data": [question], "fn_index": fn_index, "session_hash": session, "event_data": None, "trigger_id": None}
    r = await client.post(f"{base}/gradio_api/queue/join", json=body)
    r.raise_for_status()
    event_id = r.json()["event_id"]
    async with client.stream("GET", f"{base}/gradio_api/queue/data", params={"session_hash": session}) as resp:
        resp.raise_for_status()
        async for _, data in _sse_lines(resp):
            msg = json.loads(data)
            kind = msg.get("msg")
            if kind == "process_completed":
                if msg.get("event_id") != event_id:
                    raise LeakError(f"session {session} got the completion of event {msg.get('event_id')}, "
                                    f"not of its own {event_id}")
                if not msg.get("success"):
                    raise RuntimeError(f"server error: {str(msg.get('output'))[:200]}")
                return msg["output"]["data"][0]
            if kind in ("unexpected_error", "close_stream", "server_stopped"):
                raise RuntimeError(f"stream ended: {kind} {str(msg.get('message', ''))[:200]}")
    raise RuntimeError("stream ended without a result")


class LeakError(Exception):
    pass


# ---- users -----------------------------------------------------------------------------------------------------
async def user(uid: int, questions: list[str], owner: dict[str, int], refs: dict[str, tuple], args, base: str,
               fn_index: int, deadline: float, stats: Stats) -> None:
    import httpx

    session = f"load-{uid}-{uuid.uuid4().hex[:10]}"
    timeout = httpx.Timeout(args.timeout, connect=10.0)
    async with httpx.AsyncClient(timeout=timeout, trust_env=False) as client:  # no proxies: loopback only
        n = 0
        while time.perf_counter() < deadline and n < args.max_per_user:
            q = questions[n % len(questions)]
            n += 1
            start = time.perf_counter()
            stats.first_start = min(stats.first_start, start)
            try:
                if args.protocol == "api":
                    got = await asyncio.wait_for(ask_api(client, base, q), args.timeout)
                elif args.protocol == "queue":
                    got = await asyncio.wait_for(ask_queue(client, base, q, fn_index, session), args.timeout)
                else:
                    got = await asyncio.wait_for(ask_call(client, base, q), args.timeout)
            except LeakError as exc:
                stats.foreign.append(f"user {uid}: {exc}")
                continue
            except Exception as exc:  # noqa: BLE001 — every failure is counted and reported
                stats.errors.append(f"user {uid} asked {q!r}: {type(exc).__name__}: {str(exc)[:200]}")
                continue
            end = time.perf_counter()
            stats.last_end = max(stats.last_end, end)
            if not isinstance(got, dict):
                stats.errors.append(f"user {uid} asked {q!r}: got {type(got).__name__}, not an object")
                continue
            if "error" in got:
                stats.errors.append(f"user {uid} asked {q!r}: error {got['error']!r}")
                continue
            stats.latencies.append(end - start)
            stats.per_user[uid] = stats.per_user.get(uid, 0) + 1
            expected_q, expected = refs[q]
            if got.get("question") != expected_q:
                whose = owner.get(str(got.get("question")))
                stats.foreign.append(f"user {uid} asked {q!r} and got the answer to {got.get('question')!r}"
                                     + (f" (user {whose}'s question)" if whose is not None else ""))
            elif fingerprint(got) != expected:
                stats.content.append(f"user {uid} asked {q!r}: answer differs from a direct ask "
                                     f"({fingerprint(got)[3]} vs {expected[3]})")


async def run_users(args, base: str, fn_index: int, dealt: list[list[str]], refs: dict[str, tuple]) -> tuple[Stats, float]:
    owner = {q: i for i, qs in enumerate(dealt) for q in qs} if args.users <= len(refs) else {}
    stats = Stats()
    start = time.perf_counter()
    deadline = start + args.seconds
    await asyncio.gather(*(user(i, qs, owner, refs, args, base, fn_index, deadline, stats) for i, qs in enumerate(dealt)))
    return stats, time.perf_counter() - start


async def probe_errors(base: str) -> list[tuple[str, dict]]:
    """Bad input through /ask must come back as {"question", "error"}, not as a server error."""
    import httpx

    out = []
    async with httpx.AsyncClient(timeout=60, trust_env=False) as client:
        for q in ("", "   ", "问" * 5000):
            out.append((q[:12], await ask_api(client, base, q)))
    return out


def fn_index_of(base: str, api_name: str = "ask") -> int:
    import httpx

    cfg = httpx.get(f"{base}/config", timeout=30, trust_env=False).json()
    for dep in cfg["dependencies"]:
        if dep.get("api_name") == api_name:
            return int(dep["id"])
    raise SystemExit(f"{base} has no /{api_name} endpoint")


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--users", type=int, default=50)
    p.add_argument("--seconds", type=float, default=60.0, help="how long users keep asking (in-flight requests finish)")
    p.add_argument("--max-per-user", type=int, default=2000, help="hard cap on questions per user")
    p.add_argument("--no-memo", action="store_true",
                   help="answer every request from scratch (no memo of repeated questions)")
    p.add_argument("--timeout", type=float, default=120.0, help="per-request timeout, seconds")
    p.add_argument("--protocol", choices=("api", "queue", "call"), default="api")
    p.add_argument("--url", help=f"an app already running at http://{LOOPBACK}:PORT (default: start one here)")
    p.add_argument("--corpus", default=str(ROOT / "corpus"))
    p.add_argument("--index", help="with --url: the index the app serves (default: index/); "
                                   "without: reuse this index when fresh instead of building one")
    p.add_argument("--questions", default=str(ROOT / "eval" / "questions.jsonl"))
    args = p.parse_args(argv)
    if args.users < 1 or args.seconds <= 0 or args.max_per_user < 1:
        raise SystemExit("--users, --seconds and --max-per-user must be positive")

    if args.no_memo:
        os.environ["POLICYQA_ANSWER_MEMO"] = "0"  # read when the answerer is built
    from rag import Assistant

    questions = load_questions(Path(args.questions))
    work = Path(tempfile.mkdtemp(prefix="policyqa-load-"))
    running = None
    try:
        t0 = time.perf_counter()
        if args.url:
            base = check_loopback(args.url)
            assistant = Assistant.open(args.corpus, args.index or ROOT / "index", rebuild="never")
            where = f"app at {base} (reference answers from {args.corpus})"
        else:
            corpus = work / "corpus"
            shutil.copytree(args.corpus, corpus)
            if args.index:  # a copy, so the original is never touched; rebuilt here if stale
                shutil.copytree(args.index, work / "index", symlinks=True)
            assistant = Assistant.open(corpus, work / "index")
            from ui.server import Limits, start

            many = Limits(ask_rate=1e6, ask_burst=1_000_000)  # every simulated user is 127.0.0.1
            running = start(assistant, work / "data", host=LOOPBACK, limits=many,
                            env={"POLICYQA_ADMIN_FILE": str(work / "no-admin.json")})
            base = running.url.rstrip("/")
            where = f"server started in this process at {base}"
        m = assistant.manifest
        print(f"{where}; index of {m.count} tasks / {m.chunks} chunks, {m.faiss_index}, {m.embedder} "
              f"(ready in {time.perf_counter() - t0:.1f} s)")
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} cores")

        from rag.answer import validate_question

        dealt = deal(questions, args.users)
        used = sorted({q for qs in dealt for q in qs}, key=questions.index)
        t1 = time.perf_counter()
        refs = {q: (validate_question(q), fingerprint(assistant.ask(q).to_dict())) for q in used}
        print(f"reference: {len(refs)} questions asked directly in {time.perf_counter() - t1:.1f} s; "
              f"{'each asked by one user only' if args.users <= len(questions) else 'shared between users'}")

        assistant.forget_answers()  # the load starts with nothing remembered: a question's first ask is computed
        for shown, got in asyncio.run(probe_errors(base)):
            shape = "{" + ", ".join(sorted(got)) + "}" if isinstance(got, dict) else type(got).__name__
            print(f"bad input {shown!r} ({len(shown)} chars shown) → {shape}: {str(got.get('error', got))[:90]}")

        fn_index = fn_index_of(base) if args.protocol == "queue" else -1
        print(f"{args.users} users × {args.seconds:g} s, protocol {args.protocol} …", flush=True)
        stats, wall = asyncio.run(run_users(args, base, fn_index, dealt, refs))
        lat = stats.latencies
        busy = (stats.last_end - stats.first_start) if lat else float("nan")
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print(f"answers: {len(lat)} in {wall:.1f} s wall ({busy:.1f} s first send → last answer) = "
              f"{len(lat) / busy if lat else 0:.2f} answers/s")
        if lat:
            print(f"latency: p50 {1000 * pct(lat, .50):.0f} ms, p95 {1000 * pct(lat, .95):.0f} ms, "
                  f"p99 {1000 * pct(lat, .99):.0f} ms, max {1000 * max(lat):.0f} ms, mean {1000 * statistics.mean(lat):.0f} ms")
            counts = [stats.per_user.get(i, 0) for i in range(args.users)]
            print(f"answers per user: min {min(counts)}, median {statistics.median(counts):g}, max {max(counts)}")
        if not args.url:
            hits, misses, kept = assistant.answer_memo()
            print(f"answer memo: {hits} repeats served from it, {misses} computed ({kept} kept)"
                  + (" — off (--no-memo)" if args.no_memo else ""))
        print(f"errors: {len(stats.errors)}")
        for e in stats.errors[:5]:
            print(f"  {e}")
        print(f"leaks: {len(stats.foreign) + len(stats.content)} "
              f"({len(stats.foreign)} answers to another question, {len(stats.content)} differing from a direct ask)")
        for e in (stats.foreign + stats.content)[:5]:
            print(f"  {e}")
        return {"answers": len(lat), "errors": len(stats.errors), "leaks": len(stats.foreign) + len(stats.content),
                "foreign": len(stats.foreign), "content": len(stats.content), "throughput": len(lat) / busy if lat else 0.0,
                "p50": pct(lat, .5), "p95": pct(lat, .95), "p99": pct(lat, .99)}
    finally:
        if running is not None:
            running.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
