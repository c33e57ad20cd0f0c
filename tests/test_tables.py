"""rag/tables.py: task tables — in a .docx (merged cells too) and flattened to one cell per line."""

from __future__ import annotations

import io
import re

import pytest

from rag.parse import parse_bytes, parse_notice
from rag.tables import column_kind, is_task_header, rows_to_lines, unflatten, unsquash

docx = pytest.importorskip("docx")

# Rows of the task table (附表2) of 沪交科〔2023〕429号 as published (tests/fixtures/real/SOURCES.md),
# put into a Word table: 序号 / 交通子行业 / 建设区域 / 十四五装机计划（MW） / 责任单位.
HEADER = ["序号", "交通子行业", "建设区域", "十四五装机计划（MW）", "责任单位"]
ROWS = [
    ["1", "地铁", "高架车站、地面车站、停车场、轨道沿线", "35-36", "申通地铁集团"],
    ["2", "铁路", "候车楼、货场、站房、站台风雨棚、铁路沿线", "15-20", "中国铁路上海局"],
    ["3", "机场", "候机楼、货运楼、停车场、泵站等屋顶、机场空地、办公楼", "4-10", "机场集团、各航空公司"],
]


def word_table(header, rows, merge_units: tuple[int, int] | None = None) -> bytes:
    document = docx.Document()
    document.add_paragraph("沪交科〔2023〕429号")
    document.add_paragraph("关于印发交通领域光伏推广应用实施方案的通知")
    table = document.add_table(rows=1 + len(rows), cols=len(header))
    for c, text in enumerate(header):
        table.cell(0, c).text = text
    for r, row in enumerate(rows, start=1):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    if merge_units:  # one 责任单位 cell over several rows, as many 分工表 have
        top, bottom = merge_units
        merged = table.cell(top, len(header) - 1).merge(table.cell(bottom, len(header) - 1))
        merged.text = rows[top - 1][-1]
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_a_word_task_table_gives_one_task_per_row_with_its_units():
    p = parse_bytes(word_table(HEADER, ROWS), "table.docx")
    assert p.notice.doc_id == "沪交科〔2023〕429号"
    assert [t.number for t in p.tasks] == [1, 2, 3]
    assert [t.responsible_units for t in p.tasks] == [("申通地铁集团",), ("中国铁路上海局",), ("机场集团", "各航空公司")]
    assert p.tasks[0].title == "地铁"
    assert all(t.lead_units == () for t in p.tasks)  # 责任单位 only: no lead is named


def test_a_unit_cell_merged_over_rows_applies_to_each_row():
    p = parse_bytes(word_table(HEADER, ROWS, merge_units=(1, 3)), "merged.docx")
    assert [t.responsible_units for t in p.tasks] == [("申通地铁集团",)] * 3


def test_lead_and_deadline_columns_become_the_clause():
    lines = rows_to_lines([["序号", "工作任务", "牵头单位", "配合单位", "完成时限"],
                           ["1", "建设道路。", "区交通运输局", "区财政局、区住建局", "2024年底"]])
    assert lines == ["1.建设道路。（牵头单位：区交通运输局；配合单位：区财政局、区住建局；完成时限：2024年底）"]
    t = parse_notice("某政办字〔2024〕1号\n关于某事的通知\n" + lines[0], "t.txt").tasks[0]
    assert (t.lead_units, t.responsible_units, t.deadline) == (("区交通运输局",), ("区财政局", "区住建局"), "2024年底")
    assert t.units[1].label == "配合单位"


def test_a_table_that_is_not_a_task_table_stays_text():
    assert rows_to_lines([["年份", "面积"], ["2024", "3.92"]]) == ["年份\t面积", "2024\t3.92"]


