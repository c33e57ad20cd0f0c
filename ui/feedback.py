"""Feedback on answers (👍/👎 and a comment), kept in SQLite for the admin to review.

Each row keeps the question, the answer text and its citations as they were shown, so a 👎 can be
read later without asking again, and turned into an evaluation question (``eval/`` schema).
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

MAX_COMMENT = 1000
MAX_ROWS = 100_000  # the oldest rows go first beyond this


@dataclass(frozen=True)
class Feedback:
    id: int
    time: str
    vote: int  # +1 or -1
    question: str
    answer: str
    citations: list[dict]
    comment: str
    client: str


class FeedbackStore:
    """One SQLite file; safe to share between the server's threads."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False)
        self._db.execute("""CREATE TABLE IF NOT EXISTS feedback (
            id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL, vote INTEGER NOT NULL,
            question TEXT NOT NULL, answer TEXT NOT NULL, citations TEXT NOT NULL,
            comment TEXT NOT NULL DEFAULT '', client TEXT NOT NULL DEFAULT '')""")
        self._db.commit()

    def add(self, vote: int, question: str, answer: str, citations: list[dict], comment: str = "", client: str = "") -> int:
        if vote not in (1, -1):
            raise ValueError(f"vote must be +1 or -1, got {vote!r}")
        row = (time.strftime("%Y-%m-%d %H:%M:%S"), vote, question[:2000], answer[:20000],
               json.dumps(citations, ensure_ascii=False)[:50000], (comment or "")[:MAX_COMMENT], client[:64])
        with self._lock:
            cur = self._db.execute("INSERT INTO feedback (time, vote, question, answer, citations, comment, client) "
                                   "VALUES (?, ?, ?, ?, ?, ?, ?)", row)
            self._db.execute("DELETE FROM feedback WHERE id <= (SELECT MAX(id) FROM feedback) - ?", (MAX_ROWS,))
            self._db.commit()
            return int(cur.lastrowid)

    def comment(self, feedback_id: int, comment: str) -> None:
        with self._lock:
            self._db.execute("UPDATE feedback SET comment = ? WHERE id = ?", ((comment or "")[:MAX_COMMENT], feedback_id))
            self._db.commit()

    def list(self, vote: int | None = None, text: str = "", limit: int = 200) -> list[Feedback]:
        sql, args = "SELECT id, time, vote, question, answer, citations, comment, client FROM feedback WHERE 1=1", []
        if vote in (1, -1):
            sql += " AND vote = ?"
            args.append(vote)
        if text:
            sql += " AND (question LIKE ? OR comment LIKE ? OR answer LIKE ?)"
            args += [f"%{text}%"] * 3
        sql += " ORDER BY id DESC LIMIT ?"
        args.append(max(1, min(limit, 5000)))
        with self._lock:
            rows = self._db.execute(sql, args).fetchall()
        return [Feedback(r[0], r[1], r[2], r[3], r[4], json.loads(r[5] or "[]"), r[6], r[7]) for r in rows]

    def csv(self, rows: list[Feedback]) -> str:
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(["编号", "时间", "评价", "问题", "回答", "引用", "意见"])
        for f in rows:
            cites = "；".join(f"{c.get('doc', '')} {c.get('label', '')}" for c in f.citations)
            w.writerow([f.id, f.time, "👍" if f.vote > 0 else "👎", _safe(f.question), _safe(f.answer), cites, _safe(f.comment)])
        return buf.getvalue()

    def as_eval_question(self, feedback_id: int) -> dict:
        """A 👎 as an evaluation question (``eval/`` schema) to complete by hand: the gold is left empty."""
        rows = [f for f in self.list(limit=5000) if f.id == feedback_id]
        if not rows:
            raise KeyError(f"no feedback {feedback_id}")
        f = rows[0]
        return {"id": f"fb{f.id}", "type": "feedback", "question": f.question, "gold_tasks": [], "gold_units": [],
                "answer_facts": [], "lang": "en" if f.question.isascii() else "zh", "list": False, "history": [],
                "note": f"👎 {f.time}: {f.comment}"}

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _safe(text: str) -> str:
    """No spreadsheet formulas from user text (=, +, -, @ at the start)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
