"""rag/clauses.py: unit clauses in every convention notices use, each unit with its role."""

from __future__ import annotations

import pytest

from rag.clauses import (
    find_lead_convention,
    is_unit_name,
    looks_like_clause,
    read_clause,
    read_clauses,
    split_units,
    without_carry_over,
)
from rag.types import Role


def roles(clause: str, first_leads: bool = False) -> list[tuple[str, str]]:
    return [(u.name, u.role.value) for u in read_clause(clause, first_leads).units]


@pytest.mark.parametrize(("clause", "expected"), [
    ("牵头单位：市人力资源和社会保障局，配合单位：市财政局、市教育局",
     [("市人力资源和社会保障局", "lead"), ("市财政局", "responsible"), ("市教育局", "responsible")]),
    ("牵头单位：经济技术开发区、九里亭街道，支撑单位：区规划资源局",
     [("经济技术开发区", "lead"), ("九里亭街道", "lead"), ("区规划资源局", "responsible")]),
    ("责任部门：区发改委；完成时限：2024年6月", [("区发改委", "responsible")]),
    ("负责部门：商务部、海关总署；适用范围：上海自贸试验区", [("商务部", "responsible"), ("海关总署", "responsible")]),
    ("区发展和改革局牵头，区财政局、区民政局配合", [("区发展和改革局", "lead"), ("区财政局", "responsible"), ("区民政局", "responsible")]),
    ("商务部会同有关部门负责", [("商务部", "lead"), ("有关部门", "responsible")]),
    ("区政府办公室、区司法局按职责分工负责", [("区政府办公室", "shared"), ("区司法局", "shared")]),
    ("市国资委和各有关部门分工负责", [("市国资委", "shared"), ("各有关部门", "shared")]),  # 分工 alone divides the duty too
    ("海关总署、财政部、税务总局负责", [("海关总署", "responsible"), ("财政部", "responsible"), ("税务总局", "responsible")]),
    ("牵头单位：市委组织部，配合单位：市国资委，各区、县级市",
     [("市委组织部", "lead"), ("市国资委", "responsible"), ("各区、县级市", "responsible")]),
])
def test_clause_conventions(clause, expected):
    assert roles(clause) == expected


@pytest.mark.parametrize(("clause", "expected"), [
    # the words that divide a duty by remit compose with any plain duty verb, in any spelling
    ("市财政局、市审计局根据各自职能负责落实", [("市财政局", "shared"), ("市审计局", "shared")]),
    ("市财政局、市审计局依照职责分工落实", [("市财政局", "shared"), ("市审计局", "shared")]),
    ("市财政局、市审计局分别负责", [("市财政局", "shared"), ("市审计局", "shared")]),
    # with 牵头 or 配合 the verb decides the role, whatever modifies it
    ("市财政局按职责牵头负责，市审计局按照职能积极配合", [("市财政局", "lead"), ("市审计局", "responsible")]),
    # without such words, 负责 alone names responsible units and no lead
    ("市财政局、市审计局认真负责", [("市财政局", "responsible"), ("市审计局", "responsible")]),
])
def test_how_a_duty_is_divided_composes_with_its_verb(clause, expected):
    assert roles(clause) == expected


def test_first_listed_leads_only_where_the_notice_says_so():
    assert roles("海关总署、财政部负责", first_leads=True) == [("海关总署", "lead"), ("财政部", "responsible")]
    assert roles("国家发展改革委、财政部等按职责分工负责", first_leads=True) == [("国家发展改革委", "lead"), ("财政部", "responsible")]


def test_and_others_is_a_flag_not_part_of_a_name():
    r = read_clause("商务部、海关总署等有关部门负责")
    assert [u.name for u in r.units] == ["商务部", "海关总署"] and r.and_others


def test_labels_keep_the_notice_s_own_word():
    r = read_clause("牵头单位：区甲局；协办单位：区乙局；完成时限：2023年底")
    assert [(u.name, u.label) for u in r.units] == [("区甲局", "牵头单位"), ("区乙局", "协办单位")]
    assert r.deadline == "2023年底"


