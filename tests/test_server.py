"""The shared server as an attacker and as a careless client would use it, over raw HTTP on 127.0.0.1.

Every admin function is called anonymously by name and by ``fn_index`` and must be refused (401)
before it runs; oversized bodies, floods and malformed input end in a clear refusal within seconds.
"""

from __future__ import annotations

import json
import shutil
import socket
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "office-admin-2023"

httpx = pytest.importorskip("httpx")


def _serve(tmp: Path, hash_embedder, env: dict, limits=None):
    from rag.assistant import Assistant
    from ui.server import start

    corpus = tmp / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    a = Assistant.open(corpus, tmp / "index", embedder=hash_embedder)
    running = start(a, tmp / "data", env={"POLICYQA_ADMIN_FILE": str(tmp / "no-admin.json"), **env}, limits=limits)
    return running, corpus


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("server")
    from conftest import HashEmbedder

    running, corpus = _serve(tmp, HashEmbedder(), {"POLICYQA_ADMIN_PASSWORD": PASSWORD})
    config = httpx.get(running.url + "config", timeout=30).json()
    admin_names = {fn.__name__ for fn in running.ctx.admin_functions}
    deps = [d for d in config["dependencies"] if d.get("api_name")]
    try:
        yield SimpleNamespace(url=running.url.rstrip("/"), running=running, corpus=corpus, deps=deps,
                              admin=[d for d in deps if d["api_name"] in admin_names], admin_names=admin_names)
    finally:
        running.stop()


def _snapshot(folder: Path):
    return sorted((p.relative_to(folder).as_posix(), p.stat().st_size) for p in folder.rglob("*") if p.is_file())


# ---- roles ------------------------------------------------------------------------------------------
def test_the_admin_functions_are_the_ones_that_change_what_everyone_is_told(server):
    assert {"preview_upload", "confirm_upload", "delete_notice", "restore_notice", "apply_llm", "list_feedback",
            "feedback_to_eval", "show_audit"} <= server.admin_names
    assert {d["api_name"] for d in server.admin} >= server.admin_names  # each is an event of the page


def test_every_admin_function_is_refused_to_an_anonymous_client_by_name_and_by_index(server):
    before = _snapshot(server.corpus)
    with httpx.Client(timeout=10) as client:
        for dep in server.admin:
            name, index = dep["api_name"], dep["id"]
            for path in (f"/gradio_api/run/{name}", f"/gradio_api/call/{name}", f"/gradio_api/api/{name}"):
                r = client.post(server.url + path, json={"data": [None]})
                assert r.status_code == 401, (path, r.status_code, r.text[:200])
                assert "管理员" in r.json()["error"]
            join = {"data": [None], "fn_index": index, "session_hash": "attacker", "event_data": None,
                    "trigger_id": None}
            r = client.post(server.url + "/gradio_api/queue/join", json=join)
            assert r.status_code == 401, (name, index, r.text[:200])
        for path in ("/api/admin/audit", "/api/admin/feedback"):
            assert client.get(server.url + path).status_code == 401
    assert _snapshot(server.corpus) == before
    assert server.running.ctx.audit.tail() == [] or all(e["action"] == "login-failed" for e in server.running.ctx.audit.tail())


def test_a_staff_function_is_not_refused(server):
    ask = next(d for d in server.deps if d["api_name"] == "ask")
    join = {"data": ["第26项谁牵头"], "fn_index": ask["id"], "session_hash": "staff", "event_data": None, "trigger_id": None}
    r = httpx.post(server.url + "/gradio_api/queue/join", json=join, timeout=10)
    assert r.status_code == 200 and "event_id" in r.json()
    r = httpx.post(server.url + "/api/ask", json={"question": "第26项谁牵头"}, timeout=30)
    assert r.status_code == 200 and r.json()["citations"][0]["task"] == 26


def test_an_unreadable_queue_body_is_refused_rather_than_guessed(server):
    r = httpx.post(server.url + "/gradio_api/queue/join", content=b"{not json", timeout=10,
                   headers={"content-type": "application/json"})
    assert r.status_code == 401


def test_login_sets_a_session_that_admin_routes_accept_and_a_forged_one_is_refused(server):
    with httpx.Client(timeout=30) as client:
        assert client.post(server.url + "/api/admin/login", json={"password": "guess"}).status_code == 401
        r = client.post(server.url + "/api/admin/login", json={"password": PASSWORD})
        assert r.status_code == 200
        cookie = r.cookies.get("policyqa_admin")
        assert cookie and "httponly" in r.headers["set-cookie"].lower()
        assert client.get(server.url + "/api/admin/audit").status_code == 200
        actions = [e["action"] for e in client.get(server.url + "/api/admin/audit").json()]
        assert "login" in actions and "login-failed" in actions
    import base64

    user, expiry, sig = base64.urlsafe_b64decode(cookie).decode().rsplit("|", 2)
    forged = base64.urlsafe_b64encode(f"{user}|{int(expiry) + 999999}|{sig}".encode()).decode()
    r = httpx.get(server.url + "/api/admin/audit", cookies={"policyqa_admin": forged}, timeout=10)
    assert r.status_code == 401


