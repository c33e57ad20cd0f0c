"""Pure formatting for the web UI: HTML fragments, labels and table exports.

Nothing here retrieves or decides anything; it only turns the library's
answers, tasks, notices and unit summaries into HTML and files.  Every string
that comes from a user or from a notice passes through :func:`esc` (or
:func:`attr` inside attribute values) before it reaches HTML.

Clickable elements use two classes that the page script (``ui.app``) listens for:

* ``button.pqa-open`` with ``value`` = task id (``文号#项``) and ``name`` =
  ``scope:answer`` opens that task in the scope's source panel;
* ``button.pqa-copy`` with ``value`` = the text to copy to the clipboard.

``value`` and ``name`` are used instead of ``data-*`` attributes because the
chatbot's HTML sanitizer keeps the former and strips the latter.
"""

from __future__ import annotations

import csv
import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from rag.text import int_to_cn
from rag.types import Answer, Citation, Notice, Task
from rag.verify import target_clauses

NOT_STATED = "未写明"


# ---- escaping -----------------------------------------------------------------------
def esc(text: object) -> str:
    """HTML-escape text for element content (quotes too, so it is safe anywhere)."""
    return html.escape(str(text), quote=True)


def attr(text: object) -> str:
    """Escape text for an attribute value, keeping newlines as character references."""
    return esc(text).replace("\r", "").replace("\n", "&#10;")


def paragraphs(text: str) -> str:
    """Escaped text with line breaks kept as ``<br>``."""
    return "<br>".join(esc(line) for line in str(text).splitlines())


# ---- small labels -----------------------------------------------------------------------
def units_label(units: Sequence[str]) -> str:
    """``区住房和城乡建设局、区财政局``, or 未写明 when the notice names none."""
    return "、".join(units) if units else NOT_STATED


CHIP_TITLE_CHARS = 14


def chip_label(c: Citation | Task) -> str:
    """``第26项 推进城市更新行动`` (the title shortened to fit a chip)."""
    title = c.title if len(c.title) <= CHIP_TITLE_CHARS else c.title[:CHIP_TITLE_CHARS - 1] + "…"
    return f"{c.label} {title}".strip()


def task_key(doc: str, seq: int) -> str:
    """The id a chip carries: the document and the task's position in it (``山政办字〔2023〕28号#26``);
    the position, not the number, because numbers restart by section in some notices."""
    return f"{doc}#{seq}"


def parse_task_key(key: str) -> tuple[str, int] | None:
    """Inverse of :func:`task_key`; None for anything malformed (it comes from the browser)."""
    doc, sep, number = str(key or "").rpartition("#")
    if not sep or not doc or not number.isdigit() or len(number) > 6:
        return None
    return doc, int(number)


def section_label(task: Task) -> str:
    """``三、坚定不移扩大内需`` (or the number alone when the section has no title)."""
    if task.section <= 0:
        return task.section_title or "（未分部分）"
    try:
        numeral = int_to_cn(task.section)
    except (ValueError, KeyError, IndexError):
        numeral = str(task.section)
    return f"{numeral}、{task.section_title}" if task.section_title else f"第{numeral}部分"


BEIJING = timezone(timedelta(hours=8))


def format_built_at(stamp: str) -> str:
    """``2026-11-28T18:29:43+0000`` → ``2026-11-29 02:29（北京时间）``; unknown formats as given."""
    try:
        dt = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S%z")
    except (TypeError, ValueError):
        return str(stamp)
    return dt.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M（北京时间）")


# ---- buttons -----------------------------------------------------------------------------
def open_button(doc: str, seq: int, label: str, scope: str, answer: int | str = "",
                cls: str = "pqa-chip", title: str = "") -> str:
    name = f"{scope}:{answer}"
    return (f'<button type="button" class="pqa-open {cls}" value="{attr(task_key(doc, seq))}" '
            f'name="{attr(name)}" title="{attr(title or label)}">{esc(label)}</button>')


def copy_button(text: str, label: str = "复制引用", cls: str = "pqa-copy-sm", title: str = "") -> str:
    return (f'<button type="button" class="pqa-copy {cls}" value="{attr(text)}" '
            f'title="{attr(title or label)}">{esc(label)}</button>')


