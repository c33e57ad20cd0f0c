"""Regular expressions compiled at their first use, so that importing ``rag`` stays fast.

The package holds about two hundred module-level patterns (clause conventions, question words, figure
kinds). Compiling all of them costs about a tenth of a second at every start, most of it for patterns a
given command never uses (one ``policyqa ask`` on a built index never parses a notice). A
:class:`LazyPattern` keeps the source and flags and compiles on the first attribute other than
``pattern``/``flags`` it is asked for; afterwards it is the compiled pattern's methods, unchanged.

    >>> WORD = lazy_compile(r"\\w+")
    >>> WORD.findall("牵头 单位")
    ['牵头', '单位']

Pass it where a compiled pattern's methods are called; ``re.sub(WORD, …)`` and other module-level
``re`` functions need ``WORD.sub(…)`` instead (they accept only a string or a compiled pattern).
"""

from __future__ import annotations

import re
from typing import Any, cast


class LazyPattern:
    """A pattern compiled when first used; ``pattern`` and ``flags`` are known before."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        # called only for names the instance lacks (match, search, sub, groupindex…): kept on the
        # instance, so later calls are a plain attribute lookup, as fast as on the compiled pattern
        value = getattr(self.compiled(), name)
        setattr(self, name, value)
        return value

    def __repr__(self) -> str:
        return f"lazy_compile({self.pattern!r}, {self.flags!r})"


def lazy_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile`` deferred to first use (typed as the compiled pattern it behaves as)."""
    return cast("re.Pattern[str]", LazyPattern(pattern, flags))
