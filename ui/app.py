"""The web workspace (Gradio): ask with citations, look up units, browse tasks, add notices.

``policyqa serve`` calls :func:`serve`; tests call :func:`build_app` and launch
the result themselves.  The UI holds no retrieval logic: every answer, lookup
and notice check is a call to :class:`rag.Assistant`.  Per-user data (chat
history, answers, a pending upload) lives in ``gr.State``; module globals hold
only constants.
"""

from __future__ import annotations

import atexit
import importlib.util
import shutil
import sys
import tempfile
from functools import partial
from pathlib import Path
from urllib.parse import urlparse

import gradio as gr  # ui/__init__.py has already turned Gradio's analytics off

from rag.errors import PolicyQAError
from rag.llm import MAX_TIMEOUT, GeneratedAnswer, GenerativeAnswerer, LLMConfig, LLMConfigError
from rag.parse import MAX_FILE_BYTES, SUFFIXES

from . import render as R
from .style import CSS

EXAMPLES = (
    "老旧小区改造谁牵头？",
    "发改局牵头哪些任务？",
    "第三部分有哪些任务？",
    "第50项的责任单位有哪些？",
    "通知是什么时候印发的？",
)
ALL_UNITS = "全部单位"
MAX_UPLOAD = f"{max(MAX_FILE_BYTES * 4 // (1024 * 1024), 1)}mb"  # Gradio's hard cap; our own limit is checked first

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


class PolicyQAApp(gr.Blocks):
    """``gr.Blocks`` whose ``launch()`` brings the app's theme, CSS and quiet defaults."""

    def launch(self, *args, **kwargs):
        kwargs.setdefault("theme", THEME)
        kwargs.setdefault("css", CSS)
        kwargs.setdefault("footer_links", [])
        kwargs.setdefault("show_error", True)
        kwargs.setdefault("max_file_size", MAX_UPLOAD)
        kwargs.setdefault("run_history", False)
        return super().launch(*args, **kwargs)


# ---- generative-mode settings (per session: the values live in a gr.State, never here) --------------
def env_llm_settings(env=None) -> tuple[dict | None, str]:
    """The server's ``POLICYQA_LLM_*`` settings as (settings or None, error).

    The settings dict holds plain values (base_url, model, api_key, timeout);
    None means extractive mode.  A bad environment is reported, not raised.
    """
    try:
        config = LLMConfig.from_env(env)
    except LLMConfigError as exc:
        return None, str(exc)
    if config is None:
        return None, ""
    return {"base_url": config.base_url, "model": config.model, "api_key": config.api_key,
            "timeout": config.timeout}, ""


def llm_settings(base_url, model, api_key, timeout, env: dict | None = None) -> dict | None:
    """Validate the panel's fields: a settings dict, or None (no base URL: extractive mode).

    An empty API key field keeps the environment's key, but only for the
    environment's own base URL: the server's key never goes to another host.

    Raises:
        LLMConfigError: one line, in Chinese, naming the field at fault.
    """
    url = str(base_url or "").strip()
    if not url:
        return None
    u = urlparse(url)
    if u.scheme not in ("http", "https") or not u.netloc or any(ch.isspace() for ch in url):
        raise LLMConfigError(f"服务地址须为 http:// 或 https:// 开头的网址（如 http://127.0.0.1:8080/v1），当前为“{url[:80]}”")
    model = str(model or "").strip()
    if not model:
        raise LLMConfigError("模型名称不能为空（只部署一个模型的服务可填 default）")
    raw = str(timeout if timeout is not None else "").strip() or "30"
    try:
        secs = float(raw)
    except ValueError:
        raise LLMConfigError(f"超时须为秒数（如 30），当前为“{raw[:20]}”") from None
    if not 0 < secs <= MAX_TIMEOUT or secs != secs:
        raise LLMConfigError(f"超时须大于 0 且不超过 {MAX_TIMEOUT:g} 秒，当前为 {raw[:20]}")
    key = str(api_key or "").strip()
    if not key and env and env.get("base_url") == url:
        key = env.get("api_key", "")
    if importlib.util.find_spec("langchain_openai") is None:
        raise LLMConfigError("生成式回答需要安装 langchain-openai（pip install 'policyqa[llm]'）")
    settings = {"base_url": url, "model": model, "api_key": key, "timeout": secs}
    LLMConfig(**settings)  # anything else it refuses (its message names the setting)
    return settings