def citation_chip(c: Citation, scope: str, answer: int | str, show_doc: bool = False) -> str:
    """One cited task: an opening chip (``第26项 推进城市更新行动``) and a copy button for its citation."""
    title = f"{c.doc} {c.label} {c.title} · 牵头单位：{units_label(c.lead_units)} — 点击查看原文"
    chip = open_button(c.doc, c.seq, chip_label(c), scope, answer, title=title)
    if show_doc:  # several notices: the number alone is ambiguous
        chip = chip.replace("</button>", f'<small class="pqa-chip-doc">{esc(c.doc)}</small></button>')
    return ('<span class="pqa-cite">' + chip
            + copy_button(c.citation, "复制引用", title=f"复制：{c.citation}") + "</span>")


def related_chip(c: Citation, scope: str, answer: int | str) -> str:
    return open_button(c.doc, c.seq, chip_label(c), scope, answer, cls="pqa-chip pqa-chip-related",
                       title=f"{c.doc} {c.label} {c.title} · 牵头单位：{units_label(c.lead_units)}")


# ---- chat -----------------------------------------------------------------------------------
def question_html(question: str) -> str:
    """The user's message, escaped; wrapped in a block so markdown leaves it alone."""
    return f'<div class="pqa-q">{paragraphs(question)}</div>'


def provenance(answer: Answer, notices: Sequence[Notice], built_at: str, embedder: str, model: str = "") -> str:
    """Which notice(s), index build and models produced an answer (shown folded under 详情)."""
    cited = list(dict.fromkeys(c.doc for c in answer.citations))
    if cited:
        docs = "依据：" + "、".join(cited)
    else:
        docs = "检索范围：" + ("、".join(n.doc_id for n in notices) or "（无通知）")
    gen = f" ｜ 生成模型 {model}" if model else ""
    return f"{docs} ｜ 索引构建于 {format_built_at(built_at)} ｜ 向量模型 {embedder}{gen}"


def details_html(note: str) -> str:
    """The technical footer, folded: ``详情`` opens it."""
    return f'<details class="pqa-details"><summary>详情</summary><span class="pqa-note">{esc(note)}</span></details>'


def answer_html(answer: Answer, index: int, note: str, scope: str = "chat", show_doc: bool | None = None, *,
                head: str = "", body: str | None = None, cls: str = "") -> str:
    """An assistant message: the answer, a chip per cited task, related tasks, copy buttons.

    Abstentions (``answer.abstained``) get their own style and offer the related
    tasks as 相关任务 chips.  ``index`` is the answer's position in the session,
    so that a chip can find the sentences that answered.  ``show_doc`` adds the
    文号 to each chip (default: when the answer spans several notices).

    ``head`` (badges, a notice line), ``body`` (the answer text) and ``cls`` (an
    extra class) are already-escaped HTML supplied by :func:`generated_html`.
    """
    if show_doc is None:
        show_doc = len({c.doc for c in answer.citations} | {c.doc for c in answer.related}) > 1
    classes = "pqa-a" + (" pqa-abstain" if answer.abstained else "") + (f" {cls}" if cls else "")
    parts = [f'<div class="{classes}">', head]
    if answer.abstained:
        parts.append('<div class="pqa-badge pqa-badge-warn">未找到明确依据</div>')
    parts.append(f'<div class="pqa-text">{paragraphs(answer.answer) if body is None else body}</div>')
    if answer.citations:
        parts.append(f'<div class="pqa-label">引用任务（{len(answer.citations)}项）· 点击查看原文</div>')
        parts.append('<div class="pqa-chips">'
                     + "".join(citation_chip(c, scope, index, show_doc) for c in answer.citations) + "</div>")
    if answer.related:
        chips = "".join(related_chip(c, scope, index) for c in answer.related)
        if answer.abstained or not answer.citations:
            parts.append('<div class="pqa-label">相关任务（仅供参考）</div>')
            parts.append(f'<div class="pqa-chips">{chips}</div>')
        else:
            parts.append(f'<details class="pqa-more"><summary>相关任务（{len(answer.related)}项）</summary>'
                         f'<div class="pqa-chips">{chips}</div></details>')
    parts.append('<div class="pqa-foot">')
    if answer.citations:
        parts.append(copy_button(answer.text_with_citations(), "复制回答及引用", cls="pqa-copy-all",
                                 title="复制回答正文及每项任务的引用"))
    parts.append(details_html(note) + "</div></div>")
    return "".join(parts)