def test_a_flattened_table_is_read_row_by_row():
    lines = ["附表1", "序号", "事项", "工作措施", "责任单位", "1", "“光伏+地铁”工程", "利用车站屋顶建设光伏", "申通地铁",
             "集团", "2", "新建车站屋顶覆盖光伏", "3", "“光伏+铁路”工程", "改造站房", "中国铁路上海局"]
    out = unflatten(lines)
    assert out[0] == "附表1"
    assert out[1:] == ["1.“光伏+地铁”工程。利用车站屋顶建设光伏（责任单位：申通地铁集团）",
                       "2.新建车站屋顶覆盖光伏（责任单位：申通地铁集团）",
                       "3.“光伏+铁路”工程。改造站房（责任单位：中国铁路上海局）"]


def test_headings_spanning_a_flattened_table_stay_headings_and_numbers_may_skip_after_them():
    lines = ["序号", "改革举措", "主要内容", "指导部门", "推广范围",
             "一、知识产权保护方面（共2项）", "1", "三合一审判", "整合审判资源。", "最高人民法院、国家知识产权局", "全国",
             "2", "专利保险", "开发保险产品。", "国家知识产权局", "全国",
             "二、军民融合方面（共3项）", "三、管理体制方面（共1项）", "6", "高校自主评审", "下放评审权。", "教育部", "8个区域"]
    out = unflatten(lines)
    assert out[0] == "一、知识产权保护方面（共2项）"
    assert out[3:5] == ["二、军民融合方面（共3项）", "三、管理体制方面（共1项）"]
    assert out[5].startswith("6.高校自主评审。下放评审权。推广范围：8个区域（指导部门：教育部）")
    p = parse_notice("国办发〔2018〕1号\n关于推广改革举措的通知\n附件\n推广清单\n" + "\n".join(lines), "t.txt")
    assert [t.number for t in p.tasks] == [1, 2, 6]
    assert p.tasks[2].responsible_units == ("教育部",)


# a 任务清单 attachment flattened one cell per line: column names broken over two lines, spanning
# category cells, rows opened by (N), unit cells last and written once when merged over rows
MARKED = ["任务", "分类", "主要方向", "重点任务", "2024年工作项目", "2025年计划", "牵头", "部门", "配合", "部门",
          "实施", "主体",
          "（一）", "提升设施品质", "1、改善道路环境",
          "（1）建设精品道路300条。", "建设精品道路100条。", "建设精品道路200条。",
          "设施养护处", "各相关部门和单位", "各区",
          "（2）建设慢行精品区50个。", "建设17个。", "建设33个。",
          "2、提升轮渡服务",
          "（3）改善水路客运服务。", "增强信息查询。", "创建服务品牌。",
          "港监处", "市交通委（科信处、宣传处）、市港航中心", "久事集团",
          "（4）提升轮渡码头。", "改造码头。", "改造候船室。",
          "各相关部门和单位", "久事集团"]


def test_a_flattened_table_whose_rows_start_with_task_marks_is_read_row_by_row():
    out = unflatten(MARKED)
    assert out[:2] == ["（一）提升设施品质", "1、改善道路环境"]
    assert out[2] == ("（1）建设精品道路300条。2024年工作项目：建设精品道路100条。2025年计划：建设精品道路200条。"
                      "（牵头部门：设施养护处；配合部门：各相关部门和单位；实施主体：各区）")
    assert out[3].endswith("（牵头部门：设施养护处；配合部门：各相关部门和单位；实施主体：各区）")  # merged from above
    assert out[4] == "2、提升轮渡服务"
    assert out[5].endswith("（牵头部门：港监处；配合部门：市交通委（科信处、宣传处）、市港航中心；实施主体：久事集团）")
    # two cells: the one repeating the row above's column anchors them, the lead cell is merged
    assert out[6].endswith("（牵头部门：港监处；配合部门：各相关部门和单位；实施主体：久事集团）")
    p = parse_notice("某交〔2024〕1号\n关于印发行动计划的通知\n附件：任务清单\n附件\n任务清单\n" + "\n".join(MARKED), "t.txt")
    assert [t.lead_units for t in p.tasks] == [("设施养护处",)] * 2 + [("港监处",)] * 2
    assert p.tasks[2].responsible_units == ("市交通委（科信处、宣传处）", "市港航中心", "久事集团")


