"""rag/units.py: derived short names, former and English names, typos, per-unit summaries."""

from __future__ import annotations

import pytest
from conftest import SEED_PATH

from rag.parse import read_notice
from rag.types import Role, Task, UnitRole
from rag.units import UnitDirectory, derive_aliases


@pytest.fixture(scope="module")
def seed_tasks_parsed():
    return read_notice(SEED_PATH).tasks


@pytest.fixture(scope="module")
def directory(seed_tasks_parsed):
    return UnitDirectory(seed_tasks_parsed)


def task(number: int, lead=(), resp=(), shared=()) -> Task:
    units = tuple(UnitRole(u, Role.LEAD) for u in lead) + tuple(UnitRole(u, Role.RESPONSIBLE) for u in resp) + tuple(
        UnitRole(u, Role.SHARED) for u in shared)
    return Task("测政办字〔2024〕3号", number, number, 1, "", f"任务{number}", f"任务{number}。", units, "", number)


def numbers(seed_tasks, name: str, role: str) -> list[int]:
    return [t["number"] for t in seed_tasks if {"name": name, "role": role} in t["units"]]


@pytest.mark.parametrize(("alias", "unit"), [
    ("住建局", "区住房和城乡建设局"),
    ("发改局", "区发展和改革局"),
    ("发改委", "区发展和改革局"),
    ("工信局", "区工业和信息化局"),
    ("科技局", "区科学技术局"),
    ("文旅局", "区文化和旅游局"),
    ("水务局", "区城乡水务局"),
    ("卫健委", "区卫生健康局"),
    ("人社局", "区人力资源和社会保障局"),
    ("大数据中心", "区大数据中心"),
    ("市场监管局", "区市场监督管理局"),
    ("开发区管委会", "山亭经济开发区管委会"),
    ("环保局", "区生态环境分局"),  # former name
    ("投促局", "区商务和投资促进局"),  # one part of A和B, shortened
    ("商务和投促局", "区商务和投资促进局"),  # each part shortened on its own, the link kept
    ("旅游局", "区文化和旅游局"),
    ("国资委", "区国资事务服务中心"),  # a service centre called by the bureau's name whose work it took over
    ("大数据局", "区大数据中心"),
])
def test_derived_alias_resolves_on_seed(directory, alias, unit):
    assert directory.resolve(alias) == unit
    mentions = directory.find_in(f"{alias}牵头哪些任务？")
    assert [(m.name, m.surface, m.fuzzy) for m in mentions] == [(unit, alias, False)]
    assert alias in directory.aliases(unit)


def test_full_names_resolve_to_themselves(directory):
    for name in directory.names:
        assert directory.resolve(name) == name


def test_seed_directory_knows_every_unit_of_the_fixture(directory, seed_tasks):
    expected = {u["name"] for t in seed_tasks for u in t["units"]}
    assert set(directory.names) == expected


def test_two_units_in_one_question_are_found_in_order(directory):
    mentions = directory.find_in("住建局和发改委分别牵头哪些任务")
    assert [m.name for m in mentions] == ["区住房和城乡建设局", "区发展和改革局"]


def test_alias_shared_by_two_units_is_dropped():
    # Both names abbreviate to 卫生局 / 卫生部门; neither may claim it.
    shared = derive_aliases("区卫生健康局") & derive_aliases("区卫生监督局")
    assert "卫生局" in shared
    d = UnitDirectory([task(1, ["区卫生健康局"]), task(2, ["区卫生监督局"])])
    assert d.resolve("卫生局") is None
    assert d.find_in("卫生局牵头哪些任务") == []
    assert "卫生局" not in d.aliases("区卫生健康局")
    assert "卫生局" not in d.aliases("区卫生监督局")
    # the unambiguous short names still work
    assert d.resolve("卫健局") == "区卫生健康局"
    assert d.resolve("卫监局") == "区卫生监督局"


def test_alias_is_kept_when_only_one_unit_claims_it():
    d = UnitDirectory([task(1, ["区卫生健康局"])])
    assert d.resolve("卫生局") == "区卫生健康局"


def test_own_full_name_wins_over_another_units_alias():
    # 财政局 is an alias of 区财政局 but also the full name of another unit.
    d = UnitDirectory([task(1, ["区财政局"]), task(2, ["财政局"])])
    assert d.resolve("财政局") == "财政局"
    assert d.resolve("区财政局") == "区财政局"


def test_typo_homophone_is_found_as_fuzzy(directory):
    mentions = directory.find_in("住建居负责哪些任务")
    assert len(mentions) == 1
    assert mentions[0].name == "区住房和城乡建设局"
    assert mentions[0].fuzzy is True
    assert mentions[0].surface == "住建居"