# ---- generative mode -------------------------------------------------------------------------------
MODE_BADGES = {  # mode → (label, badge class); "extractive" (not attempted) shows the plain answer
    "generated": ("已核验生成", "pqa-badge-ok"),
    "repaired": ("已修复", "pqa-badge-warn"),
    "fallback": ("已回退为摘录答案", "pqa-badge-warn"),
}
SENTENCE_MARKS = {  # verdict status → (class, mark, tooltip); failed sentences are never shown
    "verified": ("pqa-sent-ok", "✓", "已与所引任务原文核对"),
    "neutral": ("pqa-sent-neutral", "", ""),
    "unverified": ("pqa-sent-flag", "未核验", "未注明依据的任务编号，未能核对"),
}


def one_line(text: object) -> str:
    """Collapse whitespace (newlines included) so that a notice stays on one line."""
    return " ".join(str(text).split())


def mode_badge(mode: str) -> str:
    """The badge of a generated answer's mode ("" for the extractive mode)."""
    if mode not in MODE_BADGES:
        return ""
    label, cls = MODE_BADGES[mode]
    return f'<span class="pqa-badge {cls} pqa-mode pqa-mode-{esc(mode)}">{label}</span>'


def sentence_html(verdict) -> str:
    """One checked sentence (a ``rag.verify.SentenceVerdict``): escaped, with its mark; "" when failed."""
    status = verdict.status
    text = str(verdict.text).strip()
    if status not in SENTENCE_MARKS or not text:
        return ""
    cls, mark, tip = SENTENCE_MARKS[status]
    if status == "unverified" and verdict.issues:
        tip = "；".join(dict.fromkeys(i.message for i in verdict.issues))
    body = "<br>".join(esc(line) for line in text.splitlines())
    badge = (f'<span class="pqa-mark pqa-mark-{status}" title="{attr(tip)}">{esc(mark)}</span>' if mark else "")
    return f'<span class="pqa-sent {cls}">{body}{badge}</span>'


def sentences_html(verdicts: Iterable) -> str:
    """The sentences that may be shown, each marked; failed ones are left out."""
    return "".join(sentence_html(v) for v in verdicts)


def streaming_html(verdicts: Sequence, model: str = "") -> str:
    """A generated answer while it streams: the sentences checked so far and a progress badge."""
    who = f"（{esc(model)}）" if model else ""
    shown = sentences_html(verdicts) or '<span class="pqa-none">等待生成服务响应…</span>'
    return ('<div class="pqa-a pqa-gen pqa-streaming">'
            f'<div class="pqa-badge pqa-badge-info pqa-mode pqa-mode-streaming">正在生成并逐句核验{who}…</div>'
            f'<div class="pqa-text">{shown}</div></div>')


def generated_html(result, index: int, note: str, scope: str = "chat", show_doc: bool | None = None) -> str:
    """A finished ``rag.llm.GeneratedAnswer``: mode badge, notice line, marked sentences, chips.

    ``generated`` / ``repaired`` show the sentences that passed checking (✓ for
    verified, 未核验 for uncited ones); ``fallback`` shows the extractive answer
    under a one-line notice; ``extractive`` (generation not attempted) is the
    plain extractive answer.  Chips, source panel and copy buttons are those of
    ``result.as_answer()``: the cited tasks, taken from the extractive answer.
    """
    answer = result.as_answer()
    if result.mode == "extractive":
        return answer_html(answer, index, note, scope, show_doc)
    head = mode_badge(result.mode)
    if result.note:
        head += f'<div class="pqa-gen-note">{esc(one_line(result.note))}</div>'
    if result.mode == "fallback":
        return answer_html(answer, index, note, scope, show_doc, head=head, cls="pqa-gen pqa-gen-fallback")
    body = sentences_html(result.sentences)
    if any(v.status == "verified" for v in result.sentences):
        body += '<div class="pqa-legend">✓ 表示该句已与所引任务原文逐项核对</div>'
    return answer_html(answer, index, note, scope, show_doc, head=head, body=body,
                       cls=f"pqa-gen pqa-gen-{result.mode}")