def test_a_flattened_row_with_two_persons_in_a_leader_column_is_set_against_the_columns():
    from rag.tables import unflatten

    lines = ["序号", "项目", "责任领导", "责任科室", "完成时限",
             "1", "严格落实学习制度。", "张凌英", "刘  春", "办公室、党办牵头，各科室", "持续推进",
             "2", "组织编制立法计划。", "刘  春", "立法科", "按上级部署"]
    out = unflatten(lines)
    assert out[0].startswith("1.严格落实学习制度。") and "责任科室：办公室、党办牵头，各科室" in out[0]
    assert "完成时限：持续推进" in out[0] and "张凌英、刘春" in out[0]  # persons stay text, not units
    assert "责任科室：立法科" in out[1] and "完成时限：按上级部署" in out[1]


def test_group_rows_of_a_flattened_table_are_sections():
    from rag.parse import parse_notice

    text = "\n".join(["附件", "序号", "工作任务", "推进单位", "行动一：再造发展新极行动", "1", "推进片区规划研究",
                      "区规划资源局、区建设管理委", "2", "推进地区更新", "区发展改革委", "行动二：重塑美丽新居行动",
                      "3", "完成旧住房成套改造", "区房管局"]) + "\n"
    tasks = parse_notice(text, "groups.txt").tasks
    assert [(t.number, t.section) for t in tasks] == [(1, 1), (2, 1), (3, 2)]
    assert tasks[2].section_title.startswith("行动二") and tasks[2].unit_names == ("区房管局",)


def test_a_number_column_whose_head_cell_is_empty_still_opens_rows():
    lines = ["主要任务", "责任单位", "推进时间", "一、健全机制", "1", "完善社区协商制度。", "市委组织部，市民政局",
             "持续推进", "2", "建设养老服务设施。", "市民政局、住建局、", "“十四五”期间"]
    out = unflatten(lines)
    assert out[0] == "一、健全机制"
    assert out[1].startswith("1.完善社区协商制度。") and "市委组织部，市民政局" in out[1]
    assert out[2].startswith("2.建设养老服务设施。") and "市民政局、住建局" in out[2] and "“十四五”期间" not in out[2].split("责任单位")[1].split("；")[0]


def test_a_table_of_sites_with_their_owners_is_no_task_table():
    assert not is_task_header(["序号", "场所名称", "面积", "权属部门"])
    assert is_task_header(["序号", "工作任务", "责任部门"])


def test_unit_columns_between_text_columns_and_names_broken_inside_a_cell():
    # 莆政办〔2020〕21号's 分解表: 工作任务 spans rows as headings, then per row the province's measure (1.…), the
    # 牵头单位 and 责任单位 cells, and the city's own 贯彻落实意见 after them; 市农业 / 农村局 is one name broken in two
    lines = ["工作任务", "省里具体措施", "牵头单位", "责任单位", "贯彻落实意见", "一、全面推动复工复产",
             "1.支持企业引工稳岗,给予一次性稳就业奖补。", "市人社局", "市工信局、市财政局，各县（区）政府",
             "给予一次性稳就业奖补，奖补标准为200元/人。",
             "2.组织具有果蔬冷藏储运条件的企业向社会开放。", "市农业", "农村局、", "商务局", "市财政局",
             "鼓励支持蔬菜进行保鲜冷藏。"]
    out = unflatten(lines)
    assert out[0] == "一、全面推动复工复产"
    assert "（牵头单位：市人社局；责任单位：市工信局、市财政局，各县（区）政府）" in out[1]
    assert "贯彻落实意见：给予一次性稳就业奖补，奖补标准为200元/人。" in out[1]  # the city's text stays the task's
    assert "（牵头单位：市农业农村局、商务局；责任单位：市财政局）" in out[2]