def test_exact_alias_is_not_marked_fuzzy(directory):
    assert directory.find_in("住建局负责哪些任务")[0].fuzzy is False


def test_words_that_merely_start_like_a_unit_find_no_unit(directory):
    assert directory.find_in("科技型企业培育工作谁负责") == []
    assert directory.resolve("科技型企业") is None


@pytest.mark.parametrize(("question", "unit"), [
    ("Which tasks does the housing bureau lead?", "区住房和城乡建设局"),
    ("What does Development and Reform lead?", "区发展和改革局"),
    ("tasks of the big data center", "区大数据中心"),
])
def test_english_names_find_the_unit(directory, question, unit):
    assert [m.name for m in directory.find_in(question)] == [unit]


def test_english_name_resolves(directory):
    assert directory.resolve("Development and Reform") == "区发展和改革局"
    assert directory.resolve("housing") == "区住房和城乡建设局"


def test_english_word_inside_another_word_is_not_a_unit(directory):
    assert directory.find_in("warehousing logistics") == []


def test_summary_lists_every_lead_and_responsible_task(directory, seed_tasks):
    name = "区发展和改革局"
    lead = numbers(seed_tasks, name, "lead")
    resp = numbers(seed_tasks, name, "responsible")
    assert len(lead) == 13 and len(resp) == 6  # counted from the fixture
    s = directory.summary(name)
    assert s.name == name
    assert [t.number for t in s.lead] == lead
    assert [t.number for t in s.responsible] == resp
    assert [t.number for t in s.shared] == [50]
    assert set(s.lead).isdisjoint(s.responsible)
    assert "发改委" in s.aliases and "发改局" in s.aliases


def test_summary_for_every_unit_matches_fixture(directory, seed_tasks):
    for name in directory.names:
        s = directory.summary(name)
        assert [t.number for t in s.lead] == numbers(seed_tasks, name, "lead")
        assert [t.number for t in s.responsible] == numbers(seed_tasks, name, "responsible")
        assert [t.number for t in s.shared] == numbers(seed_tasks, name, "shared")


def test_summary_of_unknown_unit_is_empty(directory):
    s = directory.summary("区不存在局")
    assert s.lead == () and s.responsible == () and s.aliases == ()


def test_aliases_are_shortest_first_and_exclude_full_name(directory):
    aliases = directory.aliases("区住房和城乡建设局")
    assert "区住房和城乡建设局" not in aliases
    assert [len(a) for a in aliases] == sorted(len(a) for a in aliases)
    assert "住建局" in aliases


def test_all_terms_has_names_and_chinese_aliases_only(directory):
    terms = directory.all_terms()
    assert set(directory.names) <= terms
    assert "住建局" in terms
    assert all(not t.isascii() for t in terms)


def test_derive_aliases_for_office_and_zone():
    assert {"区政府办", "政府办公室", "政府办"} <= derive_aliases("区政府办公室")
    assert {"开发区管委会", "开发区", "经济开发区管委会"} <= derive_aliases("山亭经济开发区管委会")


def test_a_group_of_units_is_never_found_by_its_sound():
    d = UnitDirectory((task(1, lead=("国务院办公厅",), resp=("各部门", "各地区")),))
    assert d.find_in("这项任务由哪个部门牵头") == []  # 哪个部门 sounds like 各部门; it asks who
    assert [m.name for m in d.find_in("各部门负责哪些任务")] == ["各部门"]


def test_a_name_written_with_and_without_its_area_prefix_in_one_notice_is_one_unit():
    from rag.types import Role, Task, UnitRole
    from rag.units import UnitDirectory

    def task(doc, n, *names):
        return Task(doc, n, n, 1, "", f"t{n}", "t", tuple(UnitRole(x, Role.RESPONSIBLE) for x in names), "", n)

    tasks = [task("A", 1, "省商务厅", "发改委"), task("A", 2, "省发改委", "商务厅"), task("B", 3, "区商务厅"),
             task("B", 4, "市商务厅")]
    d = UnitDirectory(tasks)
    assert d.rows("商务厅") == [0, 1] and d.rows("省商务厅") == [0, 1]
    assert d.rows("区商务厅") == [2]  # 区X and 市X are two bodies; B writes no bare 商务厅