def llm_status_html(base_url: str = "", model: str = "", timeout: float | None = None, error: str = "") -> str:
    """The settings panel's one status line: extractive mode, generative mode on, or a config error."""
    if error:
        return (f'<div class="pqa-msg pqa-msg-err pqa-llm-status">设置有误，仍使用摘录回答：'
                f'{esc(one_line(error))}</div>')
    if not base_url:
        return ('<div class="pqa-msg pqa-msg-info pqa-llm-status">当前为摘录模式：回答直接摘自通知原文，不调用任何模型。'
                '填写服务地址即可开启生成式回答。</div>')
    secs = f"，超时 {timeout:g} 秒" if timeout else ""
    return (f'<div class="pqa-msg pqa-msg-ok pqa-llm-status">生成式回答已开启：{esc(model)} @ {esc(base_url)}{secs}。'
            '每句回答都会与原文核对，未通过的不予显示；服务出错时自动回退为摘录答案。</div>')


def shown_url(url: str) -> str:
    """A base URL without any user:password part, for display."""
    from urllib.parse import urlparse

    u = urlparse(url)
    if "@" not in u.netloc:
        return url
    return u._replace(netloc=u.netloc.rpartition("@")[2]).geturl()


def error_html(message: str) -> str:
    return f'<div class="pqa-a pqa-error"><div class="pqa-badge pqa-badge-err">无法回答</div>' \
           f'<div class="pqa-text">{paragraphs(message)}</div></div>'


# ---- source panel -----------------------------------------------------------------------------
def highlight(text: str, phrases: Iterable[str]) -> str:
    """Escape ``text`` and wrap every occurrence of each phrase in ``<mark>``.

    Overlapping matches merge; matching is on the raw text, escaping happens per piece.
    """
    spans: list[tuple[int, int]] = []
    for phrase in {p.strip() for p in phrases if p and p.strip()}:
        start = text.find(phrase)
        while start >= 0:
            spans.append((start, start + len(phrase)))
            start = text.find(phrase, start + len(phrase))
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out, pos = [], 0
    for s, e in merged:
        out.append(esc(text[pos:s]))
        out.append(f"<mark>{esc(text[s:e])}</mark>")
        pos = e
    out.append(esc(text[pos:]))
    return "".join(out)


def panel_placeholder(hint: str = "点击回答中的引用标签，在此查看任务原文。") -> str:
    return (f'<div class="pqa-panel pqa-panel-empty"><div class="pqa-panel-kicker">任务原文</div>'
            f'<p>{esc(hint)}</p></div>')


def panel_missing(key: str) -> str:
    return (f'<div class="pqa-panel pqa-panel-empty"><div class="pqa-panel-kicker">任务原文</div>'
            f'<p>当前索引中没有任务 {esc(key)}（通知可能已更新），请重新提问。</p></div>')


def units_badges(units: Sequence[str], cls: str) -> str:
    if not units:
        return f'<span class="pqa-none">{NOT_STATED}</span>'
    return "".join(f'<span class="pqa-unit {cls}">{esc(u)}</span>' for u in units)


def task_panel_html(task: Task, notice: Notice | None = None, phrases: Iterable[str] = (),
                    note: str = "") -> str:
    """The source panel: a task's full text, section and units, matched sentences marked."""
    phrases = [p for p in phrases if p]
    title = notice.title if notice else ""
    rows = [
        ("所属部分", esc(section_label(task))),
        ("牵头单位", units_badges(task.lead_units, "pqa-unit-lead")),
        ("责任单位", units_badges(task.responsible_units, "pqa-unit-resp")),
    ]
    if task.shared_units:
        rows.append(("按职责分工负责", units_badges(task.shared_units, "pqa-unit-resp")))
    if task.deadline:
        rows.append(("完成时限", esc(task.deadline)))
    if task.units_text:
        rows.append(("原文分工", esc(f"（{task.units_text}）")))
    meta = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    src = (notice.original_name or notice.source) if notice else ""
    parts = [
        '<div class="pqa-panel">',
        f'<div class="pqa-panel-kicker">{esc(task.doc_id)} · {esc(task.label)}</div>',
        f'<h3 class="pqa-panel-title">{esc(task.title)}</h3>',
        f'<div class="pqa-panel-doc">{esc(title)}</div>' if title else "",
        f'<table class="pqa-meta">{meta}</table>',
        '<div class="pqa-label">任务原文' + ('（<mark>标记</mark>为回答所依据的句子）' if phrases else "") + "</div>",
        f'<div class="pqa-source-text">{highlight(task.text, phrases)}</div>',
        '<div class="pqa-panel-cite"><code>' + esc(task.citation()) + "</code>"
        + copy_button(task.citation(), "复制引用", cls="pqa-copy-sm") + "</div>",
        f'<div class="pqa-note">来源文件 {esc(src)} 第{task.line}行{"｜" + esc(note) if note else ""}</div>'
        if src else "",
        "</div>",
    ]
    return "".join(parts)


