"""The web workspace (Gradio): ask with citations, look up units, browse tasks, check a draft, administer.

:func:`build_app` builds the Blocks over one :class:`rag.Assistant` and a
:class:`ui.server.ServerContext` (who is an admin, feedback, audit, the server's
LLM settings); :mod:`ui.server` mounts it behind the request guard. The UI holds
no retrieval logic: every answer, lookup, search and notice check is a call to
the assistant.

Per-user data: the open conversation lives in ``gr.State``; saved conversations
live in the browser (``gr.BrowserState``, encrypted with the server's secret).
Every admin event function is registered in ``ctx.admin_functions`` (the guard
refuses it to anyone else before Gradio runs it) and checks the caller again itself.
"""

from __future__ import annotations

import functools
import json
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import gradio as gr  # ui/__init__.py has already turned Gradio's analytics off

from rag.draft import to_docx, with_citations
from rag.errors import PolicyQAError
from rag.formats import MAX_FILE_BYTES, file_text
from rag.llm import GenerativeAnswerer
from rag.llm_config import LLMConfigError
from rag.parse import SUFFIXES
from rag.types import Answer

from . import render as R

EXAMPLES = (
    "老旧小区改造谁牵头？",
    "发改局牵头哪些任务？",
    "第三部分有哪些任务？",
    "第50项的责任单位有哪些？",
)
ALL_UNITS = "全部单位"
MAX_QUESTION_CHARS = 2000
MAX_DRAFT_CHARS = 50_000
MAX_DRAFT_FILE = 5 * 1024 * 1024
# Saved conversations (browser storage): newest first, each trimmed to its last turns, the whole under a budget.
MAX_CONVERSATIONS = 30
MAX_TURNS = 30
MAX_SAVED_BYTES = 150_000
EXPORT_MAX_AGE = 600  # seconds an export file is kept for its download
ASK_WORKERS = 4  # questions answered at once through the page (the JSON API has its own thread pool)
LLM_WORKERS = 2  # generated answers run in their own pool: a slow endpoint never holds the answer workers