def test_password_guessing_is_slowed_to_five_tries_a_minute(tmp_path, hash_embedder):
    running, _ = _serve(tmp_path, hash_embedder, {"POLICYQA_ADMIN_PASSWORD": PASSWORD})
    try:
        url = running.url.rstrip("/")
        for _ in range(5):
            httpx.post(url + "/api/admin/login", json={"password": "wrong"}, timeout=10)
        r = httpx.post(url + "/api/admin/login", json={"password": PASSWORD}, timeout=10)
        assert r.status_code in (401, 429)  # even the right password waits out the minute
    finally:
        running.stop()


def test_without_a_credential_only_this_machine_is_admin_and_a_forwarded_header_is_not_believed(tmp_path, hash_embedder):
    running, _ = _serve(tmp_path, hash_embedder, {})
    try:
        url = running.url.rstrip("/")
        assert httpx.get(url + "/api/admin/audit", timeout=10).status_code == 200  # a loopback client
        for header in ({"X-Forwarded-For": "127.0.0.1"}, {"X-Forwarded-For": "10.1.2.3"}, {"Forwarded": "for=127.0.0.1"}):
            assert httpx.get(url + "/api/admin/audit", headers=header, timeout=10).status_code == 401, header
    finally:
        running.stop()


def test_an_identity_header_from_the_proxy_names_the_admin(tmp_path, hash_embedder):
    env = {"POLICYQA_ADMIN_HEADER": "X-Remote-User", "POLICYQA_ADMIN_USERS": "zhang.san"}
    running, _ = _serve(tmp_path, hash_embedder, env)
    try:
        url = running.url.rstrip("/")
        assert httpx.get(url + "/api/admin/audit", timeout=10).status_code == 401
        assert httpx.get(url + "/api/admin/audit", headers={"X-Remote-User": "li.si"}, timeout=10).status_code == 401
        assert httpx.get(url + "/api/admin/audit", headers={"X-Remote-User": "zhang.san"}, timeout=10).status_code == 200
    finally:
        running.stop()