# ---- header ------------------------------------------------------------------------------------
def status_html(notices: Sequence[Notice], n_tasks: int, built_at: str, embedder: str) -> str:
    docs = "、".join(n.doc_id for n in notices)
    return ('<div class="pqa-header"><div class="pqa-brand"><span class="pqa-logo">政</span>'
            '<div><div class="pqa-name">重点工作任务问答</div>'
            '<div class="pqa-sub">按通知原文回答“谁牵头、做什么”，每条回答附引用</div></div></div>'
            f'<div class="pqa-status"><span>已收录 <b>{len(notices)}</b> 份通知 · <b>{n_tasks}</b> 项任务</span>'
            f'<span title="{attr(docs)}">{esc(docs)}</span>'
            f'<span>索引构建于 {esc(format_built_at(built_at))} · {esc(embedder)}</span></div></div>')


# ---- units --------------------------------------------------------------------------------------
def unit_choice_label(name: str, n_lead: int, n_resp: int) -> str:
    return f"{name}（牵头 {n_lead} · 责任 {n_resp}）"


EXPORT_HEADER = ("单位", "角色", "文号", "任务序号", "任务", "任务内容", "目标指标", "牵头单位", "责任单位",
                 "所属部分", "完成时限", "引用")
ROLE_ZH = {"lead": "牵头", "responsible": "责任", "shared": "按职责分工负责"}


@dataclass(frozen=True)
class UnitView:
    """What the unit tab shows and exports (built from a ``rag.units.UnitSummary``)."""

    name: str
    aliases: tuple[str, ...]
    lead: tuple[Task, ...]
    responsible: tuple[Task, ...]
    shared: tuple[Task, ...] = ()


def unit_rows(view: UnitView) -> list[tuple[str, ...]]:
    """Export rows: one per task and role, lead tasks first, with the task's text and its figures."""
    rows = []
    for role, tasks in (("lead", view.lead), ("responsible", view.responsible), ("shared", view.shared)):
        for t in tasks:
            rows.append((view.name, ROLE_ZH[role], t.doc_id, t.label, t.title, t.text, "；".join(target_clauses(t.text)),
                         "、".join(t.lead_units), "、".join(t.responsible_units), section_label(t), t.deadline,
                         t.citation()))
    return rows


def write_csv(rows: Sequence[Sequence[str]], path: Path) -> Path:
    """UTF-8 with BOM so that Excel opens Chinese text correctly."""
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(EXPORT_HEADER)
        w.writerows(_no_formula(r) for r in rows)
    return path


def write_xlsx(rows: Sequence[Sequence[str]], path: Path, sheet: str = "任务清单") -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    ws.append(list(EXPORT_HEADER))
    for r in rows:
        ws.append(_no_formula(r))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    widths = (18, 8, 20, 10, 26, 60, 40, 26, 26, 24, 12, 44)
    for i, w in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = w
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    ws.freeze_panes = "A2"
    wb.save(path)
    return path


def write_docx(view: UnitView, path: Path) -> Path:
    """The unit's tasks as a Word document: one heading per role, each task with its text, figures and citation."""
    import docx
    from docx.shared import Pt

    document = docx.Document()
    document.add_heading(f"{view.name}任务清单", level=1)
    for role, tasks in (("lead", view.lead), ("responsible", view.responsible), ("shared", view.shared)):
        if not tasks:
            continue
        document.add_heading(f"{ROLE_ZH[role]}任务（{len(tasks)}项）", level=2)
        for t in tasks:
            document.add_heading(f"{t.doc_id} {t.label} {t.title}", level=3)
            document.add_paragraph(f"所属部分：{section_label(t)}；{t.units_phrase() or '未写明单位'}"
                                   + (f"；完成时限：{t.deadline}" if t.deadline else ""))
            document.add_paragraph(t.text)
            targets = target_clauses(t.text)
            if targets:
                document.add_paragraph("目标指标：" + "；".join(targets))
            cite = document.add_paragraph(t.citation())
            for run in cite.runs:
                run.font.size = Pt(9)
    document.save(path)
    return path


