"""The web workspace end to end: a real index, a real server, Debian's chromium.

Builds an index from a copy of corpus/ in a temporary folder, serves
``ui.app.build_app`` on a free localhost port and drives it with Playwright
(never a downloaded browser).  Also writes docs/screenshot-chat.png.
"""

from __future__ import annotations

import csv
import io
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
SCREENSHOT = ROOT / "docs" / "screenshot-chat.png"
TIMEOUT = 30_000  # ms, for anything that waits on the server

NEW_NOTICE = """山政办字〔2024〕5号

山亭区人民政府办公室
关于印发山亭区低空经济发展2024年重点工作任务的通知

各镇人民政府、山城街道办事处，区政府各部门单位：
《山亭区低空经济发展2024年重点工作任务》已经区政府同意，现印发给你们，请认真贯彻落实。

山亭区人民政府办公室
2024年3月1日
一、培育低空经济产业
1.建设无人机综合测试场。在城郊规划建设无人机综合测试场一处，服务本地企业试飞。（牵头单位：区工业和信息化局，责任单位：区自然资源局）
2.开展低空物流配送试点。开通无人机物流配送航线3条，覆盖偏远山区村庄。（牵头单位：区交通运输局，责任单位：区邮政管理局）
二、完善保障措施
3.强化低空飞行安全监管。建立低空飞行联合监管机制。（牵头单位：区应急管理局）
"""

BAD_NOTICE = """关于做好近期工作的说明

请各单位高度重视，认真抓好落实。
相关工作要求另行通知。
"""


PASSWORD = "office-admin-2023"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory, seed_e5_dirs):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    pytest.importorskip("playwright.sync_api")
    from conftest import copy_seed

    from rag.assistant import Assistant
    from ui.server import start

    base = copy_seed(seed_e5_dirs, tmp_path_factory.mktemp("ui"))
    corpus = base / "corpus"
    assistant = Assistant.open(corpus, base / "index")
    env = {"POLICYQA_ADMIN_PASSWORD": PASSWORD, "POLICYQA_ADMIN_FILE": str(base / "no-admin-file.json")}
    running = start(assistant, base / "data", env=env)
    try:
        yield SimpleNamespace(url=running.url, corpus=corpus, assistant=assistant, base=base, ctx=running.ctx)
    finally:
        running.stop()


@pytest.fixture(scope="module")
def browser(served):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser, served):
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True, locale="zh-CN")
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=served.url.rstrip("/"))
    pg = ctx.new_page()
    pg.set_default_timeout(TIMEOUT)
    outside: list[str] = []
    pg.on("request", lambda r: outside.append(r.url)
          if not r.url.startswith(served.url) and not r.url.startswith(("data:", "blob:")) else None)
    pg.goto(served.url)
    pg.wait_for_selector("#pqa-chat")
    pg.outside_requests = outside
    yield pg
    ctx.close()


def ask(pg, question: str) -> None:
    n = pg.locator("#pqa-chat .pqa-a").count()
    box = pg.locator("#pqa-question textarea")
    box.fill(question)
    box.press("Enter")
    pg.wait_for_function("n => document.querySelectorAll('#pqa-chat .pqa-a').length > n", arg=n)


def last_answer(pg):
    return pg.locator("#pqa-chat .pqa-a").last


def open_tab(pg, name: str) -> None:
    pg.get_by_role("tab", name=name, exact=True).click()


def login(pg) -> None:
    open_tab(pg, "管理")
    pg.locator("#pqa-password input").fill(PASSWORD)
    pg.locator("#pqa-login-btn").click()
    pg.wait_for_load_state()
    pg.wait_for_selector("#pqa-chat")
    open_tab(pg, "管理")
    pg.locator("#pqa-admin").wait_for()


def download(pg, selector: str, target: Path) -> Path:
    button = pg.locator(selector)
    button.wait_for()
    with pg.expect_download() as dl:
        button.click()
    dl.value.save_as(target)
    return target