# ---- bounded work -------------------------------------------------------------------------------------
def _raw(url: str, request: bytes, body_chunks=(), timeout: float = 10.0) -> tuple[int, bytes, float]:
    """Send raw bytes on a fresh connection; the status, the response, and the seconds it took."""
    host, port = url.split("//")[1].split(":")
    start = time.perf_counter()
    with socket.create_connection((host, int(port.strip("/"))), timeout=timeout) as s:
        s.sendall(request)
        try:
            for chunk in body_chunks:
                s.sendall(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server stopped reading: what we want
        data = b""
        while b"\r\n\r\n" not in data:
            more = s.recv(65536)
            if not more:
                break
            data += more
        head, _, body = data.partition(b"\r\n\r\n")
        length = next((int(line.split(b":")[1]) for line in head.lower().split(b"\r\n")
                       if line.startswith(b"content-length:")), 0)
        while len(body) < length:
            more = s.recv(65536)
            if not more:
                break
            body += more
        data = head + b"\r\n\r\n" + body
    status = int(data.split(b" ", 2)[1]) if data else 0
    return status, data, time.perf_counter() - start


def test_a_100_mb_body_is_refused_before_it_is_read(server):
    head = (b"POST /api/ask HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Content-Length: 100000000\r\n\r\n")
    status, data, seconds = _raw(server.url, head, [b'{"question": "' + b"x" * 65536])
    assert status == 413 and "上限".encode() in data
    assert seconds < 5


def test_a_chunked_body_that_grows_past_the_limit_is_cut_off(server):
    head = (b"POST /api/ask HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n")
    piece = b"x" * 65536
    chunk = f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    status, _, seconds = _raw(server.url, head, [chunk] * 40)  # 2.6 MB, never finished
    assert status == 413 and seconds < 5


def test_an_upload_over_the_file_limit_is_refused(server):
    from ui.server import MAX_UPLOAD_BODY

    head = (b"POST /gradio_api/upload HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: "
            + str(MAX_UPLOAD_BODY + 1).encode() + b"\r\n\r\n")
    status, _, seconds = _raw(server.url, head, [b"--x\r\n"])
    assert status == 413 and seconds < 5


def test_floods_of_questions_and_uploads_are_slowed_per_client(tmp_path, hash_embedder):
    from ui.server import Limits

    running, _ = _serve(tmp_path, hash_embedder, {"POLICYQA_ADMIN_PASSWORD": PASSWORD},
                        limits=Limits(ask_rate=1.0, ask_burst=5, upload_rate=0.01, upload_burst=3))
    try:
        url = running.url.rstrip("/")
        with httpx.Client(timeout=30) as client:
            codes = [client.post(url + "/api/ask", json={"question": "第26项谁牵头"}).status_code for _ in range(8)]
            assert codes[:5] == [200] * 5 and 429 in codes[5:]
            files = {"files": ("a.txt", b"x" * 100, "text/plain")}
            codes = [client.post(url + "/gradio_api/upload", files=files).status_code for _ in range(5)]
            assert 429 in codes and codes[0] == 200
            r = client.post(url + "/api/ask", json={"question": "第26项谁牵头"})
            if r.status_code == 429:
                assert "频繁" in r.json()["error"]
    finally:
        running.stop()


def test_bad_questions_get_an_error_object_not_a_server_error(server):
    with httpx.Client(timeout=30) as client:
        for body in ({"question": ""}, {"question": "问" * 5000}, {"question": None}, {"question": 12},
                     {"question": "q", "history": "not a list"}, {"question": "q", "history": [1, 2]},
                     {"question": "q", "history": [{"role": "system", "content": "x"}]}):
            r = client.post(server.url + "/api/ask", json=body)
            assert r.status_code == 400, body
            assert r.json()["error"]
        r = client.post(server.url + "/api/ask", content=b"\xff\xfe not json", headers={"content-type": "application/json"})
        assert 400 <= r.status_code < 500


def test_a_follow_up_over_the_api_uses_its_history(server):
    r = httpx.post(server.url + "/api/ask", json={"question": "那责任单位呢", "history": ["老旧小区改造谁牵头"]}, timeout=30)
    assert r.status_code == 200
    got = r.json()
    assert got["citations"][0]["task"] == 26 and "区财政局" in got["answer"]


def test_a_follow_up_over_the_api_may_carry_chat_messages(server):
    history = [{"role": "user", "content": "区住房和城乡建设局牵头几项任务？"},
               {"role": "assistant", "content": "两项：第26项和第34项。"}]
    r = httpx.post(server.url + "/api/ask", json={"question": "第二项谁配合？", "history": history}, timeout=30)
    assert r.status_code == 200 and r.json()["citations"][0]["task"] == 34


def test_unit_and_cite_endpoints(server):
    units = httpx.get(server.url + "/api/units", timeout=30).json()
    assert any(u["unit"] == "区住房和城乡建设局" for u in units)
    one = httpx.get(server.url + "/api/units/住建局", timeout=30).json()
    assert one["unit"] == "区住房和城乡建设局" and any(t["number"] == 26 for t in one["lead"])
    assert httpx.get(server.url + "/api/units/火星局", timeout=30).status_code == 404
    checks = httpx.post(server.url + "/api/cite", json={"text": "改造老旧小区11个，由区住房和城乡建设局牵头。"}, timeout=30).json()
    assert checks[0]["sentence"].startswith("改造老旧小区11个") and set(checks[0]) >= {"citations", "issues", "notes"}
    assert httpx.post(server.url + "/api/cite", json={"text": None}, timeout=30).status_code == 400


def test_the_openapi_description_is_served(server):
    spec = httpx.get(server.url + "/api/openapi.json", timeout=30).json()
    assert "/api/ask" in spec["paths"] and "/api/cite" in spec["paths"]


def test_the_page_config_carries_no_llm_key_or_password(tmp_path, hash_embedder):
    env = {"POLICYQA_ADMIN_PASSWORD": PASSWORD, "POLICYQA_LLM_BASE_URL": "http://127.0.0.1:9/v1",
           "POLICYQA_LLM_API_KEY": "sk-very-secret-key"}
    running, _ = _serve(tmp_path, hash_embedder, env)
    try:
        page = httpx.get(running.url + "config", timeout=30).text + httpx.get(running.url, timeout=30).text
        assert "sk-very-secret-key" not in page and PASSWORD not in page
    finally:
        running.stop()


def test_feedback_store_keeps_votes_comments_and_makes_eval_questions(tmp_path):
    from ui.feedback import FeedbackStore

    store = FeedbackStore(tmp_path / "f.sqlite3")
    cites = [{"doc": "山政办字〔2023〕28号", "task": 26, "label": "第26项", "title": "推进城市更新行动", "citation": "…"}]
    fid = store.add(-1, "老旧小区改造谁牵头", "第26项……", cites, client="127.0.0.1")
    store.add(1, "发改局牵头哪些任务", "共13项", [])
    store.comment(fid, "=HYPERLINK(\"x\") 应为第27项")
    assert [f.vote for f in store.list()] == [1, -1]
    assert [f.id for f in store.list(vote=-1)] == [fid]
    assert [f.id for f in store.list(text="老旧")] == [fid]
    assert "'=HYPERLINK" in store.csv(store.list(vote=-1))  # no spreadsheet formula from user text
    q = store.as_eval_question(fid)
    assert q["question"] == "老旧小区改造谁牵头" and q["gold_tasks"] == [] and "应为第27项" in q["note"]
    with pytest.raises(ValueError):
        store.add(0, "q", "a", [])
    json.dumps(q, ensure_ascii=False)