def shown_url(url: str) -> str:
    """A base URL without any user:password part, for display."""
    u = urlparse(url)
    if "@" not in u.netloc:
        return url
    return u._replace(netloc=u.netloc.rpartition("@")[2]).geturl()


def _progress_to_stderr(stage: str, done: int, total: int) -> None:
    print(f"\r{stage}: {done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)


def serve(corpus_dir, index_dir, embedder=None, host: str = "127.0.0.1", port: int = 7860) -> None:
    """Open the assistant (building the index when needed) and serve the workspace."""
    from rag.assistant import Assistant

    print(f"opening {corpus_dir} (index {index_dir}) …", file=sys.stderr, flush=True)
    assistant = Assistant.open(corpus_dir, index_dir, embedder, progress=_progress_to_stderr)
    m = assistant.manifest
    print(f"{m.count} tasks from {len(assistant.notices)} notice(s), index built {m.built_at} with {m.embedder}",
          file=sys.stderr, flush=True)
    app = build_app(assistant)
    app.queue()
    app.launch(server_name=host, server_port=port)


def build_app(assistant) -> gr.Blocks:
    """The Blocks app over one :class:`rag.Assistant` (launch it with ``.launch()``)."""
    a = assistant
    env_llm, env_llm_error = env_llm_settings()  # read once; the key stays on the server
    export_root = Path(tempfile.mkdtemp(prefix="policyqa-export-"))  # Gradio serves copies from its own cache
    atexit.register(shutil.rmtree, export_root, ignore_errors=True)

    # ---- helpers over the assistant's current state ----------------------------------
    def status() -> str:
        m = a.manifest
        return R.status_html(a.notices, len(a.tasks), m.built_at, m.embedder)

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
            task = a.task(*parsed)
        except KeyError:
            return R.panel_missing(key)
        return R.task_panel_html(task, notice_of(task.doc_id), phrases)

    # ---- chat ------------------------------------------------------------------------------
    def ask(question: str, chat: list, answers: list, llm: dict | None = None):
        """A generator: the extractive answer at once, or a generated one streamed sentence by sentence."""
        question = (question or "").strip()
        chat, answers = list(chat or []), list(answers or [])
        if not question:
            yield gr.update(), chat, answers
            return
        chat.append({"role": "user", "content": R.question_html(question)})
        if llm:
            yield from ask_generated(question, chat, answers, llm)
            return
        try:
            answer = a.ask(question)
        except PolicyQAError as exc:
            yield error_reply(exc, chat, answers)
            return
        m = a.manifest
        note = R.provenance(answer, a.notices, m.built_at, m.embedder)
        answers.append(answer)
        chat.append({"role": "assistant", "content": R.answer_html(answer, len(answers) - 1, note, show_doc=many_docs())})
        yield "", chat, answers

    def error_reply(exc: Exception, chat: list, answers: list) -> tuple:
        """The chat outputs after a question the library refused (empty, too long, …)."""
        chat.append({"role": "assistant", "content": R.error_html(str(exc))})
        return "", chat, answers

    def ask_generated(question: str, chat: list, answers: list, llm: dict):
        """Stream a generated answer: verified sentences as they come, then the finished answer.

        Whatever goes wrong past the question check (endpoint, settings, a bug) ends
        in the extractive answer under a one-line notice; the request is bounded by
        the configured timeout (rag.llm.ChatClient enforces it).
        """
        config = stream = None
        try:
            config = LLMConfig(**llm)
            stream = GenerativeAnswerer(a, config).stream(question)
        except LLMConfigError as exc:
            reason = f"生成式回答设置有误（{exc}）"
        except PolicyQAError as exc:  # the question itself (empty, too long): same as extractive mode
            yield error_reply(exc, chat, answers)
            return
        result = None
        if stream is not None:
            chat.append({"role": "assistant", "content": R.streaming_html([], config.model)})
            yield "", chat, answers
            try:
                shown = 0
                for _piece in stream:
                    if len(stream.sentences) != shown:
                        shown = len(stream.sentences)
                        chat[-1] = {"role": "assistant", "content": R.streaming_html(stream.sentences, config.model)}
                        yield "", chat, answers
                result = stream.result
            except Exception as exc:  # noqa: BLE001 - never leave the user without an answer
                reason = f"生成过程出错（{type(exc).__name__}）"
            else:
                reason = "生成服务没有给出结果"
        if result is None:
            try:
                extractive = a.ask(question)
            except PolicyQAError as exc:
                yield error_reply(exc, chat, answers)
                return
            result = GeneratedAnswer(question, "fallback", extractive.answer, f"{reason}，以下为原文摘录回答。",
                                     extractive, failure="error", citations=extractive.citations)
        m = a.manifest
        shown_answer = result.as_answer()
        note = R.provenance(shown_answer, a.notices, m.built_at, m.embedder)
        if result.mode in ("generated", "repaired"):
            note += f" ｜ 生成模型 {llm.get('model', '')}"
        answers.append(result.extractive)  # its highlights mark the matched sentences in the source panel
        content = R.generated_html(result, len(answers) - 1, note, show_doc=many_docs())
        if chat and chat[-1].get("role") == "assistant" and "pqa-streaming" in str(chat[-1].get("content", "")):
            chat[-1] = {"role": "assistant", "content": content}
        else:
            chat.append({"role": "assistant", "content": content})
        yield "", chat, answers

    def apply_llm(base_url, model, api_key, timeout):
        """Validate the settings panel into this session's state; errors are one line, never raised."""
        try:
            settings = llm_settings(base_url, model, api_key, timeout, env_llm)
        except LLMConfigError as exc:
            return None, R.llm_status_html(error=str(exc))
        if settings is None:
            return None, R.llm_status_html()
        return settings, R.llm_status_html(shown_url(settings["base_url"]), settings["model"], settings["timeout"])

    def open_from_chat(answers: list, evt: gr.EventData) -> str:
        data = evt._data if isinstance(getattr(evt, "_data", None), dict) else {}
        key, idx = str(data.get("task", "")), str(data.get("answer", ""))
        phrases: tuple[str, ...] = ()
        if idx.isdigit() and int(idx) < len(answers or []):
            phrases = dict(answers[int(idx)].highlights).get(key, ())
        return open_task(key, phrases)

    def clear():
        return [], [], R.panel_placeholder(), ""

    # ---- units --------------------------------------------------------------------------------
    def lookup_unit(name: str):
        name = (name or "").strip()
        if not name:
            return R.message_html("请选择或输入单位名称（可用简称，如“住建局”“发改局”）。"), None
        try:
            s = a.unit(name)
        except KeyError:
            return R.message_html(f"未找到单位“{name}”。请从列表中选择，或换一种写法（如“区住房和城乡建设局”“住建局”）。",
                                  "warn"), None
        view = R.UnitView(s.name, s.aliases, s.lead, s.responsible)
        rows = R.unit_rows(view)
        folder = Path(tempfile.mkdtemp(dir=export_root))
        stem = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in s.name) + "_任务清单"
        files = [str(R.write_csv(rows, folder / f"{stem}.csv")), str(R.write_xlsx(rows, folder / f"{stem}.xlsx"))]
        return R.unit_html(view, show_doc=many_docs()), files

    # ---- task browser ----------------------------------------------------------------------------
    def browse(keyword: str, unit: str):
        unit = (unit or "").strip()
        name = None
        if unit and unit != ALL_UNITS:
            try:
                name = a.unit(unit).name
            except KeyError:
                return R.message_html(f"未找到单位“{unit}”。", "warn")
        tasks = R.filter_tasks(a.tasks, keyword or "", name)
        return R.browser_html(tasks, a.notices, len(a.tasks))

    def open_from_browser(keyword: str, evt: gr.EventData) -> str:
        data = evt._data if isinstance(getattr(evt, "_data", None), dict) else {}
        kw = (keyword or "").strip()
        return open_task(str(data.get("task", "")), (kw,) if kw else ())

    # ---- notices ---------------------------------------------------------------------------------------
    def preview_upload(path):
        """Validate an upload: (message or preview, pending upload, confirm button, file box).

        A refused file is cleared from the file box so that another can be dropped in.
        """
        off = gr.update(interactive=False)
        if not path:
            return "", None, off, gr.update()
        path = Path(path)
        name = path.name

        def refuse(reason: str):
            return R.message_html(f"无法导入 {name}，已收录的通知未作任何更改。\n原因：{reason}", "err"), None, off, None

        suffix = path.suffix.lower()
        if suffix not in SUFFIXES:
            return refuse(f"不支持的文件类型“{suffix or '无扩展名'}”，请上传 .txt 或 .docx 文件。")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return refuse(f"文件大小 {size / 1048576:.1f} MB，超过上限 {MAX_FILE_BYTES / 1048576:.0f} MB。")
        if size == 0:
            return refuse("文件是空的。")
        data = path.read_bytes()
        try:
            parsed = a.preview_notice(data, name)
        except PolicyQAError as exc:
            return refuse(str(exc))
        return (R.preview_html(parsed.notice, parsed.tasks, name), {"name": name, "data": data},
                gr.update(interactive=True), gr.update())

    def confirm_upload(pending, progress=gr.Progress()):  # noqa: B008 (Gradio injects it)
        off = gr.update(interactive=False)
        if not pending:
            return (R.message_html("请先上传并核对通知文件。", "warn"), None, off, gr.update(), gr.update(),
                    gr.update(), gr.update(), gr.update(), gr.update())

        def report(stage: str, done: int, total: int) -> None:
            progress((done, max(total, 1)), desc=f"正在更新索引：{stage}")

        try:
            notice = a.add_notice(pending["data"], pending["name"], progress=report)
        except PolicyQAError as exc:
            return (R.message_html(f"导入失败，通知与索引均未更改。\n原因：{exc}", "err"), None, off, gr.update(),
                    gr.update(), gr.update(), gr.update(), gr.update(), gr.update())
        n = sum(1 for t in a.tasks if t.doc_id == notice.doc_id)
        msg = R.message_html(f"已导入 {notice.doc_id}（{n} 项任务），索引已更新，现在即可提问。", "ok")
        choices = unit_choices()
        return (msg, None, off, None, R.notices_html(a.notices, a.tasks), status(),
                gr.update(choices=choices), gr.update(choices=[(ALL_UNITS, ALL_UNITS)] + choices),
                browse("", ALL_UNITS))

    def refresh():
        """On page load: the index may have changed since the app was built."""
        choices = unit_choices()
        return (status(), R.notices_html(a.notices, a.tasks), gr.update(choices=choices),
                gr.update(choices=[(ALL_UNITS, ALL_UNITS)] + choices), browse("", ALL_UNITS))

    # ---- layout -------------------------------------------------------------------------------------------
    with PolicyQAApp(title="重点工作任务问答", analytics_enabled=False, delete_cache=(3600, 86400)) as app:
        answers = gr.State([])
        pending = gr.State(None)
        llm = gr.State(env_llm)  # this session's generative-mode settings; None = extractive
        header = gr.HTML(status(), elem_id="pqa-header", js_on_load=None)

        with gr.Tabs(elem_id="pqa-tabs"):
            with gr.Tab("问答", id="chat", elem_id="pqa-tab-chat"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, min_width=420):
                        chatbot = gr.Chatbot(
                            elem_id="pqa-chat", show_label=False, height=560, layout="bubble",
                            latex_delimiters=[], buttons=[], feedback_options=None,
                            placeholder="<div class='pqa-empty'><b>请输入关于重点工作任务的问题</b><br>"
                                        "例如某项工作由哪个单位牵头、某单位负责哪些任务、某部分包括哪些任务。"
                                        "每条回答都会附上任务序号和牵头单位，可一键复制到文稿。</div>",
                        )
                        with gr.Row(equal_height=True):
                            question = gr.Textbox(show_label=False, placeholder="输入问题，例如：老旧小区改造谁牵头？",
                                                  scale=6, lines=1, max_lines=4, max_length=2000,
                                                  elem_id="pqa-question", autofocus=True)
                            ask_btn = gr.Button("提问", variant="primary", scale=1, min_width=90, elem_id="pqa-ask")
                        with gr.Row(elem_id="pqa-examples"):
                            gr.HTML("<span class='pqa-label'>示例问题</span>", js_on_load=None)
                            example_btns = [gr.Button(q, size="sm", variant="secondary", min_width=60,
                                                      elem_classes=["pqa-example"]) for q in EXAMPLES]
                        with gr.Row():
                            clear_btn = gr.Button("清空对话", size="sm", variant="secondary", elem_id="pqa-clear",
                                                  min_width=100, scale=0)
                        with gr.Accordion("生成式回答（可选）", open=False, elem_id="pqa-llm"):
                            gr.HTML("<div class='pqa-note'>填写 OpenAI 兼容的对话服务后，回答由模型依据检索到的任务原文组织语言，"
                                    "逐句核对引用、单位和数字，未通过核验的句子不予显示。服务地址留空即为摘录模式（默认，不联网）。"
                                    "设置只对本窗口有效。</div>", js_on_load=None)
                            with gr.Row():
                                llm_url = gr.Textbox(label="服务地址（Base URL）", max_length=500, scale=3,
                                                     value=(env_llm or {}).get("base_url", ""),
                                                     placeholder="如 http://127.0.0.1:8080/v1；留空则不使用生成式回答",
                                                     elem_id="pqa-llm-url")
                                llm_model = gr.Textbox(label="模型名称", max_length=200, scale=2,
                                                       value=(env_llm or {}).get("model", "default"),
                                                       elem_id="pqa-llm-model")
                            with gr.Row():
                                # The environment's key is never sent to the page: an empty field keeps it.
                                llm_key = gr.Textbox(label="API Key", type="password", max_length=500, scale=3,
                                                     value="", elem_id="pqa-llm-key",
                                                     placeholder="已从环境变量读取，留空即沿用" if (env_llm or {}).get("api_key")
                                                     else "本地服务可留空")
                                llm_timeout = gr.Textbox(label="超时（秒）", max_length=10, scale=1,
                                                         value=f"{(env_llm or {}).get('timeout', 30.0):g}",
                                                         elem_id="pqa-llm-timeout")
                            with gr.Row(equal_height=True):
                                llm_apply = gr.Button("应用设置", size="sm", variant="secondary", scale=0,
                                                      min_width=100, elem_id="pqa-llm-apply")
                            llm_status = gr.HTML(
                                R.llm_status_html(error=env_llm_error) if env_llm_error else
                                R.llm_status_html(shown_url(env_llm["base_url"]), env_llm["model"], env_llm["timeout"])
                                if env_llm else R.llm_status_html(),
                                elem_id="pqa-llm-status", js_on_load=None)
                    with gr.Column(scale=2, min_width=340):
                        chat_panel = gr.HTML(R.panel_placeholder(), elem_id="pqa-panel-chat",
                                             js_on_load=PANEL_JS.replace("__SCOPE__", "chat"))

            with gr.Tab("单位查询", id="units", elem_id="pqa-tab-units"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3):
                        unit_dd = gr.Dropdown(choices=unit_choices(), value=None, label="单位",
                                              info="可从列表选择，也可直接输入全称或简称（如“住建局”“发改局”）后回车",
                                              allow_custom_value=True, filterable=True, elem_id="pqa-unit-dd")
                    with gr.Column(scale=2):
                        unit_files = gr.File(label="导出表格（CSV / Excel）", file_count="multiple",
                                             interactive=False, elem_id="pqa-unit-export", height=150)
                unit_out = gr.HTML(R.message_html("请选择或输入单位名称。"), elem_id="pqa-unit-out", js_on_load=None)

            with gr.Tab("任务浏览", id="browse", elem_id="pqa-tab-browse"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, min_width=420):
                        with gr.Row():
                            kw = gr.Textbox(label="关键词", placeholder="标题、正文或单位中的词，如：养老、锂电",
                                            scale=3, elem_id="pqa-browse-kw")
                            browse_unit = gr.Dropdown(choices=[(ALL_UNITS, ALL_UNITS)] + unit_choices(),
                                                      value=ALL_UNITS, label="单位（牵头或责任）",
                                                      allow_custom_value=True, filterable=True, scale=2,
                                                      elem_id="pqa-browse-unit")
                        browse_out = gr.HTML(browse("", ALL_UNITS), elem_id="pqa-browse-out", max_height=640,
                                             js_on_load=None)
                    with gr.Column(scale=2, min_width=340):
                        browse_panel = gr.HTML(R.panel_placeholder("点击左侧任务，在此查看原文。"),
                                               elem_id="pqa-panel-browse",
                                               js_on_load=PANEL_JS.replace("__SCOPE__", "browse"))

            with gr.Tab("通知管理", id="notices", elem_id="pqa-tab-notices"):
                notices_out = gr.HTML(R.notices_html(a.notices, a.tasks), elem_id="pqa-notices", js_on_load=None)
                gr.HTML(f"<div class='pqa-label'>导入新通知</div><div class='pqa-note'>支持 .txt（UTF-8 或 GBK）与 .docx，"
                        f"不超过 {MAX_FILE_BYTES // 1048576} MB。上传后先预览解析结果，确认后才会加入并更新索引。</div>",
                        js_on_load=None)
                upload = gr.File(label="上传通知文件", file_types=list(SUFFIXES), type="filepath",
                                 elem_id="pqa-upload", height=120)
                upload_msg = gr.HTML("", elem_id="pqa-upload-msg", js_on_load=None)
                confirm_btn = gr.Button("确认导入", variant="primary", interactive=False, elem_id="pqa-confirm",
                                        scale=0, min_width=140)

        # ---- events --------------------------------------------------------------------------------------------
        # The one public endpoint, /ask: a question in, Answer.to_dict() out (errors as {"question", "error"}),
        # with no UI state, so concurrent callers cannot see each other's answers; it shares the chat's queue.
        # Registered before the UI's events: Gradio names private events after their functions too (the chat's
        # `ask`), and the first registration keeps the bare name, so this must come first to be "/ask".
        def ask_api(question: str) -> dict:
            """Answer a question about the notices: the `ask --json` object, or {"question", "error"}."""
            try:
                return a.ask(question).to_dict()
            except PolicyQAError as exc:
                shown = question[:200] if isinstance(question, str) else ""
                return {"question": shown, "error": str(exc)}

        gr.api(ask_api, api_name="ask", concurrency_id="ask", concurrency_limit=4)

        # Every way of asking shares one queue of 4 workers; the embedder serialises its own calls.
        ask_opts = dict(outputs=[question, chatbot, answers], concurrency_id="ask", concurrency_limit=4,
                        api_visibility="private")
        question.submit(ask, inputs=[question, chatbot, answers, llm], **ask_opts)
        ask_btn.click(ask, inputs=[question, chatbot, answers, llm], **ask_opts)
        for btn, q in zip(example_btns, EXAMPLES, strict=True):
            btn.click(partial(ask, q), inputs=[chatbot, answers, llm], **ask_opts)
        # Settings apply on the button, on Enter and whenever a field changes (validation is local and cheap).
        llm_fields = [llm_url, llm_model, llm_key, llm_timeout]
        llm_opts = dict(inputs=llm_fields, outputs=[llm, llm_status], api_visibility="private",
                        show_progress="hidden")
        llm_apply.click(apply_llm, **llm_opts)
        for field in llm_fields:
            field.submit(apply_llm, **llm_opts)
            field.change(apply_llm, trigger_mode="always_last", **llm_opts)
        clear_btn.click(clear, None, [chatbot, answers, chat_panel, question], api_visibility="private")
        chatbot.clear(clear, None, [chatbot, answers, chat_panel, question], api_visibility="private")
        chat_panel.click(open_from_chat, inputs=[answers], outputs=[chat_panel], api_visibility="private",
                         show_progress="hidden")

        unit_dd.change(lookup_unit, inputs=[unit_dd], outputs=[unit_out, unit_files], api_visibility="private")

        kw.change(browse, inputs=[kw, browse_unit], outputs=[browse_out], trigger_mode="always_last",
                  api_visibility="private", show_progress="hidden")
        browse_unit.change(browse, inputs=[kw, browse_unit], outputs=[browse_out], api_visibility="private")
        browse_panel.click(open_from_browser, inputs=[kw], outputs=[browse_panel], api_visibility="private",
                           show_progress="hidden")

        upload.upload(preview_upload, inputs=[upload], outputs=[upload_msg, pending, confirm_btn, upload],
                      api_visibility="private")
        upload.clear(lambda: ("", None, gr.update(interactive=False)), None, [upload_msg, pending, confirm_btn],
                     api_visibility="private")
        confirm_btn.click(confirm_upload, inputs=[pending],
                          outputs=[upload_msg, pending, confirm_btn, upload, notices_out, header, unit_dd,
                                   browse_unit, browse_out],
                          api_visibility="private")

        app.load(refresh, None, [header, notices_out, unit_dd, browse_unit, browse_out], api_visibility="private")
    return app