@pytest.mark.parametrize(("text", "expected"), [
    ("（税务总局、财政部负责，排在第一位的部门为牵头部门，下同）", "排在第一位的部门为牵头部门，下同"),
    ("各项任务中列第一位者为牵头单位，下同。", "各项任务中列第一位者为牵头单位，下同"),
    ("按照职责分工抓好落实。", ""),
])
def test_the_lead_convention_is_found_in_any_wording(text, expected):
    assert find_lead_convention(text) == expected


@pytest.mark.parametrize(("inner", "expected"), [
    ("牵头单位：区科学技术局", True), ("海关总署、财政部负责", True), ("区大数据中心", True),
    ("2023—2025年", False), ("枣庄段", False), ("含说明", False), ("活动地点：纪念馆", False),
])
def test_which_brackets_assign_units(inner, expected):
    assert looks_like_clause(inner) is expected


def test_a_unit_list_splits_outside_brackets_and_an_area_word_joins_only_another_area():
    assert split_units("市交通委（科信处、宣传处）、市港航中心")[0] == ["市交通委（科信处、宣传处）", "市港航中心"]
    assert split_units("各区、县级市人民政府，市发展改革委")[0] == ["各区、县级市人民政府", "市发展改革委"]
    assert split_units("各行业主管部门、各区、城投集团")[0] == ["各行业主管部门", "各区", "城投集团"]


def test_a_sentence_in_brackets_is_not_a_unit_name():
    assert not is_unit_name("免税进口的科研仪器设备按有关政策规定执行")
    assert not looks_like_clause("免税进口的科研仪器设备按有关政策规定执行")


def test_fields_written_one_per_line_and_joined_without_a_separator_are_still_fields():
    r = read_clause("牵头单位:区发改局责任单位:立山经济开发区,各街道")
    assert [(u.name, u.role.value) for u in r.units] == [("区发改局", "lead"), ("立山经济开发区", "responsible"),
                                                        ("各街道", "responsible")]


@pytest.mark.parametrize(("clause", "expected", "others"), [
    ("国家发展改革委牵头，国务院相关部门及各地区按职责分工负责",
     [("国家发展改革委", "lead"), ("国务院相关部门", "responsible"), ("各地区", "responsible")], False),
    ("税务总局牵头，人民银行、海关总署等国务院相关部门按职责分工负责",
     [("税务总局", "lead"), ("人民银行", "responsible"), ("海关总署", "responsible")], True),
    ("商务部、市场监管总局等国务院相关部门及各地区按职责分工负责",
     [("商务部", "shared"), ("市场监管总局", "shared"), ("各地区", "shared")], True),
    ("国家发展和改革委员会、住房和城乡建设局负责",
     [("国家发展和改革委员会", "responsible"), ("住房和城乡建设局", "responsible")], False),
    ("各有关部门和单位按职责分工负责", [("各有关部门和单位", "shared")], False),
])
def test_a_group_after_deng_and_a_conjunction_between_names(clause, expected, others):
    r = read_clause(clause)
    assert [(u.name, u.role.value) for u in r.units] == expected and r.and_others is others


def test_a_field_written_as_prose_names_each_phrases_unit():
    r = read_clause("责任分工：由区规划局负责开展规划编制工作，金井、澳前片区开发管理局组织实施，区直各部门各司其职，"
                    "协同配合，区交通与建设局等区直部门业务检查指导")
    assert [(u.name, u.role.value) for u in r.units] == [
        ("区规划局", "responsible"), ("金井、澳前片区开发管理局", "responsible"), ("区直各部门", "responsible"),
        ("区交通与建设局", "responsible")]
    assert r.and_others


@pytest.mark.parametrize("name", ["区直有关责任部门", "区直各部门", "区直部门", "所在乡镇人民政府", "国务院相关部门"])
def test_groups_named_by_level_or_by_the_task_are_generic(name):
    from rag.clauses import is_generic
    assert is_generic(name)


