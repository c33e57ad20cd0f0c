"""Unit names and the short names staff use for them, derived from the corpus.

Short names follow how Chinese bureau names are abbreviated, not a list per
unit: 区住房和城乡建设局 → 住房和城乡建设局, 住建局, 住建委, 住建部门; 区卫生健康局
→ 卫健局, 卫健委. An alias that would point at two units is dropped. A small
table of former names (环保局 → 生态环境) and English names serves the rest.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from dataclasses import dataclass

from . import vocab
from .clauses import is_generic
from .lazy_regex import lazy_compile
from .task_texts import TaskTexts
from .text import norm
from .types import Role, Task
from .typos import sound

_PREFIX = lazy_compile(r"^(省委|省政府|区委|区政府|市委|市政府|县委|县政府|省|区|市|县)")
_SUFFIX = lazy_compile(r"(事务服务中心|服务中心|管委会|办公室|委员会|分局|中心|局|委|办|部|厅)$")
_BRACKETED = lazy_compile(r"[（(][^（）()]*[）)]")  # (as written: 各县（区）…, or in ASCII: 各县(市、区)…)
_LINK = lazy_compile(r"[和与及]")
_CJK = lazy_compile(r"[\u4e00-\u9fff]+")

def _former_names() -> dict[str, tuple[str, ...]]:
    """Former or everyday names for the core words of unit names (``data/unit_former_names.tsv``)."""
    return vocab.grouped("unit_former_names.tsv")


def _english_names() -> dict[str, tuple[str, ...]]:
    """English phrases for the core words of unit names (``data/unit_english.tsv``)."""
    return {row[0]: tuple(p.strip() for p in row[1].split("|") if p.strip()) for row in vocab.rows("unit_english.tsv")}


@dataclass(frozen=True)
class UnitMention:
    """A unit found in a question: canonical name and the text that named it."""

    name: str
    surface: str
    fuzzy: bool = False
    start: int = 0  # where the mention starts in the normalised question
    nth: int = 0  # a unit the conversation named, by its place (第一个单位: 1, 最后那个单位: -1); 0 when not so
    partner: bool = False  # "" said as the one acted with (跟发改一起牵头的: the unit talked about)
    every: bool = False  # "" said of all the units talked about, however many (这几个单位, these units)


@dataclass(frozen=True)
class UnitSummary:
    """Everything one unit leads, takes part in, or shares (按职责分工负责)."""

    name: str
    aliases: tuple[str, ...]
    lead: tuple[Task, ...]
    responsible: tuple[Task, ...]
    shared: tuple[Task, ...] = ()

    def tasks(self, role: Role) -> tuple[Task, ...]:
        return {Role.LEAD: self.lead, Role.RESPONSIBLE: self.responsible, Role.SHARED: self.shared}[role]


def _words(core: str) -> list[str]:
    """Two-character words of a name core (信息化 → 信息, 化)."""
    return [core[i:i + 2] for i in range(0, len(core), 2)]


def _written_both_ways(tasks, derived: dict[str, set[str]]) -> dict[str, tuple[str, ...]]:
    """Names one notice writes with and without its area prefix (市科技局、经贸委… then 科技局; 市委组织部、宣传部;
    市市场监管局 and 市场监管局) or its own kind (局农业处, 农业处), by the short form its own name gives (市民族宗教局
    and 市民宗局, by ``derived``: each name's ``derive_aliases``), or without its first word (市住房公积金中心 and
    市公积金中心): one unit.
    Only within a notice, and only a name with exactly one longer form (市X and 区X are two bodies)."""
    by_doc: dict[str, set[str]] = defaultdict(set)
    for t in tasks:
        by_doc[t.doc_id].update(u.name for u in t.units)
    out: dict[str, set[str]] = defaultdict(set)
    for names in by_doc.values():
        for bare in names:
            if len(bare) < 2:
                continue
            longer = {p + bare for p in _PREFIXES if p + bare in names}
            if not longer:  # (市民宗局: the short form of 市民族宗教局, with the same area before it)
                head = m.group(0) if (m := _PREFIX.match(bare)) else ""
                rest = bare[len(head):]
                # (市公积金中心: 市住房公积金中心 without its first word — the last four characters or more of its name)
                longer = {n for n in names if n != bare and len(n) > len(bare) and n.startswith(head)
                          and (rest in derived.get(n, ()) or (len(rest) >= 4 and n.endswith(rest)))
                          and not _PREFIX.sub("", n) == rest}
            if len(longer) == 1:
                full = longer.pop()
                out[bare] |= {bare, full}
                out[full] |= {bare, full}
    return {k: tuple(sorted(v)) for k, v in out.items()}


# an area, or the issuing department itself: a department's notice writes its own offices with its kind in front
# or not (局乡村振兴处、农业处 / 乡村振兴处) — the 局's 乡村振兴处 either way
_PREFIXES = ("市委", "区委", "县委", "省委", "市", "区", "县", "省", "局", "委", "厅")


def derive_aliases(name: str) -> set[str]:
    """Short names for one unit name, by the rules of Chinese bureau abbreviations.

    >>> sorted(a for a in derive_aliases("区住房和城乡建设局") if a.endswith("局"))[:4]
    ['住城局', '住建局', '住房和城乡建设局', '住房和城建局']
    >>> {"投促局", "商务和投促局"} <= derive_aliases("区商务和投资促进局")
    True
    """
    out = {name}
    if "、" in name:  # 各区、县（市）政府 → 各区县（市）政府, 各区县政府 …: the enumeration comma often left out
        out |= derive_aliases(name.replace("、", ""))
    if _BRACKETED.search(name):  # 各县（区）人民政府（管委会） → 各县人民政府, 各县区人民政府, 各县区政府 …
        bare = _BRACKETED.sub("", name)
        # (inner brackets read as words, one closing the name dropped: 各县区人民政府)
        said = _BRACKETED.sub(lambda m: m.group(0)[1:-1] if m.end() < len(name) else "", name)
        for form in (bare, said):
            if len(form) >= 3:
                out |= {form, form.replace("人民政府", "政府")}
        # (县区政府要落实哪几条: the group said without its 各)
        out |= {a[1:] for a in out if a.startswith("各") and len(a) >= 5}
    if name.endswith("办公室") and len(name) > 3:  # 区政府办公室 → 区政府办, 政府办公室, 政府办 (办公室 alone: no 办)
        out |= {name[:-3] + "办", name.lstrip("区市县"), name.lstrip("区市县")[:-3] + "办"}
    if name.endswith("管委会"):  # 山亭经济开发区管委会 → 开发区管委会, 开发区
        for zone in ("经济开发区", "开发区", "高新区", "园区"):
            if name[:-3].endswith(zone):
                out |= {zone + "管委会", zone}
    rest = _PREFIX.sub("", name)
    if len(rest) >= 2:
        out.add(rest)
    m = _SUFFIX.search(rest)
    if not m or m.start() < 2:
        return out
    core, suffix = rest[: m.start()], m.group(1)
    suffixes = {suffix, "部门"}
    if suffix in ("局", "分局"):
        suffixes |= {"局", "委"}
    if suffix in ("中心", "服务中心", "事务服务中心"):  # (a service centre that took over a bureau's work is still
        suffixes |= {"中心", "局", "委"}  # called by the bureau's name: 国资委 of 区国资事务服务中心, 大数据局)
    if suffix == "办公室":
        suffixes |= {"办"}
    if suffix == "厅":  # a province's department: 人力资源社会保障厅 → 人社厅
        suffixes |= {"厅"}
    stems = {core, _LINK.sub("", core)}
    parts = [p for p in _LINK.split(core) if p]
    word_lists = [_words(p) for p in parts]
    firsts = [[w[0] for w in words] for words in word_lists]
    for combo in itertools.product(*firsts):  # 住房|城乡建设 → 住城, 住建
        if len(combo) >= 2:
            stems.add("".join(combo))
    if len(parts) >= 2:
        # each part of A和B is shortened on its own and the link kept or not (商务和投资促进 → 商务和投促,
        # 商务投促), and each part alone names the unit too (投促局, 旅游局 of 文化和旅游局)
        link = _LINK.search(core).group(0)
        forms = [_part_forms(words) for words in word_lists]
        for combo in itertools.product(*forms):
            stems |= {link.join(combo), "".join(combo)}
        stems.update(f for fs in forms for f in fs if len(f) >= 2)
    if len(parts) == 1 and len(word_lists[0]) >= 2:
        words = word_lists[0]
        stems.add("".join(w[0] for w in words))  # 卫生健康 → 卫健
        stems.add(words[0] + "".join(w[0] for w in words[1:]))  # 市场监督管理 → 市场监管
        stems.update(w for w in words if len(w) == 2)  # 交通运输 → 交通, 运输
        if len(words) >= 3:
            stems.add(words[0] + words[-1])  # 综合行政执法 → 综合执法 (the words between left out)
    for key, olds in _former_names().items():
        if key in core or _LINK.sub("", key) in _LINK.sub("", core):  # (人力资源社会保障厅: the key written without 和)
            stems.update(olds)
    for stem in stems:
        for suf in suffixes:
            out.add(stem + suf)
    return out


def _part_forms(words: list[str]) -> set[str]:
    """One part of a name's core, whole and by the first character of each word: 投资促进 → 投资促进, 投促."""
    return {"".join(words), "".join(w[0] for w in words)} if len(words) >= 2 else {"".join(words)}