def _no_formula(row: Sequence[str]) -> list[str]:
    """Keep spreadsheet apps from reading notice text as a formula (=, +, -, @)."""
    return [("'" + v) if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") else v for v in row]


def unit_html(view: UnitView, show_doc: bool = False, scope: str = "units") -> str:
    """Tables of the tasks the unit leads, takes part in, and shares; each row opens the task."""
    aliases = "、".join(view.aliases[:8])
    counts = [f'<span class="pqa-count"><b>{len(view.lead)}</b> 项牵头</span>',
              f'<span class="pqa-count"><b>{len(view.responsible)}</b> 项作为责任单位</span>']
    if view.shared:
        counts.append(f'<span class="pqa-count"><b>{len(view.shared)}</b> 项按职责分工负责</span>')
    parts = [f'<div class="pqa-unit-card"><h3>{esc(view.name)}</h3>',
             f'<div class="pqa-note">也可称：{esc(aliases)}</div>' if aliases else "",
             f'<div class="pqa-counts">{"".join(counts)}</div></div>']
    parts.append(_task_table(f"牵头任务（{len(view.lead)}项）", view.lead, view.name, "共同牵头单位", show_doc,
                             "pqa-lead-table", scope))
    parts.append(_task_table(f"作为责任单位（{len(view.responsible)}项）", view.responsible, view.name,
                             "牵头单位", show_doc, "pqa-resp-table", scope))
    if view.shared:
        parts.append(_task_table(f"按职责分工负责（{len(view.shared)}项）", view.shared, view.name,
                                 "牵头单位", show_doc, "pqa-shared-table", scope))
    return "".join(parts)


def _task_table(caption: str, tasks: Sequence[Task], unit: str, units_col: str, show_doc: bool,
                cls: str, scope: str) -> str:
    head = "<th>任务</th><th>" + esc(units_col) + "</th><th>所属部分</th>"
    if show_doc:
        head = "<th>文号</th>" + head
    body = []
    for t in tasks:
        others = [u for u in t.lead_units if u != unit]
        units = "、".join(others) if others else ("—" if unit in t.lead_units else NOT_STATED)
        button = open_button(t.doc_id, t.seq, f"{t.label} {t.title}", scope, cls="pqa-row-btn",
                             title=f"{t.doc_id} {t.label} — 点击查看原文")
        cells = f"<td>{button}</td><td>{esc(units)}</td><td>{esc(section_label(t))}</td>"
        if show_doc:
            cells = f'<td class="pqa-nowrap">{esc(t.doc_id)}</td>' + cells
        body.append(f"<tr>{cells}</tr>")
    if not body:
        cols = 4 if show_doc else 3
        body.append(f'<tr><td colspan="{cols}" class="pqa-none">无</td></tr>')
    return (f'<div class="pqa-table-wrap {cls}"><div class="pqa-label">{esc(caption)}</div>'
            f'<table class="pqa-table"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>')


# ---- task browser -------------------------------------------------------------------------------
def browser_html(tasks: Sequence[Task], notices: Sequence[Notice], total: int, scope: str = "browse") -> str:
    """Tasks grouped by notice and section, each a button that opens the source panel."""
    titles = {n.doc_id: n.title for n in notices}
    if not tasks:
        return f'<div class="pqa-browse"><div class="pqa-note">共 {total} 项任务，没有符合条件的任务。</div></div>'
    parts = [f'<div class="pqa-browse"><div class="pqa-note">显示 {len(tasks)} / {total} 项任务</div>']
    doc = section = None
    for t in tasks:
        if t.doc_id != doc:
            if section is not None:
                parts.append("</div>")
            doc, section = t.doc_id, None
            parts.append(f'<div class="pqa-browse-doc"><b>{esc(t.doc_id)}</b> {esc(titles.get(t.doc_id, ""))}</div>')
        if t.section != section:
            if section is not None:
                parts.append("</div>")
            section = t.section
            count = sum(1 for x in tasks if x.doc_id == doc and x.section == section)
            parts.append(f'<div class="pqa-browse-sec"><div class="pqa-browse-sec-title">'
                         f'{esc(section_label(t))}<span>{count}项</span></div>')
        label = f"{t.label}　{t.title}"
        parts.append('<div class="pqa-browse-row">'
                     + open_button(t.doc_id, t.seq, label, scope, cls="pqa-row-btn",
                                   title=f"{t.doc_id} {t.label} — 点击查看原文")
                     + f'<span class="pqa-browse-units">牵头：{esc(units_label(t.lead_units))}</span></div>')
    if section is not None:
        parts.append("</div>")
    parts.append("</div>")
    return "".join(parts)


# ---- notices -------------------------------------------------------------------------------------
def notices_html(notices: Sequence[Notice], tasks: Sequence[Task]) -> str:
    counts: dict[str, int] = {}
    for t in tasks:
        counts[t.doc_id] = counts.get(t.doc_id, 0) + 1
    rows = "".join(
        f"<tr><td class=\"pqa-nowrap\">{esc(n.doc_id)}</td><td>{esc(n.title)}</td><td>{esc(n.issuer)}</td>"
        f"<td class=\"pqa-nowrap\">{esc(n.date or NOT_STATED)}</td><td class=\"pqa-num\">{counts.get(n.doc_id, 0)}</td>"
        f"<td class=\"pqa-file\" title=\"{attr(n.source)}\">{esc(n.original_name or n.source)}</td></tr>"
        for n in notices)
    return (f'<div class="pqa-table-wrap pqa-notices"><div class="pqa-label">已收录通知（{len(notices)}份）</div>'
            '<table class="pqa-table"><thead><tr><th>文号</th><th>标题</th><th>发文机关</th><th>印发日期</th>'
            f'<th>任务数</th><th>文件</th></tr></thead><tbody>{rows}</tbody></table></div>')


def preview_html(notice: Notice, tasks: Sequence[Task], filename: str, diff=None) -> str:
    """What an uploaded notice would add (or, with ``diff``, change), shown before the admin confirms."""
    no_units = sum(1 for t in tasks if not t.units)
    warn = (f'<div class="pqa-msg pqa-msg-warn">其中 {no_units} 项任务未写明牵头或责任单位。</div>'
            if no_units else "")
    if notice.warnings:
        items = "".join(f"<li>{esc(w.message)}</li>" for w in notice.warnings[:20])
        warn += f'<div class="pqa-msg pqa-msg-warn">解析提示：<ul>{items}</ul></div>'
    if diff is not None:
        warn = diff_html(diff) + warn
    rows = "".join(
        f'<tr><td class="pqa-num">{esc(t.label)}</td><td>{esc(t.title)}</td>'
        f"<td>{esc(units_label(t.lead_units))}</td><td>{esc('、'.join(t.responsible_units) or '—')}</td>"
        f"<td>{esc(section_label(t))}</td></tr>"
        for t in tasks)
    return (f'<div class="pqa-msg pqa-msg-ok">已解析 {esc(filename)}：<b>{esc(notice.doc_id)}</b>，'
            f'共 {len(tasks)} 项任务。核对无误后点击“{"确认替换" if diff is not None else "确认导入"}”。</div>{warn}'
            f'<div class="pqa-preview-head"><div><b>标题</b> {esc(notice.title or NOT_STATED)}</div>'
            f'<div><b>发文机关</b> {esc(notice.issuer or NOT_STATED)}　<b>印发日期</b> {esc(notice.date or NOT_STATED)}</div></div>'
            '<div class="pqa-table-wrap pqa-preview"><table class="pqa-table"><thead><tr><th>序号</th><th>任务</th>'
            f'<th>牵头单位</th><th>责任单位</th><th>所属部分</th></tr></thead><tbody>{rows}</tbody></table></div>')


def diff_html(diff) -> str:
    """A replacement's changes (a ``rag.corpus.NoticeDiff``): tasks added, removed, and what changed in each."""
    if diff.empty:
        return '<div class="pqa-msg pqa-msg-info">与已收录版本相比，任务及单位没有变化（仅文件不同）。</div>'
    lines = [f"<li>新增 <b>{esc(t.label)}</b> {esc(t.title)}（牵头：{esc(units_label(t.lead_units))}）</li>"
             for t in diff.added]
    lines += [f"<li>删除 <b>{esc(t.label)}</b> {esc(t.title)}</li>" for t in diff.removed]
    for old, new, what in diff.changed:
        detail = []
        for field in what:
            if field in ("牵头单位", "责任单位", "分工负责单位"):
                get = {"牵头单位": "lead_units", "责任单位": "responsible_units", "分工负责单位": "shared_units"}[field]
                detail.append(f"{field}：{esc(units_label(getattr(old, get)))} → <b>{esc(units_label(getattr(new, get)))}</b>")
            elif field == "标题":
                detail.append(f"标题：{esc(old.title)} → <b>{esc(new.title)}</b>")
            elif field == "完成时限":
                detail.append(f"完成时限：{esc(old.deadline or NOT_STATED)} → <b>{esc(new.deadline or NOT_STATED)}</b>")
            else:
                detail.append("正文有改动")
        lines.append(f"<li>修改 <b>{esc(new.label)}</b> {esc(new.title)}：{'；'.join(detail)}</li>")
    summary = f"新增 {len(diff.added)} 项、删除 {len(diff.removed)} 项、修改 {len(diff.changed)} 项"
    return (f'<div class="pqa-msg pqa-msg-warn pqa-diff"><b>这是对已收录通知的替换：{summary}。</b>'
            f'旧版本会保留，可在“已替换或删除的版本”中恢复。<ul>{"".join(lines[:200])}</ul></div>')


# ---- draft check ---------------------------------------------------------------------------------
def draft_html(checks: Sequence, scope: str = "draft") -> str:
    """A checked draft (``rag.draft.SentenceCheck`` list): each sentence with its citation chips and problems."""
    if not checks:
        return message_html("请粘贴或上传文稿。")
    flagged = sum(1 for c in checks if c.issues)
    cited = sum(1 for c in checks if c.citations)
    parts = [f'<div class="pqa-msg pqa-msg-{"warn" if flagged else "ok"}">共 {len(checks)} 句：'
             f'{cited} 句找到依据任务，{flagged} 句与通知不一致。</div><div class="pqa-draft">']
    for c in checks:
        cls = "pqa-draft-bad" if c.issues else ("pqa-draft-ok" if c.citations else "pqa-draft-none")
        chips = "".join(citation_chip(x, scope, "") for x in c.citations)
        issues = "".join(f'<li class="pqa-issue">{esc(i.remark())}</li>' for i in c.issues)
        notes = "".join(f'<li class="pqa-draft-note">{esc(n)}</li>' for n in c.notes)
        parts.append(f'<div class="pqa-draft-row {cls}"><span class="pqa-draft-n">{c.n}</span>'
                     f'<div><div class="pqa-draft-text">{esc(c.sentence)}</div>'
                     + (f'<div class="pqa-chips">{chips}</div>' if chips else "")
                     + (f"<ul>{issues}{notes}</ul>" if issues or notes else "") + "</div></div>")
    parts.append("</div>")
    return "".join(parts)


# ---- admin: feedback and audit ---------------------------------------------------------------------
def feedback_html(rows: Sequence) -> str:
    """Feedback rows (``ui.feedback.Feedback``), newest first."""
    if not rows:
        return message_html("暂无符合条件的反馈。")
    body = "".join(
        f'<tr><td class="pqa-num">{f.id}</td><td class="pqa-nowrap">{esc(f.time)}</td>'
        f'<td>{"👍" if f.vote > 0 else "👎"}</td><td>{esc(f.question)}</td>'
        f'<td>{esc(f.answer[:200])}{"…" if len(f.answer) > 200 else ""}</td>'
        f'<td>{esc("、".join(str(c.get("label", "")) for c in f.citations))}</td><td>{esc(f.comment)}</td></tr>'
        for f in rows)
    return ('<div class="pqa-table-wrap pqa-feedback"><table class="pqa-table"><thead><tr><th>编号</th><th>时间</th>'
            f'<th>评价</th><th>问题</th><th>回答</th><th>引用</th><th>意见</th></tr></thead><tbody>{body}</tbody></table></div>')


def audit_html(entries: Sequence[dict]) -> str:
    """The last admin actions, newest first."""
    if not entries:
        return message_html("暂无管理操作记录。")
    body = "".join(
        f'<tr><td class="pqa-nowrap">{esc(e.get("time", ""))}</td><td>{esc(e.get("who", ""))}</td>'
        f'<td>{esc(e.get("from", ""))}</td><td>{esc(e.get("action", ""))}</td><td>{esc(e.get("detail", ""))}</td></tr>'
        for e in reversed(entries))
    return ('<div class="pqa-table-wrap pqa-audit"><table class="pqa-table"><thead><tr><th>时间</th><th>操作人</th>'
            f'<th>来源地址</th><th>操作</th><th>内容</th></tr></thead><tbody>{body}</tbody></table></div>')


def message_html(text: str, kind: str = "info") -> str:
    """A status line: kind is ``info``, ``ok``, ``warn`` or ``err``."""
    return f'<div class="pqa-msg pqa-msg-{kind}">{paragraphs(text)}</div>'