THEME = gr.themes.Default(
    primary_hue=gr.themes.colors.red,
    secondary_hue=gr.themes.colors.slate,
    neutral_hue=gr.themes.colors.slate,
    radius_size=gr.themes.sizes.radius_sm,
    # Local fonts only: no web-font downloads.
    font=["PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "system-ui", "sans-serif"],
    font_mono=["SFMono-Regular", "Consolas", "Noto Sans Mono CJK SC", "monospace"],
).set(
    body_background_fill="#f4f5f7",
    block_border_width="1px",
    button_primary_background_fill="#a61b1b",
    button_primary_background_fill_hover="#8c1515",
)

# Installed by each source panel; one document-level listener serves chips
# everywhere (including inside chat messages, which the chatbot re-renders).
PANEL_JS = """
window.__pqaOpen = window.__pqaOpen || {};
window.__pqaOpen['__SCOPE__'] = trigger;
if (!window.__pqaBound) {
  window.__pqaBound = true;
  const copyText = async (text) => {
    try { await navigator.clipboard.writeText(text); return true; } catch (e) {
      const ta = document.createElement('textarea');
      ta.value = text; ta.setAttribute('readonly', ''); ta.style.position = 'fixed'; ta.style.opacity = '0';
      document.body.appendChild(ta); ta.select();
      let ok = false; try { ok = document.execCommand('copy'); } catch (e2) { ok = false; }
      ta.remove(); return ok;
    }
  };
  document.addEventListener('click', (ev) => {
    const el = ev.target instanceof Element ? ev.target : null;
    if (!el) return;
    const copy = el.closest('button.pqa-copy');
    if (copy) {
      ev.preventDefault(); ev.stopPropagation();
      const label = copy.dataset.label || copy.textContent;
      copy.dataset.label = label;
      copyText(copy.value).then((ok) => {
        copy.textContent = ok ? '已复制' : '复制失败';
        copy.classList.add('pqa-copied');
        setTimeout(() => { copy.textContent = label; copy.classList.remove('pqa-copied'); }, 1500);
      });
      return;
    }
    const open = el.closest('button.pqa-open');
    if (open) {
      ev.preventDefault();
      const parts = (open.name || '').split(':');
      const fn = window.__pqaOpen[parts[0]];
      if (!fn) return;
      document.querySelectorAll('button.pqa-open.pqa-active').forEach((b) => b.classList.remove('pqa-active'));
      open.classList.add('pqa-active');
      fn('click', {task: open.value, answer: parts[1] || ''});
    }
  }, true);
}
"""

# Login and logout go to the JSON API (they set or clear the session cookie), then the page reloads.
LOGIN_JS = """
async (password) => {
  const r = await fetch('/api/admin/login', {method: 'POST', headers: {'Content-Type': 'application/json'},
                                            body: JSON.stringify({password: password || ''}), credentials: 'same-origin'});
  if (r.ok) { window.location.reload(); return ''; }
  let msg = '登录失败';
  try { const j = await r.json(); msg = j.detail || j.error || msg; } catch (e) {}
  const box = document.querySelector('#pqa-login-msg');
  if (box) box.innerHTML = '<div class="pqa-msg pqa-msg-err"></div>', box.firstChild.textContent = msg;
  return '';
}
"""
LOGOUT_JS = """
async () => { await fetch('/api/admin/logout', {method: 'POST', credentials: 'same-origin'}); window.location.reload(); }
"""
CONFIRM_DELETE_JS = "(doc) => { if (!doc) return [doc]; return confirm('确定删除通知 ' + doc + '？删除后可在“已替换或删除的版本”中恢复。') ? [doc] : [null]; }"


class AdminRequired(gr.Error):
    def __init__(self):
        super().__init__("需要管理员登录（请在“管理”页登录）", title="没有权限")


def build_app(assistant, ctx) -> gr.Blocks:
    """The Blocks app over one :class:`rag.Assistant` and a :class:`ui.server.ServerContext`."""
    a = assistant
    export_root = Path(tempfile.mkdtemp(prefix="policyqa-export-"))

    # ---- roles --------------------------------------------------------------------------------
    def is_admin(request: gr.Request | None) -> bool:
        return request is not None and ctx.caller(request).is_admin

    def admin(fn: Callable) -> Callable:
        """An admin-only event function: registered for the guard, and checked again when it runs."""
        @functools.wraps(fn)
        def checked(*args, **kwargs):
            request = next((x for x in (*args, *kwargs.values()) if isinstance(x, gr.Request)), None)
            if not is_admin(request):
                raise AdminRequired()
            return fn(*args, **kwargs)

        ctx.admin_functions.add(checked)
        return checked

    def audit(request: gr.Request, action: str, detail: str = "") -> None:
        ctx.audit.record(ctx.caller(request), action, detail)

    # ---- helpers over the assistant's current state ---------------------------------------------
    def status() -> str:
        m = a.manifest
        html = R.status_html(a.notices, len(a.tasks), m.built_at, m.embedder)
        if getattr(a, "rebuilding", False):
            html += R.message_html("通知有更新，索引正在后台重建；重建完成前按上一版索引回答。", "warn")
        return html

    def notice_of(doc_id: str):
        return next((n for n in a.notices if n.doc_id == doc_id), None)

    def unit_choices() -> list[tuple[str, str]]:
        return [(R.unit_choice_label(s.name, len(s.lead), len(s.responsible)), s.name) for s in a.units()]

    def many_docs() -> bool:
        return len(a.notices) > 1

    def open_task(key: str, phrases=()) -> str:
        parsed = R.parse_task_key(key)
        if parsed is None:
            return R.panel_missing(str(key)[:80])
        try:
            task = a.task_at(*parsed)
        except KeyError:
            return R.panel_missing(key)
        return R.task_panel_html(task, notice_of(task.doc_id), phrases)

    def clicked(evt: gr.EventData) -> tuple[str, str]:
        data = evt._data if isinstance(getattr(evt, "_data", None), dict) else {}
        return str(data.get("task", ""))[:300], str(data.get("answer", ""))[:10]

    def prune_exports() -> Path:
        now = time.time()
        for old in export_root.iterdir():
            if now - old.stat().st_mtime > EXPORT_MAX_AGE:
                shutil.rmtree(old, ignore_errors=True)
        return Path(tempfile.mkdtemp(dir=export_root))

    # ---- conversations ----------------------------------------------------------------------------
    def new_conversation(question: str) -> dict:
        return {"id": uuid.uuid4().hex[:12], "title": question[:24], "time": time.strftime("%m-%d %H:%M"), "turns": []}

    def answer_note(answer: Answer, model: str = "") -> str:
        m = a.manifest
        return R.provenance(answer, a.notices, m.built_at, m.embedder, model)

    def turn_html(turn: dict, index: int) -> str:
        if "error" in turn:
            return R.error_html(turn["error"])
        answer = Answer.from_dict(turn["answer"])
        head = ""
        if turn.get("mode"):
            head = R.mode_badge(turn["mode"]) + (f'<div class="pqa-gen-note">{R.esc(turn["note"])}</div>'
                                                 if turn.get("note") else "")
        return R.answer_html(answer, index, answer_note(answer, turn.get("model", "")), show_doc=many_docs() or None,
                             head=head)

    def messages(conv: dict | None) -> list[dict]:
        out = []
        for i, turn in enumerate((conv or {}).get("turns", [])):
            out.append({"role": "user", "content": R.question_html(turn["q"])})
            out.append({"role": "assistant", "content": turn.get("html") or turn_html(turn, i)})
        return out

    def stored_turn(turn: dict) -> dict:
        """A turn as kept in the browser: no rendered HTML, citations without derived fields."""
        keep = {k: v for k, v in turn.items() if k != "html"}
        if "answer" in keep:
            ans = dict(keep["answer"])
            slim = ("lead_units", "responsible_units", "shared_units", "score", "matched")
            ans["citations"] = [{k: v for k, v in c.items() if k not in slim} for c in ans.get("citations", [])]
            ans["related"] = [{k: v for k, v in c.items() if k not in slim} for c in ans.get("related", [])[:5]]
            keep["answer"] = ans
        return keep

    def saved_list(saved) -> list[dict]:
        return [c for c in (saved if isinstance(saved, list) else []) if isinstance(c, dict) and c.get("id")]

    def conversation_choices(saved) -> list[tuple[str, str]]:
        return [(f"{c.get('title', '')[:24]}　{c.get('time', '')}", c["id"]) for c in saved_list(saved)]

    def save(conv: dict | None, saved):
        """Put the open conversation first in the browser's list, within the storage budget."""
        convs = saved_list(saved)
        if not conv or not conv.get("turns"):
            return convs, gr.update(choices=conversation_choices(convs))
        entry = {**conv, "turns": [stored_turn(t) for t in conv["turns"][-MAX_TURNS:]]}
        convs = [entry] + [c for c in convs if c["id"] != conv["id"]][: MAX_CONVERSATIONS - 1]
        while len(convs) > 1 and len(json.dumps(convs, ensure_ascii=False).encode()) > MAX_SAVED_BYTES:
            convs.pop()
        return convs, gr.update(choices=conversation_choices(convs), value=conv["id"])

    def open_conversation(conv_id: str, saved):
        conv = next((c for c in saved_list(saved) if c["id"] == conv_id), None)
        if conv is None:
            return None, [], R.panel_placeholder()
        conv = {**conv, "turns": [dict(t) for t in conv.get("turns", []) if isinstance(t, dict) and "q" in t]}
        try:
            shown = messages(conv)
        except (KeyError, TypeError, ValueError):  # saved by another version of the app
            return None, [], R.message_html("这段对话的保存格式无法读取。", "warn")
        return conv, shown, R.panel_placeholder()

    def fresh():
        return None, [], R.panel_placeholder(), "", gr.update(value=None), gr.update(visible=False)

    def delete_conversation(conv: dict | None, saved):
        convs = [c for c in saved_list(saved) if not conv or c["id"] != conv.get("id")]
        return (convs, gr.update(choices=conversation_choices(convs), value=None)) + fresh()[:4]

    # ---- asking ------------------------------------------------------------------------------------
    def ask(question: str, conv: dict | None):
        question = (question or "").strip()
        if not question:
            return gr.update(), gr.update(), conv
        conv = dict(conv) if conv else new_conversation(question)
        turns = list(conv.get("turns", []))
        history = [t["q"] for t in turns]
        try:
            answer = a.ask(question, history=history)
        except PolicyQAError as exc:
            turns.append({"q": question[:MAX_QUESTION_CHARS], "error": str(exc)})
        else:
            turns.append({"q": question, "answer": answer.to_dict(),
                          "hl": {k: list(v) for k, v in answer.highlights}})
        conv["turns"] = turns
        return "", messages(conv), conv

    def generate(conv: dict | None):
        """The last answer rewritten by the server's language model, verified sentence by sentence.

        Runs in its own small pool after the extractive answer is shown; anything that goes wrong
        leaves the extractive answer in place under a one-line notice.
        """
        config = ctx.llm.config
        turns = (conv or {}).get("turns", [])
        if config is None or not turns or "answer" not in turns[-1] or turns[-1]["answer"].get("abstained"):
            yield gr.skip(), gr.skip()
            return
        conv = dict(conv)
        turns = [dict(t) for t in turns]
        conv["turns"] = turns
        last = turns[-1]
        index = len(turns) - 1
        chat = messages({"turns": turns[:-1]}) + [{"role": "user", "content": R.question_html(last["q"])},
                                                  {"role": "assistant", "content": R.streaming_html([], config.model)}]
        yield chat, gr.skip()
        try:
            stream = GenerativeAnswerer(a, config).stream(last["q"], history=[t["q"] for t in turns[:-1]])
            shown = 0
            for _piece in stream:
                if len(stream.sentences) != shown:
                    shown = len(stream.sentences)
                    chat[-1] = {"role": "assistant", "content": R.streaming_html(stream.sentences, config.model)}
                    yield chat, gr.skip()
            result = stream.result
        except Exception as exc:  # noqa: BLE001 - never leave the user without an answer
            result, reason = None, f"生成过程出错（{type(exc).__name__}），以下为原文摘录回答。"
        else:
            reason = "生成服务没有给出结果，以下为原文摘录回答。"
        if result is None:
            last.update(mode="fallback", note=reason)
        else:
            shown_answer = result.as_answer()
            last.update(answer=shown_answer.to_dict(), mode=result.mode, note=result.note,
                        model=config.model if result.mode in ("generated", "repaired") else "")
            note = answer_note(shown_answer, last["model"])
            last["html"] = R.generated_html(result, index, note, show_doc=many_docs() or None)
        chat[-1] = {"role": "assistant", "content": last.get("html") or turn_html(last, index)}
        yield chat, conv

    def open_from_chat(conv: dict | None, evt: gr.EventData) -> str:
        key, idx = clicked(evt)
        turns = (conv or {}).get("turns", [])
        phrases: tuple[str, ...] = ()
        parsed = R.parse_task_key(key)
        if idx.isdigit() and int(idx) < len(turns) and parsed:
            try:
                task = a.task_at(*parsed)
                phrases = tuple(turns[int(idx)].get("hl", {}).get(task.id, ()))
            except KeyError:
                pass
        return open_task(key, phrases)

    # ---- feedback -------------------------------------------------------------------------------------
    def on_like(conv: dict | None, data: gr.LikeData, request: gr.Request):
        index = data.index[0] if isinstance(data.index, list | tuple) else data.index
        turns = (conv or {}).get("turns", [])
        turn_no = int(index) // 2 if isinstance(index, int) else -1
        if not (0 <= turn_no < len(turns)) or data.liked not in (True, False):
            return None, gr.update(visible=False), ""
        turn = turns[turn_no]
        answer = turn.get("answer") or {"answer": turn.get("error", ""), "citations": []}
        fid = ctx.feedback.add(1 if data.liked else -1, turn["q"], answer.get("answer", ""),
                               [{k: c.get(k) for k in ("doc", "task", "label", "title", "citation")}
                                for c in answer.get("citations", [])],
                               client=getattr(getattr(request, "client", None), "host", "") or "")
        note = "已记录：有帮助。" if data.liked else "已记录：没有帮助。可以补充哪里不对（可选）："
        return fid, gr.update(visible=True), R.message_html(note, "ok" if data.liked else "warn")

    def on_comment(fid, comment: str):
        if not fid:
            return gr.update(visible=False), "", ""
        ctx.feedback.comment(int(fid), (comment or "")[:1000])
        return gr.update(visible=False), "", R.message_html("谢谢，意见已记录。", "ok")

    # ---- units ----------------------------------------------------------------------------------------
    def lookup_unit(text: str):
        text = (text or "").strip()[:100]
        hidden = gr.update(visible=False)
        if not text:
            return R.message_html("请选择或输入单位名称（可用简称，如“住建局”“发改局”“财政”）。"), hidden, hidden, hidden
        name = a.resolve_unit(text)
        if name is None:
            return (R.message_html(f"未找到单位“{text}”。请从列表中选择，或换一种写法（如“区住房和城乡建设局”“住建局”）。",
                                   "warn"), hidden, hidden, hidden)
        s = a.unit(name)
        view = R.UnitView(s.name, s.aliases, s.lead, s.responsible, s.shared)
        rows = R.unit_rows(view)
        folder = prune_exports()
        stem = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in s.name) + "_任务清单"
        files = (R.write_csv(rows, folder / f"{stem}.csv"), R.write_xlsx(rows, folder / f"{stem}.xlsx"),
                 R.write_docx(view, folder / f"{stem}.docx"))
        return (R.unit_html(view, show_doc=many_docs()),
                *(gr.update(value=str(f), visible=True) for f in files))

    # ---- task browser -----------------------------------------------------------------------------------
    def browse(keyword: str, unit: str) -> str:
        name = None
        if unit and unit != ALL_UNITS:
            name = a.resolve_unit(unit)
            if name is None:
                return R.message_html(f"未找到单位“{str(unit)[:100]}”。", "warn")
        keyword = (keyword or "").strip()[:200]
        tasks = a.search_tasks(keyword, limit=len(a.tasks)) if keyword else list(a.tasks)
        if name:
            tasks = [t for t in tasks if name in t.unit_names]
        if keyword:  # the search ranks; the browser lists in notice order
            tasks = sorted(tasks, key=lambda t: (t.doc_id, t.seq))
        return R.browser_html(tasks, a.notices, len(a.tasks))

    def open_from_browser(keyword: str, evt: gr.EventData) -> str:
        key, _ = clicked(evt)
        kw = (keyword or "").strip()
        return open_task(key, (kw,) if kw else ())

    def open_plain(evt: gr.EventData) -> str:
        return open_task(clicked(evt)[0])

    # ---- draft check --------------------------------------------------------------------------------------
    def load_draft(path):
        if not path:
            return gr.update(), ""
        path = Path(path)
        if path.stat().st_size > MAX_DRAFT_FILE:
            return gr.update(), R.message_html(f"文稿文件超过 {MAX_DRAFT_FILE // 1048576} MB。", "err")
        try:
            text = file_text(path.read_bytes(), path.name)
        except PolicyQAError as exc:
            return gr.update(), R.message_html(f"无法读取文稿：{exc}", "err")
        if len(text) > MAX_DRAFT_CHARS:
            return gr.update(), R.message_html(f"文稿有 {len(text)} 字，超过上限 {MAX_DRAFT_CHARS} 字，请分段核对。", "err")
        return text, ""

    def check_draft(text: str):
        hidden = gr.update(visible=False)
        text = (text or "").strip()
        if not text:
            return R.message_html("请粘贴或上传文稿。"), "", hidden
        try:
            checks = a.check_draft(text)
        except PolicyQAError as exc:
            return R.message_html(str(exc), "err"), "", hidden
        path = prune_exports() / "草稿核对.docx"
        path.write_bytes(to_docx(checks))
        copy = R.copy_button(with_citations(checks), "复制带引用的全文", cls="pqa-copy-all",
                             title="复制文稿，每句之后附上所依据任务的引用")
        return R.draft_html(checks), copy, gr.update(value=str(path), visible=True)

    # ---- admin: notices -------------------------------------------------------------------------------------
    def notices_view():
        versions = a.notice_versions()
        return (R.notices_html(a.notices, a.tasks), gr.update(choices=[n.doc_id for n in a.notices], value=None),
                gr.update(choices=versions, value=None))

    @admin
    def preview_upload(path, request: gr.Request):
        off = gr.update(interactive=False, value="确认导入")
        if not path:
            return "", None, off, gr.update()
        path = Path(path)
        name = path.name

        def refuse(reason: str):
            return R.message_html(f"无法导入 {name}，已收录的通知未作任何更改。\n原因：{reason}", "err"), None, off, None

        suffix = path.suffix.lower()
        if suffix not in SUFFIXES:
            return refuse(f"不支持的文件类型“{suffix or '无扩展名'}”，请上传 {'、'.join(SUFFIXES)} 文件。")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return refuse(f"文件大小 {size / 1048576:.1f} MB，超过上限 {MAX_FILE_BYTES / 1048576:.0f} MB。")
        if size == 0:
            return refuse("文件是空的。")
        data = path.read_bytes()
        try:
            parsed, existing = a.preview_upload(data, name)
        except PolicyQAError as exc:
            return refuse(str(exc))
        diff = None
        if existing is not None:
            from rag.corpus import diff_notices

            diff = diff_notices(existing, parsed)
        label = "确认替换" if existing is not None else "确认导入"
        return (R.preview_html(parsed.notice, parsed.tasks, name, diff),
                {"name": name, "data": data, "replace": existing is not None},
                gr.update(interactive=True, value=label), gr.update())

    @admin
    def confirm_upload(pending, request: gr.Request, progress=gr.Progress()):  # noqa: B008 (Gradio injects it)
        off = gr.update(interactive=False, value="确认导入")
        unchanged = (gr.update(),) * 6
        if not pending:
            return (R.message_html("请先上传并核对通知文件。", "warn"), None, off, gr.update()) + unchanged

        def report(stage: str, done: int, total: int) -> None:
            progress((done, max(total, 1)), desc=f"正在更新索引：{stage}")

        try:
            notice = a.add_notice(pending["data"], pending["name"], progress=report, replace=bool(pending.get("replace")))
        except PolicyQAError as exc:
            return (R.message_html(f"导入失败，通知与索引均未更改。\n原因：{exc}", "err"), None, off, gr.update()) + unchanged
        audit(request, "replace-notice" if pending.get("replace") else "add-notice",
              f"{notice.doc_id} ({pending['name']})")
        n = sum(1 for t in a.tasks if t.doc_id == notice.doc_id)
        verb = "已替换" if pending.get("replace") else "已导入"
        msg = R.message_html(f"{verb} {notice.doc_id}（{n} 项任务），索引已更新，现在即可提问。", "ok")
        return (msg, None, off, None, *notices_view(), status(), *unit_updates())

    @admin
    def delete_notice(doc_id, request: gr.Request, progress=gr.Progress()):  # noqa: B008
        if not doc_id:
            return (R.message_html("请选择要删除的通知。", "warn"),) + (gr.update(),) * 6

        def report(stage: str, done: int, total: int) -> None:
            progress((done, max(total, 1)), desc=f"正在更新索引：{stage}")

        try:
            kept = a.delete_notice(str(doc_id), progress=report)
        except PolicyQAError as exc:
            return (R.message_html(f"删除失败，通知与索引均未更改。\n原因：{exc}", "err"),) + (gr.update(),) * 6
        audit(request, "delete-notice", f"{doc_id} (kept as {kept})")
        return (R.message_html(f"已删除 {doc_id}；原文件保留为 {kept}，可随时恢复。", "ok"), *notices_view(), status(),
                *unit_updates())

    @admin
    def restore_notice(version, request: gr.Request, progress=gr.Progress()):  # noqa: B008
        if not version:
            return (R.message_html("请选择要恢复的版本。", "warn"),) + (gr.update(),) * 6

        def report(stage: str, done: int, total: int) -> None:
            progress((done, max(total, 1)), desc=f"正在更新索引：{stage}")

        try:
            a.restore_notice(str(version), progress=report)
        except PolicyQAError as exc:
            return (R.message_html(f"恢复失败，通知与索引均未更改。\n原因：{exc}", "err"),) + (gr.update(),) * 6
        audit(request, "restore-notice", str(version))
        return (R.message_html(f"已恢复 {version}。", "ok"), *notices_view(), status(), *unit_updates())

    def unit_updates():
        choices = unit_choices()
        return gr.update(choices=choices), gr.update(choices=[(ALL_UNITS, ALL_UNITS)] + choices)

    # ---- admin: generative answers -----------------------------------------------------------------------------
    def llm_status() -> str:
        c = ctx.llm.config
        return R.llm_status_html(R.shown_url(c.base_url), c.model, c.timeout) if c else R.llm_status_html()

    @admin
    def apply_llm(base_url, model, api_key, timeout, request: gr.Request):
        try:
            config = ctx.llm.from_form(base_url, model, api_key, timeout)
            ctx.llm.set(config)
        except LLMConfigError as exc:
            return R.llm_status_html(error=str(exc))
        audit(request, "llm-settings", f"{R.shown_url(config.base_url)} {config.model}" if config else "off")
        return llm_status()

    # ---- admin: feedback and audit ------------------------------------------------------------------------------
    VOTES = {"全部": None, "👍 有帮助": 1, "👎 没有帮助": -1}

    @admin
    def list_feedback(vote, text, request: gr.Request):
        rows = ctx.feedback.list(VOTES.get(vote), (text or "").strip()[:100], 500)
        path = prune_exports() / "反馈.csv"
        path.write_text(ctx.feedback.csv(rows), encoding="utf-8-sig")
        return R.feedback_html(rows), gr.update(value=str(path), visible=bool(rows))

    @admin
    def feedback_to_eval(feedback_id, request: gr.Request):
        try:
            question = ctx.feedback.as_eval_question(int(feedback_id or 0))
        except (KeyError, ValueError):
            return f"# 没有编号为 {feedback_id} 的反馈"
        return json.dumps(question, ensure_ascii=False)

    @admin
    def show_audit(request: gr.Request):
        return R.audit_html(ctx.audit.tail(200))

    # ---- page load ------------------------------------------------------------------------------------------------
    def on_load(saved, request: gr.Request):
        admin_now = is_admin(request)
        convs = saved_list(saved)
        conv, chat, panel = open_conversation(convs[0]["id"], convs) if convs else (None, [], R.panel_placeholder())
        caller = ctx.caller(request)
        if admin_now:
            who = R.message_html(f"当前身份：管理员 {caller.admin}（来自 {caller.address}）", "ok")
        elif not ctx.auth.configured:
            who = R.message_html("服务器未设置管理员密码，只能在服务器本机上管理（设置方法：policyqa admin set-password）。", "warn")
        else:
            who = R.message_html("当前为普通用户：可提问、查询、浏览、导出和反馈。管理通知与设置需要管理员登录。")
        choices = unit_choices()
        return (status(), conv, chat, panel,
                gr.update(choices=conversation_choices(convs), value=conv["id"] if conv else None),
                gr.update(choices=choices), gr.update(choices=[(ALL_UNITS, ALL_UNITS)] + choices),
                browse("", ALL_UNITS), who, gr.update(visible=not admin_now and ctx.auth.accepts_passwords),
                gr.update(visible=admin_now and ctx.auth.accepts_passwords), gr.update(visible=admin_now),
                *(notices_view() if admin_now else (gr.update(),) * 3), llm_status() if admin_now else "")

    # ---- layout -----------------------------------------------------------------------------------------------------
    with gr.Blocks(title="重点工作任务问答", analytics_enabled=False, delete_cache=(600, 3600)) as app:
        conv = gr.State(None)
        saved = gr.BrowserState([], storage_key="policyqa-conversations-v1", secret=ctx.browser_secret)
        feedback_id = gr.State(None)
        pending = gr.State(None)
        header = gr.HTML(status(), elem_id="pqa-header", js_on_load=None)

        with gr.Tabs(elem_id="pqa-tabs"):
            with gr.Tab("问答", id="chat", elem_id="pqa-tab-chat"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=1, min_width=170, elem_id="pqa-side"):
                        new_btn = gr.Button("＋ 新对话", size="sm", variant="secondary", elem_id="pqa-new")
                        conv_list = gr.Radio(choices=[], value=None, label="历史对话（保存在本浏览器）",
                                             elem_id="pqa-convs", container=True)
                        delete_conv_btn = gr.Button("删除此对话", size="sm", variant="secondary",
                                                    elem_id="pqa-del-conv")
                    with gr.Column(scale=4, min_width=400):
                        chatbot = gr.Chatbot(
                            elem_id="pqa-chat", show_label=False, height="calc(100vh - 330px)", min_height=300,
                            layout="bubble", latex_delimiters=[], buttons=[],
                            feedback_options=("Like", "Dislike"),
                            placeholder="<div class='pqa-empty'><b>请输入关于重点工作任务的问题</b><br>"
                                        "例如某项工作由哪个单位牵头、某单位负责哪些任务、某部分包括哪些任务；"
                                        "可以接着上一问追问。每条回答都附任务序号和牵头单位，可一键复制到文稿。</div>",
                        )
                        with gr.Row(equal_height=True):
                            question = gr.Textbox(show_label=False, placeholder="输入问题，例如：老旧小区改造谁牵头？",
                                                  scale=6, lines=1, max_lines=4, max_length=MAX_QUESTION_CHARS,
                                                  elem_id="pqa-question", autofocus=True)
                            ask_btn = gr.Button("提问", variant="primary", scale=1, min_width=80, elem_id="pqa-ask")
                        with gr.Row(visible=False, elem_id="pqa-feedback") as feedback_row:
                            feedback_msg = gr.HTML("", js_on_load=None)
                            feedback_text = gr.Textbox(show_label=False, placeholder="补充意见（可选），如：应为第26项",
                                                       max_length=1000, scale=4, elem_id="pqa-feedback-text")
                            feedback_btn = gr.Button("提交意见", size="sm", scale=1, elem_id="pqa-feedback-send")
                        feedback_done = gr.HTML("", elem_id="pqa-feedback-done", js_on_load=None)
                        with gr.Row(elem_id="pqa-examples"):
                            example_btns = [gr.Button(q, size="sm", variant="secondary", min_width=60,
                                                      elem_classes=["pqa-example"]) for q in EXAMPLES]
                    with gr.Column(scale=3, min_width=300):
                        chat_panel = gr.HTML(R.panel_placeholder(), elem_id="pqa-panel-chat",
                                             js_on_load=PANEL_JS.replace("__SCOPE__", "chat"))

            with gr.Tab("单位查询", id="units", elem_id="pqa-tab-units"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, min_width=400):
                        unit_dd = gr.Dropdown(choices=unit_choices(), value=None, label="单位",
                                              info="可从列表选择，也可输入全称、简称或部分名称（如“住建局”“大数据局”“财政”）后回车",
                                              allow_custom_value=True, filterable=True, elem_id="pqa-unit-dd")
                        with gr.Row(elem_id="pqa-unit-export"):
                            unit_csv = gr.DownloadButton("导出 CSV", visible=False, size="sm", elem_id="pqa-unit-csv")
                            unit_xlsx = gr.DownloadButton("导出 Excel", visible=False, size="sm", elem_id="pqa-unit-xlsx")
                            unit_docx = gr.DownloadButton("导出 Word", visible=False, size="sm", elem_id="pqa-unit-docx")
                        unit_out = gr.HTML(R.message_html("请选择或输入单位名称。"), elem_id="pqa-unit-out",
                                           js_on_load=None)
                    with gr.Column(scale=2, min_width=300):
                        unit_panel = gr.HTML(R.panel_placeholder("点击左侧任务，在此查看原文。"), elem_id="pqa-panel-units",
                                             js_on_load=PANEL_JS.replace("__SCOPE__", "units"))

            with gr.Tab("任务浏览", id="browse", elem_id="pqa-tab-browse"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, min_width=400):
                        with gr.Row():
                            kw = gr.Textbox(label="搜索", placeholder="与问答相同的检索：如 老旧小区改造、锂电、住建局",
                                            scale=3, max_length=200, elem_id="pqa-browse-kw")
                            browse_unit = gr.Dropdown(choices=[(ALL_UNITS, ALL_UNITS)] + unit_choices(),
                                                      value=ALL_UNITS, label="单位（牵头、责任或分工负责）",
                                                      allow_custom_value=True, filterable=True, scale=2,
                                                      elem_id="pqa-browse-unit")
                        browse_out = gr.HTML("", elem_id="pqa-browse-out", max_height=620, js_on_load=None)
                    with gr.Column(scale=2, min_width=300):
                        browse_panel = gr.HTML(R.panel_placeholder("点击左侧任务，在此查看原文。"),
                                               elem_id="pqa-panel-browse",
                                               js_on_load=PANEL_JS.replace("__SCOPE__", "browse"))

            with gr.Tab("草稿核对", id="draft", elem_id="pqa-tab-draft"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, min_width=400):
                        draft_text = gr.Textbox(label="文稿", lines=8, max_lines=16, max_length=MAX_DRAFT_CHARS,
                                                placeholder="粘贴讲话稿、汇报或总结，逐句找出所依据的任务并核对单位、数字和时限",
                                                elem_id="pqa-draft-text")
                        with gr.Row():
                            draft_file = gr.UploadButton("上传文稿（.docx / .txt）", file_types=[".docx", ".txt"],
                                                         size="sm", elem_id="pqa-draft-upload")
                            draft_btn = gr.Button("核对", variant="primary", size="sm", elem_id="pqa-draft-check")
                            draft_docx = gr.DownloadButton("下载 Word（问题为批注）", visible=False, size="sm",
                                                           elem_id="pqa-draft-docx")
                        draft_copy = gr.HTML("", elem_id="pqa-draft-copy", js_on_load=None)
                        draft_out = gr.HTML("", elem_id="pqa-draft-out", js_on_load=None)
                    with gr.Column(scale=2, min_width=300):
                        draft_panel = gr.HTML(R.panel_placeholder("点击引用标签，在此查看任务原文。"),
                                              elem_id="pqa-panel-draft",
                                              js_on_load=PANEL_JS.replace("__SCOPE__", "draft"))

            with gr.Tab("管理", id="admin", elem_id="pqa-tab-admin"):
                who = gr.HTML("", elem_id="pqa-who", js_on_load=None)
                with gr.Row(visible=False, elem_id="pqa-login") as login_row:
                    password = gr.Textbox(label="管理员密码", type="password", max_length=200, scale=3,
                                          elem_id="pqa-password")
                    login_btn = gr.Button("登录", variant="primary", scale=1, elem_id="pqa-login-btn")
                gr.HTML("", elem_id="pqa-login-msg", js_on_load=None)  # LOGIN_JS writes its errors here
                logout_btn = gr.Button("退出登录", size="sm", visible=False, elem_id="pqa-logout")
                with gr.Column(visible=False, elem_id="pqa-admin") as admin_area:
                    with gr.Tabs():
                        with gr.Tab("通知", id="admin-notices"):
                            notices_out = gr.HTML("", elem_id="pqa-notices", js_on_load=None)
                            gr.HTML(f"<div class='pqa-label'>导入或替换通知</div><div class='pqa-note'>支持 "
                                    f"{'、'.join(SUFFIXES)}，不超过 {MAX_FILE_BYTES // 1048576} MB。上传后先预览解析结果；"
                                    "文号与已收录通知相同（写法不同也算）时为替换，会列出变化，确认后才写入并更新索引。"
                                    "旧版本保留，可恢复。</div>", js_on_load=None)
                            upload = gr.File(label="上传通知文件", file_types=list(SUFFIXES), type="filepath",
                                             elem_id="pqa-upload", height=110)
                            upload_msg = gr.HTML("", elem_id="pqa-upload-msg", js_on_load=None)
                            confirm_btn = gr.Button("确认导入", variant="primary", interactive=False,
                                                    elem_id="pqa-confirm", scale=0, min_width=140)
                            with gr.Row():
                                delete_dd = gr.Dropdown(choices=[], label="删除通知", scale=3, elem_id="pqa-delete-dd")
                                delete_btn = gr.Button("删除", variant="stop", scale=1, elem_id="pqa-delete")
                            with gr.Row():
                                version_dd = gr.Dropdown(choices=[], label="已替换或删除的版本", scale=3,
                                                         elem_id="pqa-version-dd")
                                restore_btn = gr.Button("恢复", scale=1, elem_id="pqa-restore")
                            notice_msg = gr.HTML("", elem_id="pqa-notice-msg", js_on_load=None)
                        with gr.Tab("生成式回答", id="admin-llm"):
                            hosts = "、".join(ctx.llm.allowed_hosts) or "未限制（可用 POLICYQA_LLM_ALLOWED_HOSTS 限定）"
                            gr.HTML("<div class='pqa-note'>填写 OpenAI 兼容的对话服务后，所有用户的回答先给出原文摘录，"
                                    "再由模型依据检索到的任务原文组织语言，逐句核对引用、单位和数字，未通过核验的句子不予显示。"
                                    f"服务地址留空即关闭。允许的主机：{R.esc(hosts)}</div>", js_on_load=None)
                            with gr.Row():
                                llm_url = gr.Textbox(label="服务地址（Base URL）", max_length=500, scale=3,
                                                     placeholder="如 http://127.0.0.1:8080/v1；留空则关闭", elem_id="pqa-llm-url")
                                llm_model = gr.Textbox(label="模型名称", max_length=200, scale=2, value="default",
                                                       elem_id="pqa-llm-model")
                            with gr.Row():
                                llm_key = gr.Textbox(label="API Key（留空则沿用当前）", type="password", max_length=500,
                                                     scale=3, elem_id="pqa-llm-key")
                                llm_timeout = gr.Textbox(label="超时（秒，整个回答）", max_length=10, scale=1, value="30",
                                                         elem_id="pqa-llm-timeout")
                            llm_apply = gr.Button("保存设置", size="sm", variant="primary", elem_id="pqa-llm-apply")
                            llm_status_out = gr.HTML("", elem_id="pqa-llm-status", js_on_load=None)
                        with gr.Tab("用户反馈", id="admin-feedback"):
                            with gr.Row():
                                fb_vote = gr.Radio(list(VOTES), value="全部", label="评价", scale=2)
                                fb_text = gr.Textbox(label="包含文字", max_length=100, scale=2)
                                fb_btn = gr.Button("查询", scale=1, elem_id="pqa-fb-list")
                                fb_csv = gr.DownloadButton("导出 CSV", visible=False, scale=1, elem_id="pqa-fb-csv")
                            fb_out = gr.HTML("", elem_id="pqa-fb-out", js_on_load=None)
                            with gr.Row():
                                fb_id = gr.Number(label="反馈编号", precision=0, scale=1)
                                fb_eval_btn = gr.Button("转为评测问题（eval/ 格式）", scale=2, elem_id="pqa-fb-eval")
                            fb_eval = gr.Code(label="评测问题（补全 gold 后加入 eval/*.jsonl）", language="json",
                                              elem_id="pqa-fb-eval-out")
                        with gr.Tab("操作记录", id="admin-audit"):
                            audit_btn = gr.Button("刷新", size="sm", elem_id="pqa-audit-refresh")
                            audit_out = gr.HTML("", elem_id="pqa-audit-out", js_on_load=None)

        # ---- events ------------------------------------------------------------------------------------------------
        # The public endpoint /ask (Gradio clients): a question in, Answer.to_dict() out, no UI state.
        # Registered first so that it keeps the bare name "ask".
        def ask_api(question: str) -> dict:
            """Answer a question about the notices: the `ask --json` object, or {"question", "error"}."""
            try:
                return a.ask(question).to_dict()
            except PolicyQAError as exc:
                shown = question[:200] if isinstance(question, str) else ""
                return {"question": shown, "error": str(exc)}

        gr.api(ask_api, api_name="ask", concurrency_id="ask", concurrency_limit=ASK_WORKERS)

        private = dict(api_visibility="private")
        ask_opts = dict(outputs=[question, chatbot, conv], concurrency_id="ask", concurrency_limit=ASK_WORKERS, **private)
        after_ask = dict(fn=generate, inputs=[conv], outputs=[chatbot, conv], concurrency_id="llm",
                         concurrency_limit=LLM_WORKERS, **private)
        save_opts = dict(fn=save, inputs=[conv, saved], outputs=[saved, conv_list], show_progress="hidden", **private)
        for event in (question.submit(ask, inputs=[question, conv], **ask_opts),
                      ask_btn.click(ask, inputs=[question, conv], **ask_opts),
                      *(btn.click(functools.partial(ask, q), inputs=[conv], **ask_opts)
                        for btn, q in zip(example_btns, EXAMPLES, strict=True))):
            event.then(**save_opts).then(**after_ask).then(**save_opts)

        new_btn.click(fresh, None, [conv, chatbot, chat_panel, question, conv_list, feedback_row], **private)
        chatbot.clear(fresh, None, [conv, chatbot, chat_panel, question, conv_list, feedback_row], **private)
        delete_conv_btn.click(delete_conversation, [conv, saved],
                              [saved, conv_list, conv, chatbot, chat_panel, question], **private)
        conv_list.input(open_conversation, [conv_list, saved], [conv, chatbot, chat_panel], **private)
        chat_panel.click(open_from_chat, inputs=[conv], outputs=[chat_panel], show_progress="hidden", **private)
        chatbot.like(on_like, [conv], [feedback_id, feedback_row, feedback_msg], **private)
        feedback_btn.click(on_comment, [feedback_id, feedback_text], [feedback_row, feedback_text, feedback_done],
                           **private)
        feedback_text.submit(on_comment, [feedback_id, feedback_text], [feedback_row, feedback_text, feedback_done],
                             **private)

        unit_dd.change(lookup_unit, inputs=[unit_dd], outputs=[unit_out, unit_csv, unit_xlsx, unit_docx], **private)
        unit_panel.click(open_plain, None, [unit_panel], show_progress="hidden", **private)

        kw.change(browse, inputs=[kw, browse_unit], outputs=[browse_out], trigger_mode="always_last",
                  show_progress="hidden", **private)
        browse_unit.change(browse, inputs=[kw, browse_unit], outputs=[browse_out], **private)
        browse_panel.click(open_from_browser, inputs=[kw], outputs=[browse_panel], show_progress="hidden", **private)

        draft_file.upload(load_draft, [draft_file], [draft_text, draft_out], **private)
        draft_btn.click(check_draft, [draft_text], [draft_out, draft_copy, draft_docx], concurrency_id="ask",
                        **private)
        draft_panel.click(open_plain, None, [draft_panel], show_progress="hidden", **private)

        login_btn.click(None, [password], [password], js=LOGIN_JS, **private)
        password.submit(None, [password], [password], js=LOGIN_JS, **private)
        logout_btn.click(None, None, None, js=LOGOUT_JS, **private)

        notice_outputs = [notices_out, delete_dd, version_dd, header, unit_dd, browse_unit]
        upload.upload(preview_upload, inputs=[upload], outputs=[upload_msg, pending, confirm_btn, upload], **private)
        upload.clear(lambda: ("", None, gr.update(interactive=False, value="确认导入")), None,
                     [upload_msg, pending, confirm_btn], **private)
        confirm_btn.click(confirm_upload, inputs=[pending],
                          outputs=[upload_msg, pending, confirm_btn, upload, *notice_outputs], **private)
        delete_btn.click(delete_notice, [delete_dd], [notice_msg, *notice_outputs], js=CONFIRM_DELETE_JS, **private)
        restore_btn.click(restore_notice, [version_dd], [notice_msg, *notice_outputs], **private)
        llm_apply.click(apply_llm, [llm_url, llm_model, llm_key, llm_timeout], [llm_status_out], **private)
        fb_btn.click(list_feedback, [fb_vote, fb_text], [fb_out, fb_csv], **private)
        fb_eval_btn.click(feedback_to_eval, [fb_id], [fb_eval], **private)
        audit_btn.click(show_audit, None, [audit_out], **private)

        app.load(on_load, [saved],
                 [header, conv, chatbot, chat_panel, conv_list, unit_dd, browse_unit, browse_out, who, login_row,
                  logout_btn, admin_area, notices_out, delete_dd, version_dd, llm_status_out], **private)
    return app
