"""rag/task_texts.py: the tasks' normalised texts, held once and searched in one pass."""

from __future__ import annotations

import pytest

from rag.task_texts import TaskTexts
from rag.text import norm
from rag.types import Role, Task, UnitRole


def task(n: int, title: str, text: str, units: tuple[str, ...] = ()) -> Task:
    return Task("D", n, n, 1, "一、总体", title, text, tuple(UnitRole(u, Role.LEAD) for u in units),
                "、".join(units), n)


@pytest.fixture(scope="module")
def tasks():
    return [task(1, "推进城市更新", "改造老旧小区１１个。", ("区住房和城乡建设局",)),
            task(2, "发展储能", "建设储能电站。", ("区发展和改革局",)),
            task(3, "人才", "人力资源社会保障部门做好培训。", ("人力资源社会保障部",)),
            task(4, "住建", "住建局牵头落实。", ())]


def test_each_rows_text_is_its_normalised_parts(tasks):
    texts = TaskTexts(tasks)
    for row, t in enumerate(tasks):
        assert texts[row] == f"{norm(t.section_title)} {norm(t.title)} {norm(t.text)} {norm(t.units_text)}"
        a, b, c = texts.spans[row].tolist()
        assert texts[row][a:b] == norm(t.title) and texts[row][b + 1:c] == norm(t.text)


@pytest.mark.parametrize("term", ["储能", "11个", "总体", "区住房和城乡建设局", "建设", "氢能", "局", "个。 区"])
def test_rows_with_agrees_with_a_search_of_each_row(tasks, term):
    texts = TaskTexts(tasks)
    term = norm(term)
    assert texts.rows_with(term).tolist() == [term in texts[r] for r in range(len(tasks))]


def test_an_alias_counts_as_written_only_apart_from_full_names(tasks):
    texts = TaskTexts(tasks)
    names = [norm(n) for n in ("区住房和城乡建设局", "区发展和改革局", "人力资源社会保障部")]
    assert texts.written_apart("住建局", names)  # task 4 writes it on its own
    assert not texts.written_apart("住房和城乡建设局", names)  # only inside 区住房和城乡建设局
    assert not texts.written_apart("人力资源社会保障部门", names)  # holds a full name
    assert not texts.written_apart("保障部门", names)  # overlaps 人力资源社会保障部 in 人力资源社会保障部门