# ---- chat ------------------------------------------------------------------------------------
def test_chat_cites_task_and_opens_source_panel(page, served):
    ask(page, "老旧小区改造谁牵头")
    answer = last_answer(page)
    chip_sel = page.locator("button.pqa-open", has_text="第26项 推进城市更新行动")
    chip = answer.locator("button.pqa-open", has_text="第26项 推进城市更新行动")
    chip.wait_for()
    assert "区住房和城乡建设局" in answer.locator(".pqa-text").inner_text()
    details = answer.locator("details.pqa-details")
    assert not details.locator(".pqa-note").is_visible()  # the technical footer is folded
    details.locator("summary").click()
    note = details.locator(".pqa-note").inner_text()
    assert "依据：山政办字〔2023〕28号" in note and "北京时间" in note
    assert served.assistant.manifest.embedder in note

    chip.click()
    panel = page.locator("#pqa-panel-chat")
    panel.locator(".pqa-source-text").wait_for()
    text = panel.inner_text()
    assert "推进城市更新行动" in text and "实施改造老旧小区11个" in text
    assert "坚定不移扩大内需" in text and "区发展和改革局" in text
    assert "老旧小区" in panel.locator(".pqa-source-text mark").first.inner_text()

    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 20_000
    box = page.locator("#pqa-question textarea").bounding_box()
    assert box["y"] + box["height"] <= 768, "the question box must be visible on a 1366x768 screen"

    # the copy button next to the chip copies the draft citation
    answer.locator(".pqa-cite", has=chip_sel).locator("button.pqa-copy").click()
    page.wait_for_function("navigator.clipboard.readText().then(t => t.includes('第26项'))")
    assert page.evaluate("navigator.clipboard.readText()") == "（山政办字〔2023〕28号 第26项，牵头单位：区住房和城乡建设局）"
    # …and the answer-wide button copies the answer with every citation
    answer.locator("button.pqa-copy-all").click()
    page.wait_for_function("navigator.clipboard.readText().then(t => t.includes('\\n- 第26项'))")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("第26项「推进城市更新行动」由区住房和城乡建设局牵头")

    # a follow-up is read against the conversation
    ask(page, "那它的责任单位呢")
    follow = last_answer(page).locator(".pqa-text").inner_text()
    assert "区发展和改革局" in follow and "区财政局" in follow

    # an abstention is styled apart and offers related tasks
    ask(page, "火星基地建设谁负责")
    abstain = last_answer(page)
    assert "pqa-abstain" in (abstain.get_attribute("class") or "")
    assert "相关任务" in abstain.inner_text()
    assert abstain.locator("button.pqa-chip-related").count() >= 1

    # user text is escaped, never markup
    ask(page, "<img src=x onerror=\"window.__xss=1\">老旧小区改造谁牵头")
    assert page.locator("#pqa-chat img[src=x]").count() == 0
    assert "<img src=x" in page.locator("#pqa-chat .pqa-q").last.inner_text()
    assert page.evaluate("window.__xss") is None
    assert page.outside_requests == [], f"the page fetched from outside: {page.outside_requests[:5]}"


def test_conversations_survive_a_reload_and_a_new_one_starts_empty(page):
    ask(page, "发改局牵头哪些任务")
    first = last_answer(page).locator(".pqa-text").inner_text()
    assert "区发展和改革局" in first
    page.locator("#pqa-convs", has_text="发改局牵头哪些任务").wait_for()

    page.reload()
    page.wait_for_selector("#pqa-chat")
    page.wait_for_function("document.querySelectorAll('#pqa-chat .pqa-a').length === 1")
    assert last_answer(page).locator(".pqa-text").inner_text() == first  # the latest conversation is open again

    page.locator("#pqa-new").click()
    page.wait_for_function("document.querySelectorAll('#pqa-chat .pqa-a').length === 0")
    ask(page, "第50项的责任单位有哪些")
    page.locator("#pqa-convs label", has_text="第50项的责任单位有哪些").wait_for()
    # the earlier conversation is still listed and opens with its answers
    page.locator("#pqa-convs label", has_text="发改局牵头哪些任务").click()
    page.locator("#pqa-chat .pqa-q", has_text="发改局牵头哪些任务").wait_for()
    assert page.locator("#pqa-chat .pqa-a").count() == 1
    assert last_answer(page).locator(".pqa-text").inner_text() == first
    # and its answers still open the source panel
    last_answer(page).locator("button.pqa-open").first.click()
    page.locator("#pqa-panel-chat .pqa-source-text").wait_for()