def test_a_sentence_carrying_units_over_to_later_tasks_is_no_unit():
    # 平潭 2023 新污染物治理方案, task 1: the 各片区 said once for every task after, with a half-width ;
    r = read_clause("区资源生态局牵头负责;各片区负责配合落实，以下均需各片区配合落实，不再列出")
    assert [(u.name, u.role.value) for u in r.units] == [("区资源生态局", "lead"), ("各片区", "responsible")]
    assert looks_like_clause("区资源生态局牵头负责;各片区负责配合落实，以下均需各片区配合落实，不再列出")


def test_a_carry_over_in_any_bracket_and_wording_is_no_unit_and_its_units_are_the_tasks():
    # 沪市场监管 2023 燃气 (round 22), task 1: the clause's carry-over names a unit of its own, after 。
    r = read_clause("市局特种设备安全监察处牵头，执法稽查处、信用监督管理处按职责分工负责；区市场监管局组织落实。"
                    "以下均需区市场监管局落实，市局执法总队负责上海化学工业区内的特种设备相关监管工作，不再单独列出")
    assert [(u.name, u.role.value) for u in r.units] == [
        ("市局特种设备安全监察处", "lead"), ("执法稽查处", "responsible"), ("信用监督管理处", "responsible"),
        ("区市场监管局", "responsible"), ("市局执法总队", "responsible")]
    # 明政办〔2024〕8号 (round 22): a bracketed name inside the carry-over; square brackets of its own
    r = read_clause("责任单位：市商务局、发改委，各县（市、区）人民政府；以下任务责任单位均包括各县（市、区）人民政府，不再列出")
    assert [u.name for u in r.units] == ["市商务局", "发改委", "各县（市、区）人民政府"]
    assert without_carry_over("市商务局、统计局。[以下均需各县（市、区）人民政府落实，不再逐一列出]") == "市商务局、统计局"
    # (angle brackets, after a half-width comma: sanming_szfb_2025_rzfw)
    assert without_carry_over("三明金融监管分局、各银行业金融机构,〈以下均需各银行业金融机构落实，不再列出〉") == "三明金融监管分局、各银行业金融机构"


def test_a_lead_convention_said_as_a_duty_and_the_part_it_names():
    from rag.clauses import lead_convention_scope
    text = "十项职业技能提升工程排第一位的责任部门，要牵头制定具体实施方案，细化工作措施；相关责任部门要积极配合"
    assert find_lead_convention(text).startswith("十项职业技能提升工程排第一位的责任部门，要牵头")
    assert lead_convention_scope(text) == "十项职业技能提升工程"
    assert lead_convention_scope("（海关总署、财政部负责，排在第一位的部门为牵头部门，下同）") == ""


def test_units_said_to_be_in_a_role_of_their_own_inside_a_field():
    # 沪市监产质〔2021〕639号 item 1 (tests/fixtures/real/SOURCES.md, round 19); 下同 is a remark, never a unit
    r = read_clause("牵头指导处室：市局产品质量安全监督管理处，各区市场监管局、临港新片区市场监管局、机场分局为实施单位，下同")
    assert [(u.name, u.role.value, u.label) for u in r.units] == [
        ("市局产品质量安全监督管理处", "lead", "牵头指导处室"), ("各区市场监管局", "responsible", "实施单位"),
        ("临港新片区市场监管局", "responsible", "实施单位"), ("机场分局", "responsible", "实施单位")]


def test_a_stray_space_inside_a_name_joins_it_and_a_space_between_names_separates_them():
    # 平潭综合实验区 2021 (round 21): a PDF's text with spaces inside names (检察 院, 行 政审批局)
    assert split_units("区法院、检察 院 区市场监管局、社会事业局")[0] == ["区法院", "检察院", "区市场监管局", "社会事业局"]
    assert split_units("区公安局、行 政审批局、农业农村局 区金控集团")[0] == ["区公安局", "行政审批局", "农业农村局", "区金控集团"]