def test_a_name_is_not_joined_to_the_next_cell_that_opens_a_name_of_its_own():
    from rag.tables import _broken_name
    assert _broken_name("市农业", "农村局、") and _broken_name("市海洋", "与渔业局")
    assert not _broken_name("疫情防控期间", "市财政局") and not _broken_name("市人社局", "市财政局")


def test_a_column_headed_by_unit_alone_holds_measures_not_bodies():
    assert column_kind("单位") == column_kind("计量单位") == "measure"
    assert column_kind("责任单位") == "units"


def test_rows_under_a_project_cell_merged_over_them_are_tasks_each_with_its_units():
    # 杨府办发〔2022〕12号's annex as published (tests/fixtures/real/SOURCES.md, round 19), shortened: the 项目 cell
    # spans two 主要任务 rows, each with its own unit cells; the last row's unit cells are merged with the one above
    lines = ["类别", "项目", "主要任务", "牵头单位", "配合单位",
             "一、做好政策保障",
             "1.做好规划配套", "将基层消防安全综合治理建设工作与市级消防规划相衔接。", "区消防救援支队", "区应急局、各街道",
             "2.完善规章标准", "细化街道消防安全委员会的职责任务。", "区消防救援支队", "各街道",
             "贯彻执行本市重点检查事项。", "区考核办", "区消防救援支队",
             "指导街道发挥消防队伍作用。",
             "3.实化运行消防", "安全委员会", "年底前，各街道成立消防安全委员会。", "区委编办、", "各街道", "区消防救援支队"]
    p = parse_notice("杨府办发〔2022〕12号\n关于消防治理的通知\n附件：\n重点任务清单\n" + "\n".join(lines), "t.txt")
    got = [(t.title, t.lead_units, t.responsible_units) for t in p.tasks]
    assert got == [("做好规划配套", ("区消防救援支队",), ("区应急局", "各街道")),
                   ("细化街道消防安全委员会的职责任务", ("区消防救援支队",), ("各街道",)),
                   ("贯彻执行本市重点检查事项", ("区考核办",), ("区消防救援支队",)),
                   ("指导街道发挥消防队伍作用", ("区考核办",), ("区消防救援支队",)),
                   ("实化运行消防安全委员会", ("区委编办", "各街道"), ("区消防救援支队",))]


def test_a_marked_table_with_category_rows_empty_cells_and_sub_rows():
    # 青府办发〔2025〕20号's 附件3 as published (tests/fixtures/real/SOURCES.md, round 21), shortened: category rows
    # give their number alone on a line (the first printed as a dash), each row's mark stands on a line of its own,
    # an empty cell is printed ——, a 工作任务 cell spans two rows, and the header repeats after a page break
    lines = ["序号", "工作任务", "主要工作内容", "牵头单位", "配合单位",
             "—", "构建产消平衡的处置体系",
             "（一）", "推动源头减量", "增加工程土方消纳平衡内容。", "区规划资源局", "区水务局、区绿化市容局",
             "（二）", "落实转运码头规划、建设和备案",
             "建设建筑垃圾转运码头。", "区建设管理委", "——",
             "开展转运码头备案工作。", "区绿化市容局", "——",
             "序号", "工作任务", "主要工作内容", "牵头单位", "配合单位",
             "二", "构建数字赋能监管体系",
             "（一）", "运用数据平台共享研判", "及时处置线索。", "——", "属地街镇、区城运中心"]
    p = parse_notice("青府办发〔2025〕20号\n关于印发实施意见的通知\n附件\n任务职责分工表\n" + "\n".join(lines), "t.txt")
    got = [(t.section, t.title, t.lead_units, t.responsible_units) for t in p.tasks]
    assert got == [(1, "推动源头减量", ("区规划资源局",), ("区水务局", "区绿化市容局")),
                   (1, "建设建筑垃圾转运码头", ("区建设管理委",), ()),
                   (1, "开展转运码头备案工作", ("区绿化市容局",), ()),
                   (2, "运用数据平台共享研判", (), ("属地街镇", "区城运中心"))]
    assert [t.section_title for t in p.tasks][::3] == ["构建产消平衡的处置体系", "构建数字赋能监管体系"]


