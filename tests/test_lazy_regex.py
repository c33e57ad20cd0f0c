"""Module-level patterns compile at first use and then behave as ``re.compile``'s."""

import re
import subprocess
import sys

from rag.lazy_regex import LazyPattern, lazy_compile


def test_a_lazy_pattern_compiles_only_when_first_used():
    p = lazy_compile(r"(?P<unit>[\u4e00-\u9fff]+局)牵头", re.ASCII)
    assert isinstance(p, LazyPattern)
    assert (p.pattern, p.flags) == (r"(?P<unit>[\u4e00-\u9fff]+局)牵头", re.ASCII)
    assert p._compiled is None  # reading pattern/flags (to build a larger pattern) does not compile
    m = p.search("由区住房和城乡建设局牵头")
    assert m is not None and m.group("unit") == "由区住房和城乡建设局"
    assert p._compiled is not None
    assert p.groupindex == {"unit": 1}


def test_a_lazy_pattern_answers_as_the_compiled_one():
    text = "牵头单位：区发展和改革局；责任单位：区财政局、区审计局"
    source = r"(牵头|责任)单位：([^；]+)"
    lazy, eager = lazy_compile(source), re.compile(source)
    assert lazy.findall(text) == eager.findall(text)
    assert lazy.sub(r"\2", text) == eager.sub(r"\2", text)
    assert lazy.split(text) == eager.split(text)
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in eager.finditer(text)]
    assert lazy.fullmatch(text) is None and eager.fullmatch(text) is None


def test_a_bad_pattern_fails_at_first_use_with_re_error():
    p = lazy_compile(r"(unclosed")
    try:
        p.search("x")
    except re.error as e:
        assert "missing )" in str(e)
    else:
        raise AssertionError("a bad pattern compiled")


def test_importing_the_question_reader_compiles_none_of_the_parsers_patterns():
    code = ("import rag.understand, rag.parse, rag.tables\n"
            "from rag.lazy_regex import LazyPattern\n"
            "mods = (rag.parse, rag.tables)\n"
            "print(sum(isinstance(v, LazyPattern) and v._compiled is not None for m in mods for v in vars(m).values()),"
            " sum(isinstance(v, LazyPattern) for m in mods for v in vars(m).values()))")
    compiled, lazy = map(int, subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                                             text=True).stdout.split())
    assert lazy >= 40 and compiled == 0


def test_every_module_level_pattern_of_the_package_compiles():
    import importlib
    import pkgutil

    import rag

    seen = 0
    for info in pkgutil.iter_modules(rag.__path__):
        if info.name in {"milvus_store", "__main__"}:  # optional extra; the CLI entry point
            continue
        module = importlib.import_module(f"rag.{info.name}")
        for name, value in vars(module).items():
            if isinstance(value, LazyPattern):
                assert value.compiled() is not None, name
                seen += 1
    assert seen >= 150