def test_a_group_of_bodies_before_a_unit_is_its_own_name_not_an_area_prefix():
    # 岚综管办〔2021〕18号 (round 22): 各区属国企 is the district's enterprises, 区国资局 another unit
    assert split_units("各区属国企，区国资局")[0] == ["各区属国企", "区国资局"]
    assert split_units("各区、县级市人民政府")[0] == ["各区、县级市人民政府"]  # a group of areas still joins the next


def test_the_units_before_a_lists_first_comma_lead_where_the_notice_says_so():
    # 南充's convention (tests/fixtures/real/SOURCES.md, round 30): 第一个逗号前为牵头单位，下同
    clause = "责任单位：市科技局、市数据局，市委网信办、中国移动南充分公司；第一个逗号前为牵头单位，多个牵头部门的按照职责分工负责，下同"
    assert find_lead_convention(clause).startswith("第一个逗号前为牵头单位")
    got = [(u.name, u.role.value) for u in read_clause(clause, leads_before_comma=True).units]
    assert got == [("市科技局", "lead"), ("市数据局", "lead"), ("市委网信办", "responsible"), ("中国移动南充分公司", "responsible")]
    assert [u.role.value for u in read_clause("责任单位：市科技局、市经信局", leads_before_comma=True).units] == ["lead", "lead"]


def test_a_rank_of_governments_and_places_sharing_the_last_names_ending_are_units():
    got = [(u.name, u.role.value) for u in read_clause(
        "省发展改革委牵头负责，省工业和信息化厅、卫生健康委，广州、深圳、东莞市政府，各地级以上市人民政府配合").units]
    assert ("广州", "responsible") in got and ("东莞市政府", "responsible") in got
    assert ("各地级以上市人民政府", "responsible") in got and got[0] == ("省发展改革委", "lead")


def test_square_brackets_inside_a_name_and_a_verb_ending_in_one_character_of_a_bank():
    # 宁波 (round 31): 各区〔县、市〕政府 is one name; 成都: 市城市运行和政务服务办 is one office (运行 is no bank)
    assert split_units("各区〔县、市〕政府、开发园区管委会")[0] == ["各区〔县、市〕政府", "开发园区管委会"]
    assert split_units("市发展改革委（市数据局）、市市场监管局、市城市运行和政务服务办")[0] == [
        "市发展改革委（市数据局）", "市市场监管局", "市城市运行和政务服务办"]
    assert split_units("市人行、市财政局")[0] == ["市人行", "市财政局"]


def test_units_carried_over_are_each_of_those_it_lists():
    reading = read_clause("责任单位：市经信局、市发改委。以下均需各区〔县、市〕政府、开发园区管委会落实，不再列出")
    names = [u.name for u in reading.units]
    assert "各区〔县、市〕政府" in names and "开发园区管委会" in names


def test_under_a_first_listed_convention_each_alike_clause_has_its_own_lead():
    reading = read_clauses("责任单位：市发改委、市数据局、通商控股集团；责任单位：市经信局", first_leads=True)
    assert [(u.name, u.role) for u in reading.units] == [
        ("市发改委", Role.LEAD), ("市数据局", Role.RESPONSIBLE), ("通商控股集团", Role.RESPONSIBLE), ("市经信局", Role.LEAD)]
    # fields of one clause under different labels are not parts that each lead
    mixed = read_clauses("牵头单位：甲局；责任单位：乙局、丙局", first_leads=True)
    assert [u.role for u in mixed.units] == [Role.LEAD, Role.RESPONSIBLE, Role.RESPONSIBLE]


def test_levels_written_alone_before_another_are_one_bodys_name():
    # 三明 2022: 责任单位：市、县促进中小企业发展领导小组办公室
    assert split_units("市、县促进中小企业发展领导小组办公室") == (["市、县促进中小企业发展领导小组办公室"], False)
    assert split_units("市人社局、市、县两级财政部门")[0] == ["市人社局", "市、县两级财政部门"]


def test_a_starred_unit_is_the_lead():
    # （责任单位：*县人力社保局、县科技局、县大数据管理中心、县城投集团）
    units = read_clause("责任单位：*县人力社保局、县科技局、县大数据管理中心").units
    assert [(u.name, u.role.value) for u in units] == [("县人力社保局", "lead"), ("县科技局", "responsible"),
                                                       ("县大数据管理中心", "responsible")]


