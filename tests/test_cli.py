"""The policyqa command: human and JSON output, batch mode, errors as one line."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def env(tmp_path_factory, seed_e5_dirs):
    from conftest import copy_seed

    # the session's seed index, copied: `index` rebuilds it, embedding only passages it lacks (none)
    base = copy_seed(seed_e5_dirs, tmp_path_factory.mktemp("cli"))
    p = run(base, "index")
    assert p.returncode == 0 and "indexed 89 tasks from 1 notice(s)" in p.stdout.decode(), p.stderr.decode()
    return base


def run(base: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rag", "--corpus", str(base / "corpus"), "--index", str(base / "index"), *args],
                          input=stdin, capture_output=True, cwd=ROOT, timeout=300)


def test_ask_prints_answer_and_copy_ready_citation(env):
    out = run(env, "ask", "老旧小区改造谁牵头").stdout.decode()
    assert "区住房和城乡建设局" in out and "（山政办字〔2023〕28号 第26项，牵头单位：区住房和城乡建设局）" in out


def test_ask_json_has_the_documented_schema(env):
    obj = json.loads(run(env, "ask", "--json", "第26项谁牵头").stdout)
    assert {"question", "answer", "abstained", "citations", "related"} <= obj.keys()
    c = obj["citations"][0]
    assert {"doc", "task", "title", "lead_units", "responsible_units", "score"} <= c.keys()
    assert c["task"] == 26 and c["lead_units"] == ["区住房和城乡建设局"] and obj["abstained"] is False


def test_batch_mode_answers_one_json_per_line_in_order_and_survives_bad_lines(env):
    stdin = ("第8项谁牵头\n\n".encode() + b"\xff\xfe bad\n" + "2026年的任务\n第89项\n".encode()
             + b"{not json\n" + ("x" * 70_000).encode() + b"\n" + "第1项\n".encode())
    p = run(env, "ask", "--json", stdin=stdin)
    lines = [json.loads(x) for x in p.stdout.decode().splitlines()]
    assert len(lines) == 8  # one line out for every line in, in order
    assert lines[0]["question"] == "第8项谁牵头" and lines[0]["citations"][0]["task"] == 8
    assert lines[1] == {"question": "", "error": "empty line: no question"}
    assert "UTF-8" in lines[2]["error"]
    assert lines[3]["abstained"] is True and lines[4]["citations"][0]["task"] == 89
    assert "not JSON" in lines[5]["error"] and "longer than" in lines[6]["error"]
    assert lines[7]["citations"][0]["task"] == 1
    assert p.returncode != 0  # a bad line is reported in the exit status too


def test_batch_lines_may_carry_the_conversation_before_them(env):
    stdin = json.dumps({"question": "那责任单位呢？", "history": ["第26项谁牵头"]}, ensure_ascii=False).encode() + b"\n"
    obj = json.loads(run(env, "ask", "--json", stdin=stdin).stdout)
    assert obj["citations"][0]["task"] == 26 and "区财政局" in obj["answer"]
    assert obj["context"] == {"from_turn": 1, "inherited": ["task 26"]}


def test_batch_lines_may_carry_chat_messages(env):
    history = [{"role": "user", "content": "第26项谁牵头"}, {"role": "assistant", "content": "区住房和城乡建设局。"}]
    stdin = json.dumps({"question": "下一项呢？", "history": history}, ensure_ascii=False).encode() + b"\n"
    obj = json.loads(run(env, "ask", "--json", stdin=stdin).stdout)
    assert obj["citations"][0]["task"] == 27


def test_ask_without_a_question_is_a_usage_error(env):
    p = run(env, "ask", stdin=b"")
    assert p.returncode == 2 and p.stderr.decode().startswith("error:") and "Traceback" not in p.stderr.decode()


def test_check_shows_units_by_role_and_warnings(env, tmp_path):
    notice = tmp_path / "n.txt"
    notice.write_text("测政办字〔2024〕3号\n关于某事的通知\n一、总体\n1.做甲事。（牵头单位：区甲局，配合单位：区乙局）\n"
                      "3.做丙事。（区丙局、区丁局按职责分工负责）\n", encoding="utf-8")
    out = run(env, "check", str(notice)).stdout.decode()
    assert "第1项\t做甲事\t牵头单位：区甲局；配合单位：区乙局" in out
    assert "区丙局、区丁局按职责分工负责" in out and "编号跳过" in out
    obj = json.loads(run(env, "check", "--json", str(notice)).stdout)
    assert [t["number"] for t in obj["tasks"]] == [1, 3] and obj["notice"]["warnings"][0]["kind"] == "numbering_gap"


def test_units_lists_every_unit_with_lead_and_responsible_numbers(env):
    out = run(env, "units").stdout.decode()
    line = next(x for x in out.splitlines() if x.startswith("区财政局\t"))
    assert "牵头(2): 77,86" in line and "责任(2): 26,53" in line


def test_errors_are_one_line_with_nonzero_exit_and_no_traceback(env, tmp_path):
    p = run(env, "ask", "   ")
    assert p.returncode == 2 and "Traceback" not in p.stderr.decode() and "空" in p.stderr.decode()
    p = subprocess.run([sys.executable, "-m", "rag", "--corpus", str(tmp_path / "none"), "--index", str(tmp_path / "i"), "ask", "x"],
                       capture_output=True, cwd=ROOT)
    err = p.stderr.decode().strip()
    assert p.returncode == 2 and err.startswith("error:") and len(err.splitlines()) == 1
    regular = tmp_path / "a-file"
    regular.write_text("x")
    for args in (["--index", str(regular), "ask", "x"], ["--corpus", str(tmp_path / "missing"), "ask", "x"]):
        p = subprocess.run([sys.executable, "-m", "rag", "--corpus", str(env / "corpus"), *args], capture_output=True, cwd=ROOT)
        err = p.stderr.decode().strip()
        assert p.returncode == 2 and err.startswith("error:") and "Traceback" not in err, err


def test_changed_corpus_is_rebuilt_automatically_by_ask(env, tmp_path):
    base = tmp_path
    shutil.copytree(env / "corpus", base / "corpus")
    shutil.copytree(env / "index", base / "index", symlinks=True)
    extra = "测政办字〔2024〕9号\n关于印发测试任务的通知\n一、测试\n1.建设测试平台。年内建成测试平台2个。（牵头单位：区大数据中心）\n"
    (base / "corpus" / "extra.txt").write_text(extra, encoding="utf-8")
    obj = json.loads(run(base, "ask", "--json", "测试平台建几个").stdout)
    assert obj["citations"][0]["doc"] == "测政办字〔2024〕9号"


def test_eval_prints_metrics_and_writes_json(env, tmp_path):
    qfile = tmp_path / "q.jsonl"
    qfile.write_text('{"id": "a", "type": "task_by_number", "question": "第26项谁牵头", "gold_tasks": [26], '
                     '"gold_units": ["区住房和城乡建设局"], "answer_facts": [], "lang": "zh"}\n', encoding="utf-8")
    p = run(env, "eval", "--questions", str(qfile), "--json", str(tmp_path / "r.json"))
    assert p.returncode == 0 and "OVERALL" in p.stdout.decode()
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["overall"]["top1"] == 1.0 and report["overall"]["unit_acc"] == 1.0


def test_serve_on_a_busy_port_says_so_and_names_the_option(env):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        p = run(env, "serve", "--host", "127.0.0.1", "--port", str(port))
    err = p.stderr.decode().strip()
    assert p.returncode == 2 and "--port" in err and "Traceback" not in err and len(err.splitlines()) == 1, err