def test_a_departments_own_office_written_with_and_without_its_kind_is_one_unit():
    from rag.types import Role, Task, UnitRole
    from rag.units import UnitDirectory

    def task(doc, n, *names):
        return Task(doc, n, n, 1, "", f"t{n}", "t", tuple(UnitRole(x, Role.RESPONSIBLE) for x in names), "", n)

    # 局乡村振兴处、农业处 … then 乡村振兴处: the bureau's 乡村振兴处 either way (平潭 农业农村局 2022 普法责任清单)
    tasks = [task("A", 1, "局机关党委", "乡村振兴处", "农业处"), task("A", 2, "局乡村振兴处", "区农业农村中心"),
             task("A", 3, "局农业处"), task("B", 4, "局办公室")]
    d = UnitDirectory(tasks)
    assert d.rows("乡村振兴处") == [0, 1] and d.rows("局农业处") == [0, 2]
    assert d.rows("局机关党委") == [0]  # A never writes a bare 机关党委
    assert d.rows("局办公室") == [3]


def test_a_typo_sounding_like_several_words_is_the_one_sharing_its_other_characters():
    from rag.typos import SoundIndex

    index = SoundIndex(["加快机场建设", "积极参与"])  # 机场 and the piece 极参 both sound ji chang
    assert index.correct("机厂") == "机场"
    assert SoundIndex(["机场", "鸡场"]).correct("积厂") is None  # nothing to prefer one by: no guess


def test_a_word_that_only_sounds_like_a_unit_is_no_unit(seed_hash_assistant):
    units = seed_hash_assistant._s.answerer.lexicon.units
    assert [m.name for m in units.find_in("哪些任务涉及数据")] == []  # 及数据 sounds like 技术局, shares no character
    assert [m.name for m in units.find_in("住建居牵头哪些任务")] == ["区住房和城乡建设局"]  # one character mistyped


def test_a_long_name_with_one_character_mistyped_by_its_shape(directory):
    # 农业农材局: 材 is no homophone of 村, but the rest of the name and its ending are the unit's
    assert [(m.name, m.fuzzy) for m in directory.find_in("农业农材局牵头的")] == [("区农业农村局", True)]
    assert directory.find_in("自然资源部的规定") == []  # another ending: no unit of the notice


def test_a_provinces_department_and_a_bracketed_group_have_the_short_names_staff_use():
    assert {"人社厅", "人力资源社会保障部门"} <= derive_aliases("人力资源社会保障厅")  # 厅, the key 人力资源和社会保障 without 和
    assert {"科技厅"} <= derive_aliases("省科技厅")
    # a group of governments with its areas in brackets (莆田 2025): as staff write it
    assert {"各县区人民政府", "各县区政府", "各县人民政府"} <= derive_aliases("各县（区）人民政府（管委会）")
    assert {"综合执法局"} <= derive_aliases("区综合行政执法局")  # the first and last word of a three-word core


def test_a_name_listing_levels_is_found_without_its_enumeration_comma():
    d = UnitDirectory([task(1, ["各区、县（市）政府"])])
    assert [m.name for m in d.find_in("各区县（市）政府要管哪些条")] == ["各区、县（市）政府"]


@pytest.mark.parametrize(("name", "said"), [
    ("各县（区）政府（管委会）", "县区政府"),  # a group said without its 各 and brackets
    ("各县(市、区)人民政府", "县市区政府"),  # brackets printed in ASCII read as the full-width ones are
])
def test_a_group_of_local_governments_is_named_as_staff_say_it(name, said):
    assert said in derive_aliases(name)
    assert "有关单位" not in derive_aliases("各有关单位")  # (no bracket: the group keeps its 各)


def _task(number: int, *names: str, doc: str = "D") -> Task:
    return Task(doc, number, number, 1, "", f"任务{number}", "", tuple(UnitRole(n, Role.LEAD) for n in names), "", number)


@pytest.mark.parametrize("full, short", [("市市场监管局", "市场监管局"), ("市委组织部（人才办）", "组织部（人才办）"),
                                         ("市民族宗教局", "市民宗局"), ("市住房公积金中心", "市公积金中心")])
def test_one_notice_s_two_ways_of_writing_a_unit_are_one_unit(full, short):
    units = UnitDirectory([_task(1, full), _task(2, "市财政局", short)])
    assert units.rows(full) == units.rows(short) == [0, 1]


def test_a_short_form_in_another_notice_stays_its_own_unit():
    units = UnitDirectory([_task(1, "市民族宗教局", doc="A"), _task(2, "市民宗局", doc="B")])
    assert units.rows("市民族宗教局") == [0] and units.rows("市民宗局") == [1]


def test_an_office_named_by_its_kind_alone_gets_no_one_character_name():
    # 办公室 (a bureau's own office, no prefix): 办 is no name of it (一年办几次 names no unit)
    assert derive_aliases("办公室") == {"办公室"}
    assert "局办" in derive_aliases("局办公室")