def test_feedback_on_an_answer_is_stored_with_its_question_and_citations(page, served):
    ask(page, "老旧小区改造谁牵头")
    page.locator("#pqa-chat button[aria-label='踩']").last.click()
    row = page.locator("#pqa-feedback")
    row.wait_for()
    page.locator("#pqa-feedback-text textarea").fill("应同时列出责任单位")
    page.locator("#pqa-feedback-send").click()
    page.locator("#pqa-feedback-done", has_text="意见已记录").wait_for()
    rows = served.ctx.feedback.list(vote=-1)
    assert rows and rows[0].question == "老旧小区改造谁牵头"
    assert rows[0].comment == "应同时列出责任单位"
    assert [c["task"] for c in rows[0].citations] == [26]
    assert "区住房和城乡建设局" in rows[0].answer


# ---- units -----------------------------------------------------------------------------------
def test_unit_lookup_by_short_name_opens_tasks_and_exports(page, served, tmp_path):
    import docx

    open_tab(page, "单位查询")
    box = page.locator("#pqa-unit-dd input")
    box.click()
    box.fill("发改局")
    box.press("Enter")
    out = page.locator("#pqa-unit-out")
    out.locator(".pqa-lead-table").wait_for()
    assert "区发展和改革局" in out.locator("h3").inner_text()
    assert "牵头任务（13项）" in out.inner_text()
    assert out.locator(".pqa-lead-table tbody tr").count() == 13
    assert "第26项" in out.locator(".pqa-resp-table").inner_text()
    out.locator(".pqa-resp-table button.pqa-open", has_text="第26项").click()  # rows open the task
    page.locator("#pqa-panel-units", has_text="实施改造老旧小区11个").wait_for()

    rows = list(csv.reader(io.StringIO(
        download(page, "#pqa-unit-csv", tmp_path / "export.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0][:7] == ["单位", "角色", "文号", "任务序号", "任务", "任务内容", "目标指标"]
    lead = [r for r in rows[1:] if r[1] == "牵头"]
    assert len(lead) == 13 and all(r[0] == "区发展和改革局" for r in lead)
    assert {"第9项", "第12项", "第81项"} <= {r[3] for r in lead}
    task26 = next(r for r in rows[1:] if r[1] == "责任" and r[3] == "第26项")
    assert "老旧小区11个" in task26[5] and "老旧小区11个" in task26[6]
    assert task26[9] == "三、坚定不移扩大内需"

    doc = docx.Document(str(download(page, "#pqa-unit-docx", tmp_path / "export.docx")))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "区发展和改革局任务清单" in text and "牵头任务（13项）" in text
    assert "实施改造老旧小区11个" in text and "（山政办字〔2023〕28号 第26项，牵头单位：区住房和城乡建设局）" in text
    assert page.locator("#pqa-unit-xlsx").is_visible()


def test_unit_lookup_understands_what_chat_understands(page):
    open_tab(page, "单位查询")
    box = page.locator("#pqa-unit-dd input")
    for typed, name in (("大数据局", "区大数据中心"), ("财政", "区财政局"), ("人社局", "区人力资源和社会保障局")):
        box.click()
        box.fill(typed)
        box.press("Enter")
        page.locator("#pqa-unit-out h3", has_text=name).wait_for()
    aliases = page.locator("#pqa-unit-out .pqa-note").inner_text()
    assert "人社局" in aliases
    assert "资保局" not in aliases and "资社委" not in aliases  # derived non-words are never shown


# ---- task browser --------------------------------------------------------------------------------
def test_task_browser_uses_the_same_search_as_chat(page):
    open_tab(page, "任务浏览")
    out = page.locator("#pqa-browse-out")
    out.locator("button.pqa-open").first.wait_for()
    kw = page.locator("#pqa-browse-kw textarea")
    kw.fill("老旧小区改造")  # the notice says 改造老旧小区
    out.locator("button.pqa-open", has_text="第26项").wait_for()
    out.locator("button.pqa-open", has_text="第26项").click()
    panel = page.locator("#pqa-panel-browse")
    panel.locator(".pqa-source-text").wait_for()
    assert "推进城市更新行动" in panel.inner_text()
    kw.fill("住建局")  # a unit: its tasks
    page.wait_for_function("document.querySelector('#pqa-browse-out').innerText.includes('推进城市更新行动')"
                           " && !document.querySelector('#pqa-browse-out').innerText.includes('没有符合')")


# ---- draft check -----------------------------------------------------------------------------------
def test_draft_check_cites_sentences_flags_a_wrong_figure_and_downloads_word(page, tmp_path):
    import docx

    open_tab(page, "草稿核对")
    page.locator("#pqa-draft-text textarea").fill(
        "今年我区将改造老旧小区15个，由区住房和城乡建设局牵头。同时做好全年各项工作。")
    page.locator("#pqa-draft-check").click()
    out = page.locator("#pqa-draft-out")
    out.locator(".pqa-draft-row").first.wait_for()
    first = out.locator(".pqa-draft-row").first
    assert "第26项" in first.inner_text()
    assert "pqa-draft-bad" in (first.get_attribute("class") or "")
    assert "11个" in first.locator(".pqa-issue").inner_text()
    doc = docx.Document(str(download(page, "#pqa-draft-docx", tmp_path / "draft.docx")))
    assert "（山政办字〔2023〕28号 第26项" in "".join(p.text for p in doc.paragraphs)


# ---- admin -----------------------------------------------------------------------------------------
def _corpus_state(served):
    folder = served.corpus
    return sorted((p.name, p.stat().st_size) for p in folder.iterdir())


def test_staff_see_no_admin_controls_and_a_wrong_password_is_refused(page):
    open_tab(page, "管理")
    page.locator("#pqa-password").wait_for()
    assert not page.locator("#pqa-admin").is_visible()
    assert not page.locator("#pqa-upload").is_visible()
    page.locator("#pqa-password input").fill("not-the-password")
    page.locator("#pqa-login-btn").click()
    page.locator("#pqa-login-msg .pqa-msg-err", has_text="密码错误").wait_for()
    assert not page.locator("#pqa-admin").is_visible()


def test_admin_login_then_a_malformed_upload_is_refused_and_changes_nothing(page, served, tmp_path):
    login(page)
    rows = page.locator("#pqa-notices tbody tr")
    rows.first.wait_for()
    n_rows, before, notices = rows.count(), _corpus_state(served), served.assistant.notices
    bad = tmp_path / "工作说明.txt"
    bad.write_text(BAD_NOTICE, encoding="utf-8")
    page.set_input_files("#pqa-upload input[type=file]", str(bad))
    msg = page.locator("#pqa-upload-msg .pqa-msg-err")
    msg.wait_for()
    text = msg.inner_text()
    assert "无法导入 工作说明.txt" in text
    assert page.locator("#pqa-confirm").is_disabled()
    assert rows.count() == n_rows
    assert _corpus_state(served) == before and served.assistant.notices == notices


def test_admin_adds_a_notice_then_it_is_cited_with_its_number(page, served, tmp_path):
    login(page)
    page.locator("#pqa-notices tbody tr").first.wait_for()
    n_rows = page.locator("#pqa-notices tbody tr").count()
    before = _corpus_state(served)
    good = tmp_path / "低空经济.txt"
    good.write_text(NEW_NOTICE, encoding="utf-8")
    page.set_input_files("#pqa-upload input[type=file]", str(good))
    preview = page.locator("#pqa-upload-msg")
    preview.locator(".pqa-msg-ok").wait_for()
    assert "山政办字〔2024〕5号" in preview.inner_text() and "建设无人机综合测试场" in preview.inner_text()
    assert preview.locator("tbody tr").count() == 3
    assert _corpus_state(served) == before  # a preview writes nothing

    start = time.perf_counter()
    page.locator("#pqa-confirm").click()
    page.locator("#pqa-upload-msg .pqa-msg-ok", has_text="已导入 山政办字〔2024〕5号").wait_for(timeout=120_000)
    print(f"add_notice through the UI: {time.perf_counter() - start:.1f} s")
    assert page.locator("#pqa-notices tbody tr").count() == n_rows + 1
    assert "低空经济.txt" in page.locator("#pqa-notices").inner_text()  # the name it was uploaded as
    assert "2</b> 份通知" in page.locator("#pqa-header").inner_html()
    assert any(e["action"] == "add-notice" and "山政办字〔2024〕5号" in e["detail"] for e in served.ctx.audit.tail(20))

    open_tab(page, "问答")
    ask(page, "无人机测试场谁牵头")
    answer = last_answer(page)
    chip = answer.locator("button.pqa-open", has_text="第1项 建设无人机综合测试场")
    chip.wait_for()
    assert "山政办字〔2024〕5号" in chip.inner_text()  # two notices: the number alone is ambiguous
    assert "山政办字〔2024〕5号" in answer.locator(".pqa-text").inner_text()
    chip.click()
    page.locator("#pqa-panel-chat", has_text="无人机综合测试场一处").wait_for()


def test_a_respelled_notice_is_a_replacement_with_a_diff_and_the_old_version_restores(page, served, tmp_path):
    login(page)
    seed = next(p for p in served.corpus.iterdir() if p.suffix == ".txt" and "2024" not in p.read_text(encoding="utf-8")[:40])
    text = seed.read_text(encoding="utf-8")
    forged = (text.replace("山政办字〔2023〕28号", "山政办字[2023]028号", 1)
              .replace("牵头单位：区住房和城乡建设局", "牵头单位：区民政局", 1))
    upload = tmp_path / "山政办字2023-28修订.txt"
    upload.write_text(forged, encoding="utf-8")
    page.set_input_files("#pqa-upload input[type=file]", str(upload))
    diff = page.locator("#pqa-upload-msg .pqa-diff")
    diff.wait_for()
    assert "替换" in diff.inner_text() and "修改 1 项" in diff.inner_text()
    assert "区住房和城乡建设局 → 区民政局" in diff.inner_text()
    assert page.locator("#pqa-confirm").inner_text() == "确认替换"
    page.locator("#pqa-confirm").click()
    page.locator("#pqa-upload-msg .pqa-msg-ok", has_text="已替换").wait_for(timeout=120_000)
    assert served.assistant.ask("老旧小区改造谁牵头").citations[0].lead_units == ("区民政局",)

    versions = served.assistant.notice_versions()
    assert versions, "the replaced version is kept"
    page.locator("#pqa-version-dd input").click()
    page.get_by_role("option", name=versions[0]).click()
    page.locator("#pqa-restore").click()
    page.locator("#pqa-notice-msg .pqa-msg-ok", has_text="已恢复").wait_for(timeout=120_000)
    assert served.assistant.ask("老旧小区改造谁牵头").citations[0].lead_units == ("区住房和城乡建设局",)


# ---- generative mode ---------------------------------------------------------------------------------
GOOD = "老旧小区改造由区住房和城乡建设局牵头[第26项]。"
BAD = "改造资金由区财政局统筹安排[第99项]。"


def _sse(pieces: list[str]) -> list[bytes]:
    """OpenAI chat-completion stream events carrying ``pieces`` as content deltas (as in test_llm_server)."""
    events = [{"id": "x", "object": "chat.completion.chunk", "created": 1, "model": "stand-in",
               "choices": [{"index": 0, "delta": {"content": p}, "finish_reason": None}]} for p in pieces]
    return [f"data: {json.dumps(e, ensure_ascii=False)}\n\n".encode() for e in events] + [b"data: [DONE]\n\n"]


@pytest.fixture
def chat_server():
    """A stand-in OpenAI-compatible endpoint on loopback that streams GOOD, pauses, then BAD."""
    requests: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            requests.append(json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0)))))
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            pieces = [GOOD[i:i + 4] for i in range(0, len(GOOD), 4)] + [BAD[i:i + 4] for i in range(0, len(BAD), 4)]
            for i, event in enumerate(_sse(pieces)):
                self.wfile.write(event)
                self.wfile.flush()
                if i == len(GOOD) // 4 + 1:
                    time.sleep(1.0)  # the verified sentence is on screen while the rest is still coming

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield SimpleNamespace(url=f"http://127.0.0.1:{server.server_address[1]}/v1", requests=requests)
    finally:
        server.shutdown()
        server.server_close()