def test_category_rows_of_a_table_numbered_by_number_lines_are_sections():
    # 静安区发改委 2025's 附表 (round 19): 一 / 推进碳达峰… category rows between numbered rows
    lines = ["序号", "重点任务", "具体工作", "时间进度", "责任部门",
             "一", "推进碳达峰碳中和综合管理",
             "1", "全力推进节能降碳目标进度", "全年推进", "发展改革委、生态环境局",
             "二", "加快推进能源绿色低碳转型",
             "2", "完成10个节能改造项目", "年内完成", "卫生健康委、生态环境局"]
    out = unflatten(lines)
    assert out[0] == "一、推进碳达峰碳中和综合管理" and out[2] == "二、加快推进能源绿色低碳转型"
    assert out[1].endswith("（责任部门：发展改革委、生态环境局）") and out[3].startswith("2.完成10个节能改造项目")


def test_an_indicator_table_with_categories_before_the_number_and_units_with_roles():
    # 明政办〔2024〕8号 附件2 (round 22), as stored: two levels of merged category cells before the number,
    # a 变量性质 column of kinds, a row whose unit cell names a lead, and a line that only looks like 第一项
    # (rows 1–2, 5–6, 28, 41 and 40, cut short; numbered 1–7 here)
    lines = ["一级", "指标", "二级", "指标", "编号", "变量", "性质", "三级指标", "指标说明及打分标准",
             "评估方式及数据或资料来源", "责任单位",
             "促进发展（20分）", "发展规模（10分）",
             "1", "定量", "网上零售额同比增速。（2分）", "近2年，超过1年得1分，共2分。", "方式：数据比对、资料审查。",
             "市商务局、统计局，各县（市、区）人民政府。[以下均需各县（市、区）人民政府落实，不再逐一列出]",
             "2", "定量", "网络交易经营者数量占市场主体比重。（2分）", "占比8%-15%得1分。", "方式：数据比对。",
             "市商务局、市场监管局",
             "3", "定量", "快递业务同比增速。（2分）", "方式：数据比对、资料审查。", "市商务局、邮政管理局",
             "发展质量（10分）",
             "4", "定量", "网络市场消费贡献度。（2分）", "方式：数据比对、资料审查。", "市商务局、统计局",
             "促进发展（20分）", "发展规模（10分）",
             "5", "定性", "探索开展沙盒监管的创新性实践。（3分）", "1.运用大数据等信息化手段；", "符合一项即可得3分。",
             "方式：资料审查、专家评估。", "市市场监管局牵头，市创建领导小组成员单位按职责分工负责",
             "6", "定性", "强化普法、宣传，营造良好社会氛围。（1分）", "方式：资料审查。", "市市场监管局、司法局",
             "7", "定性", "强化信息基础支撑，完善网络市场监管与服务信息化保障。（1分）", "方式：资料审查、专家评估。",
             "市市场监管局"]
    notice = parse_notice("\n".join(["明政办〔2024〕8号", "关于印发工作方案的通知", "附件2", *lines]))
    tasks = {t.number: t for t in notice.tasks}
    assert [(u.name, u.role.value) for u in tasks[1].units] == [
        ("市商务局", "responsible"), ("统计局", "responsible"), ("各县（市、区）人民政府", "responsible")]
    assert [(u.name, u.role.value) for u in tasks[5].units] == [
        ("市市场监管局", "lead"), ("市创建领导小组成员单位", "responsible")]
    assert [u.name for u in tasks[6].units] == ["市市场监管局", "司法局"]
    assert [tasks[n].title for n in (1, 4, 5)] == ["网上零售额同比增速", "网络市场消费贡献度", "探索开展沙盒监管的创新性实践"]