def english_aliases(name: str) -> set[str]:
    """English phrases that name this unit (matched case-insensitively)."""
    return {phrase for key, phrases in _english_names().items() if key in name for phrase in phrases}


def _levels() -> frozenset[str]:
    """The levels of government a unit's name may open with (区 of 区财政局): ``data/place_kinds.txt``."""
    return vocab.words("place_kinds.txt")


def _other_level(q: str, pos: int, m: UnitMention, level: str) -> bool:
    """Whether a mention names the unit's namesake at another level: 市 before (or opening) 政府办公室 where the
    unit is 区政府办公室."""
    if not level or m.surface.isascii():
        return False
    levels = _levels()
    said = norm(m.surface)  # (an alias's own first character is its name's: 市 of 市场监管局)
    opening = said[0] if m.fuzzy and said[:1] in levels else (q[pos - 1] if pos > 0 and q[pos - 1] in levels else "")
    return bool(opening) and opening != level


class UnitDirectory:
    """Every unit of the corpus, its aliases, and the tasks it leads or shares.

    >>> from rag.types import Task
    >>> from rag.types import UnitRole
    >>> t = Task("D", 1, 1, 1, "", "推进城市更新行动", "", (UnitRole("区住房和城乡建设局", Role.LEAD),), "", 1)
    >>> UnitDirectory([t]).find_in("住建局负责哪些任务")[0].name
    '区住房和城乡建设局'
    """

    def __init__(self, tasks: list[Task] | tuple[Task, ...], texts: TaskTexts | None = None):
        self._tasks = tasks
        self._texts = texts if texts is not None else TaskTexts(tasks)  # the corpus text (shown_aliases)
        self._shown: dict[str, tuple[str, ...]] = {}  # shown_aliases, per unit
        self._normed: tuple[str, ...] | None = None  # the unit names, normalised (shown_aliases)
        # unit → role → rows of ``tasks`` (in corpus order)
        self._rows: dict[str, dict[Role, list[int]]] = defaultdict(lambda: {r: [] for r in Role})
        for row, t in enumerate(tasks):
            for u in t.units:
                self._rows[u.name][u.role].append(row)
        self.names: tuple[str, ...] = tuple(sorted(self._rows))
        derived = {name: derive_aliases(name) for name in self.names}
        self._same = _written_both_ways(tasks, derived)
        owners: dict[str, set[str]] = defaultdict(set)
        for name in self.names:
            for alias in derived[name]:
                owners[norm(alias)].add(name)
        # A unit's own full name always wins; otherwise an alias must be unambiguous (or name one unit written
        # both ways: 民宗局 of 市民族宗教局 and 市民宗局 — its longest name)
        self._alias = {a: max(n, key=lambda x: (len(x), x)) for a, n in owners.items()
                       if len(n) == 1 or all(set(self._same.get(x, (x,))) >= n for x in n)}
        for name in self.names:
            self._alias[norm(name)] = name
        en_owners: dict[str, set[str]] = defaultdict(set)
        for name in self.names:
            for phrase in english_aliases(name):
                en_owners[phrase].add(name)
        self._english = {p: next(iter(n)) for p, n in en_owners.items() if len(n) == 1}
        # fuzzy pinyin → units, for typos; only aliases with the unit's own suffix
        # (住建局, not the 住建委/住建部门 variants), so 医疗卫(生) is not 医疗委; never a group (哪个部门 is not 各部门).
        self._sounds: dict[str, list[tuple[str, str]]] = defaultdict(list)  # sound → (alias, unit)
        # … and one character mistyped by its shape (农业农材局 for 农业农村局), not its sound: in a name of five
        # characters or more that ends as the unit's own does; key = the name with that character left out
        self._shapes: dict[str, set[str]] = defaultdict(set)
        for alias, name in self._alias.items():
            if len(alias) >= 3 and _CJK.fullmatch(alias) and alias[-1] == name[-1] and not is_generic(name):
                self._sounds[sound(alias)].append((alias, name))
                for k in range(len(alias) - 1 if len(alias) >= 5 else 0):
                    self._shapes[alias[:k] + "?" + alias[k + 1:]].add(name)
        self._by_length = sorted({len(a) for a in self._alias}, reverse=True)
        # each name without its brackets (市经信局市新经济委 / 市经信局（市新经济委）): written either way, one unit
        self._bracket_free = {key: name for name in self.names if len(key := re.sub(r"[()]", "", norm(name))) >= 5}
        self._aliases_of: dict[str, tuple[str, ...]] | None = None  # unit → its aliases (aliases), built once

    def aliases(self, name: str) -> tuple[str, ...]:
        """The aliases that resolve to ``name``, shortest first."""
        if self._aliases_of is None:
            found: dict[str, list[str]] = defaultdict(list)
            for alias, unit in self._alias.items():
                if alias != norm(unit):
                    found[unit].append(alias)
            self._aliases_of = {unit: tuple(sorted(a, key=lambda a: (len(a), a))) for unit, a in found.items()}
        return self._aliases_of.get(name, ())

    def named(self, text: str) -> str | None:
        """Canonical unit name when the text is wholly a unit's name or alias, as written (no sound-alike)."""
        return self._alias.get(norm(text.strip()))

    def resolve(self, text: str) -> str | None:
        """Canonical unit name for a full name, alias or English name; None if unknown."""
        if name := self.named(text):
            return name
        mentions = self.find_in(text)
        return mentions[0].name if len(mentions) == 1 else None

    def find_in(self, question: str) -> list[UnitMention]:
        """Units named in a question, longest match first, in order of appearance.

        Exact aliases are found first; then strings of three or more characters
        that sound like exactly one unit's alias (住建居 → 住建局; see typos.py).
        """
        q = norm(question)
        taken = [False] * len(q)
        found: list[tuple[int, UnitMention]] = []
        for length in self._by_length:
            for i in range(len(q) - length + 1):
                window = q[i:i + length]
                if window in self._alias and not any(taken[i:i + length]):
                    found.append((i, UnitMention(self._alias[window], question[i:i + length] if len(question) == len(q) else window,
                                                 start=i)))
                    taken[i:i + length] = [True] * length
        for length in (n for n in self._by_length if n >= 3):
            for i in range(len(q) - length + 1):
                if any(taken[i:i + length]):
                    continue
                window = q[i:i + length]
                if not _CJK.fullmatch(window):
                    continue
                # … a mistyped character or so, not another word that sounds alike (及数据 is no 技术局)
                names = {n for a, n in self._sounds.get(sound(window), ())
                         if sum(x == y for x, y in zip(a, window, strict=True)) >= length - max(1, length // 4)}
                if not names and length >= 5:
                    names = set().union(*(self._shapes.get(window[:k] + "?" + window[k + 1:], set())
                                          for k in range(length - 1)))
                if len(names) == 1:
                    found.append((i, UnitMention(next(iter(names)), window, fuzzy=True, start=i)))
                    taken[i:i + length] = [True] * length
        for phrase, name in sorted(self._english.items(), key=lambda kv: -len(kv[0])):
            k = q.find(phrase)
            if k >= 0 and not any(taken[k:k + len(phrase)]) and re.search(rf"\b{re.escape(phrase)}\b", q):
                found.append((k, UnitMention(name, phrase, start=k)))
                taken[k:k + len(phrase)] = [True] * len(phrase)
        # 市经信局（市新经济委） for the notice's 市经信局市新经济委 (or the reverse): a name with its second name
        # in brackets, or not, is the same unit
        bare, at = [], []
        for k, ch in enumerate(q):
            if ch not in "()":
                bare.append(ch)
                at.append(k)
        bare_q = "".join(bare)
        if len(bare_q) < len(q):
            for key, name in self._bracket_free.items():
                k = bare_q.find(key)
                if k >= 0 and at[k + len(key) - 1] + 1 - at[k] > len(key):  # (only where brackets were taken out)
                    start, end = at[k], at[k + len(key) - 1] + 1
                    found = [(p, m) for p, m in found if not start <= p < end]  # (its parts: 市经信局 of another)
                    found.append((start, UnitMention(name, question[start:end] if len(question) == len(q) else q[start:end],
                                                     start=start)))
                    taken[start:end] = [True] * (end - start)
        # 市政府办公室 beside a district's 区政府办公室: a body of another level, not this unit
        found = [(pos, m) for pos, m in found if not _other_level(q, pos, m, self._level(m.name))]
        unique: dict[str, tuple[int, UnitMention]] = {}
        for pos, m in sorted(found, key=lambda x: x[0]):
            unique.setdefault(m.name, (pos, m))
        return [m for _, m in unique.values()]

    @staticmethod
    def _level(name: str) -> str:
        """The level a unit's name opens with (区 of 区财政局, 市 of 市商务局), '' when none."""
        return name[0] if name[:1] in _levels() and len(name) > 2 else ""

    def shown_aliases(self, name: str) -> tuple[str, ...]:
        """The aliases worth showing staff: those in common official use (``data/unit_short_names.txt``)
        or written in a loaded notice apart from a full unit name. The rest only help resolve questions."""
        shown = self._shown.get(name)
        if shown is None:  # each alias is looked for in the whole corpus text: once per unit
            common = vocab.words("unit_short_names.txt")
            shown = self._shown[name] = tuple(a for a in self.aliases(name) if a in common or self._written_apart(a))
        return shown

    def _written_apart(self, alias: str) -> bool:
        """Whether the corpus writes the alias apart from every full unit name."""
        if self._normed is None:
            self._normed = tuple(map(norm, self.names))
        return self._texts.written_apart(alias, self._normed)

    def same(self, name: str) -> tuple[str, ...]:
        """The unit's names as one notice writes it both ways (市科技局 first, then 科技局 in the same list)."""
        return self._same.get(name, (name,))

    def rows(self, name: str, roles=frozenset(Role)) -> list[int]:
        """Rows of the tasks that name the unit (in any of its ways) in one of ``roles``, in corpus order."""
        names = self._same.get(name)
        if names is None:  # written one way (nearly every unit): its own rows
            by_role = self._rows.get(name)
            return sorted({r for role in roles for r in by_role[role]}) if by_role else []
        return sorted({r for n in names for role in roles for r in (self._rows.get(n) or {}).get(role, ())})

    def summary(self, name: str) -> UnitSummary:
        """Tasks the unit leads, takes part in, and shares."""
        pick = [tuple(self._tasks[i] for i in self.rows(name, {r})) for r in (Role.LEAD, Role.RESPONSIBLE, Role.SHARED)]
        return UnitSummary(name, self.shown_aliases(name), *pick)

    def all_terms(self) -> set[str]:
        """Every unit name and Chinese alias (for the tokenizer's dictionary)."""
        return set(self.names) | {a for a in self._alias if not a.isascii()}