def _settings(pg, url: str, timeout: str = "10") -> None:
    pg.get_by_role("tab", name="生成式回答", exact=True).click()
    pg.locator("#pqa-llm-url").locator("textarea, input").first.fill(url)
    pg.locator("#pqa-llm-model").locator("textarea, input").first.fill("stand-in")
    pg.locator("#pqa-llm-timeout").locator("textarea, input").first.fill(timeout)
    pg.locator("#pqa-llm-apply").click()
    pg.locator("#pqa-llm-status", has_text=url if url else "摘录模式").wait_for()


def test_generative_mode_set_by_the_admin_streams_verified_sentences_then_falls_back(page, chat_server, served):
    pytest.importorskip("langchain_openai")
    login(page)
    page.get_by_role("tab", name="生成式回答", exact=True).click()
    status = page.locator("#pqa-llm-status")
    assert "摘录模式" in status.inner_text()  # the default: extractive, no endpoint

    # a bad setting is one clear line, and the server stays extractive
    page.locator("#pqa-llm-url").locator("textarea, input").first.fill("ftp://example")
    page.locator("#pqa-llm-apply").click()
    page.locator("#pqa-llm-status .pqa-msg-err").wait_for()
    assert served.ctx.llm.config is None

    _settings(page, chat_server.url)
    assert "生成式回答已开启" in status.inner_text()
    open_tab(page, "问答")
    page.evaluate("""() => { window.__sawStreaming = false;
        new MutationObserver(() => { if (document.querySelector('#pqa-chat .pqa-streaming .pqa-sent-ok'))
            window.__sawStreaming = true; }).observe(document.body, {subtree: true, childList: true}); }""")
    start = time.perf_counter()
    ask(page, "老旧小区改造谁牵头")
    answer = page.locator("#pqa-chat .pqa-gen-repaired").last
    answer.wait_for()
    print(f"generated answer through the UI: {time.perf_counter() - start:.1f} s")
    assert page.evaluate("window.__sawStreaming"), "the verified sentence was not shown while streaming"
    assert answer.locator(".pqa-mode").inner_text() == "已修复"
    ok = answer.locator(".pqa-sent-ok")
    assert ok.count() == 1 and GOOD in ok.inner_text() and "✓" in ok.inner_text()
    assert "区财政局统筹" not in answer.inner_text()  # the [第99项] sentence is never shown
    assert "第99项" in answer.locator(".pqa-gen-note").inner_text()  # …but the notice says why it was dropped
    answer.locator("details.pqa-details summary").click()
    assert "生成模型 stand-in" in answer.locator("details.pqa-details .pqa-note").inner_text()
    chip = answer.locator("button.pqa-open", has_text="第26项 推进城市更新行动")
    chip.click()
    page.locator("#pqa-panel-chat", has_text="实施改造老旧小区11个").wait_for()
    sent = chat_server.requests[-1]
    assert sent["model"] == "stand-in" and sent["stream"] is True
    assert "第26项" in json.dumps(sent, ensure_ascii=False)  # the model saw the retrieved record

    # an endpoint that is down: the extractive answer with a one-line notice, well within the timeout
    open_tab(page, "管理")
    _settings(page, f"http://127.0.0.1:{_free_port()}/v1", timeout="5")
    open_tab(page, "问答")
    start = time.perf_counter()
    ask(page, "老旧小区改造谁牵头")
    fallback = page.locator("#pqa-chat .pqa-gen-fallback").last
    fallback.wait_for(timeout=15_000)
    elapsed = time.perf_counter() - start
    print(f"fallback through the UI: {elapsed:.1f} s")
    assert elapsed < 10
    assert fallback.locator(".pqa-mode").inner_text() == "已回退为摘录答案"
    notice = fallback.locator(".pqa-gen-note").inner_text()
    assert "无法连接" in notice and "以下为原文摘录回答" in notice and "\n" not in notice
    assert "区住房和城乡建设局" in fallback.locator(".pqa-text").inner_text()
    assert fallback.locator("button.pqa-open", has_text="第26项").count() == 1

    # clearing the base URL returns everyone to extractive answers
    open_tab(page, "管理")
    _settings(page, "")
    open_tab(page, "问答")
    ask(page, "老旧小区改造谁牵头")
    assert "pqa-gen" not in (last_answer(page).get_attribute("class") or "")
    assert page.outside_requests == []