# 君山片区 2023 安全生产工作要点 (round 23), as stored: the 附件 清单 squashed into the page's one line, its cells
# with nothing between them (rows 1–3 of 19)
SQUASHED = ("附件2023年片区创新机制做法及重点任务清单序号名称类型（机制、任务等）具体内容责任部门1重要指示、重大决策部署落实"
            "评估机制机制完善落实习近平总书记有关安全生产重要指示“一批示一报告一台账”制度，定期开展评估，找出短板弱项，迅速整改推进。"
            "持续强化“月跟踪督促、季现场推进、半年分析、年底总结”四项制度，确保各项工作达到进度、如期完成。完善实施“工作清单、台帐管理、"
            "专题协调、现场督促、对单销号”五项措施。各处室按职责分工负责2推进包保机制机制片区领导定期研究、推进重大隐患风险整改销号,"
            "确保“一抓到底、见底清零”。推进安全生产责任传导机制，对发生事故的倒逼原因、倒查责任、失职追责。各处室按职责分工负责3完善"
            "固化“五个一”触发机制机制片区党政领导在重大活动、节假日前要组织召开一次专题部署会、印发一份方案、带队开展一次安全隐患排查"
            "整治、组织一次指挥调度并安排好值班值守、督促企业开展一轮自查自纠。各处室按职责分工负责")


def test_a_table_squashed_into_one_line_is_read_row_by_row():
    out = unflatten([SQUASHED])
    assert out[0] == "附件2023年片区创新机制做法及重点任务清单"
    assert [line.split(".")[0] for line in out[1:]] == ["1", "2", "3"]
    assert all(line.endswith("（责任单位：各处室按职责分工负责）") for line in out[1:])
    assert out[2].startswith("2.推进包保机制机制片区领导定期研究")
    # a line that only mentions a unit column is left as it is
    plain = "责任单位要加强协调，" * 30
    assert unflatten([plain]) == [plain]


def test_a_squashed_table_whose_unit_column_stands_between_text_columns_is_read():
    # the shape of 平潭 市场监管局's 2017 任务分解表 (tests/fixtures/real/pingtan_scjg_2017_zlrw.txt): 负责部门 before
    # 绩效指标, names glued to the cells around them, rows 1. 2. … under category headings run into the line
    rows = ("一、“专利制度创新”主体任务（一）完善专利制度1.推动制定专利政策贯彻落实强国建设部署 推动制定专利政策。（必做）"
            " 第二季度：制定印发办法。 第四季度：进行工作总结。知识产权处完成相关专利政策的制定工作。2.完善专利权保护制度推动建立"
            "保护机制。 第四季度：进行工作总结。知识产权处 年内有阶段性成果。（二）构建专利工作推进体系3.加大专利执法力度全面加强"
            "专利执法工作。 第二、三季度：开展执法督查。知识产权处稽查支队各分局年内有阶段性成果。")
    line = "附件：专利工作任务分解表 附件专利工作任务分解表工作措施工作目标具体内容进度安排负责部门绩效指标" + rows
    out = unsquash(line)
    tasks = [x for x in out if re.match(r"\d\.", x)]
    assert [t.split("（责任单位：")[-1] for t in tasks] == ["知识产权处）", "知识产权处）", "知识产权处、稽查支队、各分局）"]
    assert "一、“专利制度创新”主体任务" in out and "（二）构建专利工作推进体系" in out
    assert "知识产权处" not in tasks[0].split("（责任单位：")[0]  # the cell is taken out of the row's text


def test_a_unit_cell_broken_after_a_separator_goes_on_and_places_share_a_units_ending():
    # 沪绿容〔2021〕208号's 附表2 (tests/fixtures/real/sh_lrj_2021_gycs.txt): a 主要部门 cell broken after 、 or ，
    # continues on the next line, and 嘉定区、青浦区、松江区、奉贤区政府 lists places sharing 区政府
    lines = ["任务编号", "分项任务", "工作任务", "主要部门", "1", "重点发展区域", "以“一江一河一带”推动主城区生态空间开放融合",
             "相关区政府、市绿化市容局、市一江一河办", "2", "以“绿心”公园引领五个新城环境品质全面提升",
             "嘉定区、青浦区、松江区、奉贤区政府，", "临港新片区管委会", "3", "以公园绿地建设促进产业转型区域功能完善和融合创新",
             "市科委、市经济信息化委、市绿化市容局、", "市规划资源局、市科创办"]
    out = unflatten(lines)
    assert "主要部门：嘉定区、青浦区、松江区、奉贤区政府，临港新片区管委会" in out[1]
    assert "主要部门：市科委、市经济信息化委、市绿化市容局、市规划资源局、市科创办" in out[2]