def test_labels_run_together_without_separators():
    # 苏平片区 2022: 牵头单位：X配合单位：Y根据职责开展…完成时限：… (one line, no brackets or punctuation)
    r = read_clause("牵头单位：政法综治处配合单位：局各业务处室根据职责开展本行业系统排查完成时限：2022年6月15日前")
    assert [(u.name, u.role.value) for u in r.units] == [("政法综治处", "lead"), ("局各业务处室", "responsible")]
    assert r.deadline == "2022年6月15日前"


def test_a_label_followed_by_prose_names_no_unit():
    r = read_clause("牵头单位：按照以上分工牵头负责完成时限：2022年9月25日前")
    assert r.units == () and r.deadline == "2022年9月25日前"


def test_a_kind_of_the_others_said_before_their_word_is_no_part_of_a_name():
    r = read_clause("责任单位：市发改委、卫健委等行业主管部门，产业链牵头单位")
    assert [u.name for u in r.units] == ["市发改委", "卫健委", "产业链牵头单位"] and r.and_others
    assert [u.name for u in read_clause("责任单位：市教育局、中等职业学校").units] == ["市教育局", "中等职业学校"]


def test_a_group_named_last_under_a_lead_label_with_its_own_remit_verb_shares_the_duty():
    # 莆政办〔2011〕18号: the offices named lead; 爱卫会成员单位 carry it by their members' remits
    r = read_clause("牵头单位：市住房和城乡建设局、城市管理执法局、爱卫会成员单位根据职能分工抓落实")
    assert [(u.name, u.role.value) for u in r.units] == [
        ("市住房和城乡建设局", "lead"), ("城市管理执法局", "lead"), ("爱卫会成员单位", "shared")]
    assert [(u.name, u.role.value) for u in read_clause("市有关部门根据职能分工抓落实").units] == [("市有关部门", "shared")]


def test_operators_named_with_a_verb_are_units():
    assert looks_like_clause("市委农办、市农业局负责、电信运营商配合")


def test_kinds_of_department_sharing_the_last_names_ending_are_units():
    # 平潭 闽岚综实管综〔2013〕58号 (round 63): 部门 written once for the whole run, with or without 等
    got = [(u.name, u.role.value) for u in read_clause("区交通与建设局牵头，公安、安监、质监、信息化部门配合").units]
    assert got == [("区交通与建设局", "lead"), ("公安", "responsible"), ("安监", "responsible"), ("质监", "responsible"),
                   ("信息化部门", "responsible")]
    assert [u.name for u in read_clause("公安、农业农机等部门分工负责").units] == ["公安", "农业农机"]
    assert looks_like_clause("区安监局牵头，交通运输、公安、农业部门分工负责")
    assert not looks_like_clause("加强公安、交通协作")  # a run with no department ending names no units


def test_an_office_of_another_level_in_brackets_is_a_second_office():
    # 平潭 闽岚综实管办〔2013〕55号 (round 63): 区社会事业局（县卫生局） leads with the county's own office; a bracket at
    # the same level is the office's other name
    got = [(u.name, u.role.value) for u in read_clause("牵头单位：区社会事业局（县卫生局）；参加单位：区纠风办、县物价局").units]
    assert got == [("区社会事业局", "lead"), ("县卫生局", "lead"), ("区纠风办", "responsible"), ("县物价局", "responsible")]
    assert [u.name for u in read_clause("牵头单位：区委组织部（区公务员局）").units] == ["区委组织部（区公务员局）"]


def test_a_page_link_label_run_on_after_the_last_name_is_not_part_of_it():
    # 平潭 岚综委〔2023〕54号 (round 63): …责任单位：区党工委党群工作部、经济发展局H5解读：https://…
    assert split_units("区党工委党群工作部、经济发展局H5")[0] == ["区党工委党群工作部", "经济发展局"]