# 附件1, 附件2 and 附件4 of 明政办〔2022〕28号 as published (tests/fixtures/real/SOURCES.md, round 43), cut short
SUPERVISED = ["附件1", "三明市2022年农村“千人以下”水源地", "保护范围划定任务表", "序号", "县（市、区）", "划定任务数", "（个）",
              "完成时限", "责任单位", "监督单位", "1", "三元区", "158", "2022.9", "三元区政府", "市生态环境局",
              "2", "沙县区", "224", "2022.9", "沙县区政府", "市生态环境局", "合计", "3097"]


def test_a_table_with_two_unit_columns_reads_both_and_its_totals_row_is_no_task():
    rows = unflatten(SUPERVISED)
    assert rows[3:] == ["1.三元区。158（完成时限：2022.9；责任单位：三元区政府；监督单位：市生态环境局）",
                        "2.沙县区。224（完成时限：2022.9；责任单位：沙县区政府；监督单位：市生态环境局）"]


def test_a_sub_row_under_a_row_and_a_name_broken_after_its_bracket_are_the_rows():
    rows = unflatten(["序号", "县（市、区）", "整治内容", "完成时限", "责任单位", "监督单位",
                      "1", "三元区", "新建改造乡镇生活污水配套管网0.6公里。", "2022.12", "三元区政府", "市住建局",
                      "完成4个村庄生活污水治理设施建设任务。", "市生态环境局",
                      "2", "农村小水电整治提升", "农村水电站生态下泄流量合格率达到90%以上。", "2022年12月", "各县（市、区）",
                      "政府", "市水利局", "附件2"])
    assert rows[0] == ("1.三元区。新建改造乡镇生活污水配套管网0.6公里；完成4个村庄生活污水治理设施建设任务。（完成时限：2022.12；"
                       "责任单位：三元区政府；监督单位：市住建局、市生态环境局）")
    assert "责任单位：各县（市、区）政府；监督单位：市水利局" in rows[1]


def test_the_bodys_key_tasks_beside_tables_that_hold_every_clause_are_tasks_too():
    text = ("关于印发2022年某市水环境整治提升行动计划的通知\n二、重点任务\n（一）实施农村水源地整治提升行动。推进整治。\n"
            "（二）实施农村小水电整治提升行动。完成改造。\n" + "\n".join(SUPERVISED[:22]))
    tasks = parse_notice(text).tasks
    assert [(t.title, [u.name for u in t.units]) for t in tasks][:3] == [
        ("实施农村水源地整治提升行动", []), ("实施农村小水电整治提升行动", []), ("三元区", ["三元区政府", "市生态环境局"])]


def test_a_place_and_its_office_broken_over_two_lines_of_a_flattened_cell_are_one_name():
    # 明政办〔2021〕49号's annex as the page prints it: the 建设单位 cell 建宁县 / 农业农村局
    lines = ["序号", "项目名称", "建设内容及规模", "总投资（万元）", "建设年限", "建设单位",
             "1", "建宁县国家级现代农业产业园建设", "建设标准化种子基地10万亩。", "80000", "2021-2025", "建宁县", "农业农村局",
             "2", "建宁县种子产业", "互联网平台", "构建种子产业互联网服务平台。", "2800", "2021-2022", "沙县区", "农业农村局"]
    out = unflatten(lines)
    assert [re.search(r"（建设单位：(.*)）", x).group(1) for x in out] == ["建宁县农业农村局", "沙县区农业农村局"]
