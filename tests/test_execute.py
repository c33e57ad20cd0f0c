"""rag/execute.py: filters ∩ topic → aggregate, on the seed notice (fake embedder), checked against the fixture."""

from __future__ import annotations

import pytest

from rag.query import Ask, PredicateFilter, Query, RowsFilter, SectionFilter, Topic, UnitFilter


@pytest.fixture(scope="module")
def run(seed_hash_assistant):
    answerer = seed_hash_assistant._s.answerer
    return lambda q: answerer.executor.run(q)


@pytest.fixture(scope="module")
def tasks(seed_hash_assistant):
    return seed_hash_assistant.tasks


def numbers(result, tasks) -> list[int]:
    return list(dict.fromkeys(tasks[m.row].number for m in result.matches))


def fixture_numbers(seed_tasks, name, roles) -> list[int]:
    return [t["number"] for t in seed_tasks if any(u["name"] == name and u["role"] in roles for u in t["units"])]


@pytest.mark.parametrize(("scope", "exclude", "roles"), [
    ("lead", None, {"lead"}), ("support", None, {"responsible", "shared"}), ("shared", None, {"shared"}),
    ("any", None, {"lead", "responsible", "shared"}), ("support", "lead", {"responsible", "shared"}),
])
def test_a_unit_list_is_exactly_the_unit_s_tasks_in_that_role(run, tasks, seed_tasks, scope, exclude, roles):
    q = Query("q", "zh", (UnitFilter("区发展和改革局", scope, exclude),), ask=Ask.LIST)
    assert numbers(run(q), tasks) == fixture_numbers(seed_tasks, "区发展和改革局", roles)


def test_units_together_keep_only_the_tasks_they_share(run, tasks, seed_tasks):
    q = Query("q", "zh", (UnitFilter("区科学技术局", "lead"), UnitFilter("区工业和信息化局", "lead")), unit_mode="all",
              ask=Ask.LIST)
    both = set(fixture_numbers(seed_tasks, "区科学技术局", {"lead"})) & set(fixture_numbers(seed_tasks, "区工业和信息化局", {"lead"}))
    assert numbers(run(q), tasks) == sorted(both) == [2, 8]


def test_units_each_are_grouped_by_unit(run, tasks):
    q = Query("q", "zh", (UnitFilter("区民政局", "lead"), UnitFilter("区财政局", "lead")), ask=Ask.LIST)
    result = run(q)
    assert {m.unit for m in result.matches} == {"区民政局", "区财政局"}


@pytest.mark.parametrize(("predicate", "n", "expected"), [
    ("no_lead", 2, [50, 87, 88, 89]),
    ("no_units", 2, [87, 88, 89]),
    ("shared", 2, [50]),
])
def test_predicates_over_the_records(run, tasks, predicate, n, expected):
    q = Query("q", "zh", (PredicateFilter(predicate, n),), ask=Ask.LIST)
    assert numbers(run(q), tasks) == expected


def test_several_leads_counts_the_lead_units(run, tasks, seed_tasks):
    for n in (2, 3):
        q = Query("q", "zh", (PredicateFilter("several_leads", n),), ask=Ask.LIST)
        expected = [t["number"] for t in seed_tasks if sum(u["role"] == "lead" for u in t["units"]) >= n]
        assert numbers(run(q), tasks) == expected


@pytest.mark.parametrize(("predicate", "n", "op", "role"), [
    ("lead_count", 3, "eq", "lead"), ("lead_count", 2, "ge", "lead"), ("lead_count", 1, "le", "lead"),
    ("support_count", 2, "ge", "responsible"), ("unit_count", 4, "ge", None),
])
def test_unit_counts_compare_the_units_of_a_role(run, tasks, seed_tasks, predicate, n, op, role):
    q = Query("q", "zh", (PredicateFilter(predicate, n, op),), ask=Ask.LIST)
    cmp = {"eq": int.__eq__, "ge": int.__ge__, "le": int.__le__}[op]
    expected = [t["number"] for t in seed_tasks
                if cmp(sum(role is None or u["role"] == role for u in t["units"]), n)]
    assert numbers(run(q), tasks) == expected


def test_the_most_units_is_relative_to_the_other_filters(run, tasks, seed_tasks):
    q = Query("q", "zh", (PredicateFilter("most_leads"),), ask=Ask.LIST)
    top = max(sum(u["role"] == "lead" for u in t["units"]) for t in seed_tasks)
    assert numbers(run(q), tasks) == [t["number"] for t in seed_tasks if sum(u["role"] == "lead" for u in t["units"]) == top]
    q = Query("q", "zh", (SectionFilter((("", 11),)), PredicateFilter("most_leads")), ask=Ask.LIST)
    assert all(tasks[n - 1].section == 11 for n in numbers(run(q), tasks))


def test_a_topic_list_holds_every_task_that_names_the_topic(run, tasks):
    q = Query("垃圾分类相关的任务", "zh", topic=Topic("垃圾分类", ("垃圾分类",)), ask=Ask.LIST)
    got = numbers(run(q), tasks)
    assert got and all("垃圾分类" in tasks[n - 1].text for n in got)


def test_a_unit_and_a_topic_intersect(run, tasks):
    q = Query("q", "zh", (UnitFilter("区发展和改革局", "lead"),), topic=Topic("储能", ("储能",)), ask=Ask.LIST)
    got = numbers(run(q), tasks)
    assert got and all("储能" in tasks[n - 1].text and "区发展和改革局" in tasks[n - 1].lead_units for n in got)


def test_rows_of_an_earlier_answer_restrict_and_exclude(run, tasks):
    within = Query("q", "zh", (RowsFilter((0, 1, 2)),), ask=Ask.LIST)
    assert numbers(run(within), tasks) == [1, 2, 3]
    apart = Query("q", "zh", (UnitFilter("区科学技术局", "lead"), RowsFilter((0,), exclude=True)), ask=Ask.LIST)
    assert 1 not in numbers(run(apart), tasks)


def test_a_word_no_notice_contains_is_an_abstention_with_related_tasks(run):
    result = run(Query("氢能有什么安排", "zh", topic=Topic("氢能", (), ("氢能",))))
    assert result.abstain and not result.matches


def test_a_figure_the_task_does_not_state_is_an_abstention(seed_hash_assistant):
    a = seed_hash_assistant.ask("第1项要投入多少资金")
    assert a.abstained and "未写明" in a.answer


def test_a_sum_of_another_thing_does_not_state_the_sum_asked(seed_hash_assistant):
    # task 10 gives 500万元 as the size of the projects, not a subsidy for each
    a = seed_hash_assistant.ask("第10项工业技改项目每个能拿多少奖补资金？")
    assert a.abstained and "未写明" in a.answer
    assert not seed_hash_assistant.ask("第10项工业技改项目要多少万元以上？").abstained


def test_a_task_number_the_notice_lacks_says_how_many_it_has(seed_hash_assistant):
    a = seed_hash_assistant.ask("第95项是什么")
    assert a.abstained and "第95项" in a.answer and "89" in a.answer


def test_within_a_units_tasks_every_task_that_carries_the_topic_is_listed(run, tasks):
    """Among all tasks a passing mention is not "about" a topic; among one unit's tasks it is what is asked."""
    q = Query("q", "zh", (UnitFilter("区发展和改革局", "lead"),), topic=Topic("储能", ("储能",)), ask=Ask.LIST)
    expected = [t.number for t in tasks if "储能" in t.text and "区发展和改革局" in t.lead_units]
    assert len(expected) >= 3 and numbers(run(q), tasks) == expected


def test_an_unknown_word_decides_by_where_it_stands(run, tasks):
    # 临滕高速 is in task 19; 通车 is in no task
    asked_fact = Topic("临滕高速 通车", ("临滕高速",), ("通车",), unknown_asked=("通车",))
    assert run(Query("临滕高速什么时候通车", "zh", topic=asked_fact)).abstain
    background = Topic("临滕高速 通车", ("临滕高速",), ("通车",))  # said before the question: background
    assert numbers(run(Query("听说要通车了，临滕高速谁牵头", "zh", topic=background, field="lead")), tasks)[:1] == [19]
    # the head of a who-question's topic: a word as rare as a task's name must find the task
    generic = Topic("氢能 产业 发展", ("产业", "发展"), ("氢能",), unknown_in_unit_ask=("氢能",))
    assert run(Query("氢能产业发展是哪个部门牵头", "zh", topic=generic, field="lead")).abstain
    rare = Topic("临滕高速 项目 快修", ("临滕高速", "项目"), ("快修",), unknown_in_unit_ask=("快修",))
    assert numbers(run(Query("临滕高速项目快修谁牵头", "zh", topic=rare, field="lead")), tasks)[:1] == [19]


@pytest.mark.parametrize(("question", "abstained"), [
    ("新增的2所普惠性幼儿园是哪两所", True),  # 新增普惠性幼儿园2所: how many, not which
    ("打造的2个智慧社区示范点是哪两个社区？", True),  # 8个城市社区, 智慧社区: kinds, not names
    ("净水鱼苗具体在哪个水库放流？", True),  # 大中型水库
    ("组织参加的进口博览会是哪些区域的？", False),  # 日本、韩国、RCEP区域
])
def test_names_asked_are_answered_only_by_a_task_that_names_one(seed_hash_assistant, question, abstained):
    assert seed_hash_assistant.ask(question).abstained is abstained


def test_a_count_of_nothing_in_particular_counts_every_task(seed_hash_assistant):
    a = seed_hash_assistant.ask("文件一共部署了多少项具体任务？")
    assert not a.abstained and "89" in a.answer


def test_the_unit_leading_most_tasks(run, tasks, seed_tasks):
    from rag.query import Group

    result = run(Query("q", "zh", ask=Ask.LIST, group=Group("unit", "most", "lead")))
    counts: dict[str, int] = {}
    for t in seed_tasks:
        for u in t["units"]:
            if u["role"] == "lead":
                counts[u["name"]] = counts.get(u["name"], 0) + 1
    top = max(counts.values())
    assert {m.unit for m in result.matches} == {n for n, c in counts.items() if c == top}
    assert len(numbers(result, tasks)) == top


def test_units_that_never_lead(run, seed_tasks):
    from rag.query import Group

    result = run(Query("q", "zh", ask=Ask.LIST, group=Group("unit", "all", "cooperate", only="support")))
    roles: dict[str, set[str]] = {}
    for t in seed_tasks:
        for u in t["units"]:
            roles.setdefault(u["name"], set()).add(u["role"])
    expected = {n for n, r in roles.items() if "lead" not in r and "responsible" in r}
    assert {m.unit for m in result.matches} == expected


def test_the_sections_with_fewest_tasks(run, tasks):
    from rag.query import Group

    result = run(Query("q", "zh", ask=Ask.LIST, group=Group("section", "least")))
    sizes: dict[int, int] = {}
    for t in tasks:
        sizes[t.section] = sizes.get(t.section, 0) + 1
    fewest = min(sizes.values())
    assert {tasks[m.row].section for m in result.matches} == {s for s, n in sizes.items() if n == fewest}


def test_tasks_with_no_responsible_unit(run, tasks, seed_tasks):
    q = Query("q", "zh", (PredicateFilter("no_support"),), ask=Ask.LIST)
    expected = [t["number"] for t in seed_tasks if not any(u["role"] == "responsible" for u in t["units"])]
    assert numbers(run(q), tasks) == expected


def test_every_task_under_a_heading(run, tasks):
    from rag.query import HeadingFilter

    result = run(Query("q", "zh", (HeadingFilter(("二",)),), ask=Ask.LIST))
    assert numbers(result, tasks) == [t.number for t in tasks if "二" in t.path]


@pytest.mark.parametrize(("scope", "roles"), [("support", {"responsible", "shared"}), ("any", {"lead", "responsible", "shared"})])
def test_a_unit_said_absent_leaves_every_task_without_it(run, tasks, seed_tasks, scope, roles):
    q = Query("q", "zh", (UnitFilter("区发展和改革局", scope, absent=True),), ask=Ask.LIST)
    named = set(fixture_numbers(seed_tasks, "区发展和改革局", roles))
    assert numbers(run(q), tasks) == [t["number"] for t in seed_tasks if t["number"] not in named]


def test_a_fraction_states_a_figure_but_not_an_amount_of_money_or_a_length():
    from rag.execute import figure_kinds

    kinds = figure_kinds()
    text = "确保2023年按照时间节点完成总工程量的一半。"
    assert kinds["count"].pattern.search(text) and kinds["percent"].pattern.search("覆盖率达到三分之二")
    assert not kinds["money"].pattern.search(text) and not kinds["length"].pattern.search(text)


def test_a_deadline_field_states_the_date_of_its_task(hash_assistant_of):
    a = hash_assistant_of(
        "测政办字〔2024〕9号\n关于印发测试区重点工作的通知\n一、重点工作\n"
        "1.制定年度普法工作要点。（牵头单位：区司法局；完成时限：5月底前）\n"
        "2.推进行政复议规范化建设。（牵头单位：区司法局；完成时限：持续推进）\n"
        + "".join(f"{n}.{w}。（牵头单位：区{u}）\n" for n, (w, u) in enumerate(
            [("新建城市公园三座", "住建局"), ("改造农村公路五十公里", "交通运输局"), ("培育高新技术企业十家", "科技局"),
             ("新增城镇就业岗位两千个", "人社局"), ("完成高标准农田建设", "农业农村局"), ("开展垃圾分类示范", "城管局")], 3)))
    answer = a.ask("制定年度普法工作要点的完成时限是什么时候？")
    assert not answer.abstained and "5月底前" in answer.answer
    assert a.ask("行政复议规范化建设什么时候完成？").abstained  # 持续推进 is no date


def test_chinese_numerals_and_more_measure_words_state_figures_but_ordinals_and_phases_do_not():
    from rag.execute import figure_kinds

    count, duration = figure_kinds()["count"].pattern, figure_kinds()["duration"].pattern
    assert count.search("新增无障碍低地板公交车300辆") and count.search("每年开行两趟") and duration.search("见习期三个月")
    assert not count.search("组织开展第三批示范工程认定") and not count.search("推进中广核二期项目")
    assert not count.search("打造一个示范基地")  # the 一 of 一个 names no amount


def test_a_task_named_by_its_quoted_title_is_that_task(seed_hash_assistant, tasks):
    executor = seed_hash_assistant._s.answerer.executor
    rows = executor._titled("“推进城市更新行动”由谁负责？《大力发展绿色建筑》呢")
    assert [tasks[r].number for r in rows] == [26, 34]
    assert executor._titled("城市更新谁负责") == []


def test_a_heading_below_the_sections_named_by_its_title_lists_the_tasks_under_it(hash_assistant_of):
    a = hash_assistant_of(
        "测政办〔2024〕4号\n关于印发知识产权工作方案的通知\n一、主要任务\n"
        "（一）推动知识产权创造\n1.培育高价值专利。（牵头单位：市科技局）\n2.支持企业申请商标。（牵头单位：市市场监管局）\n"
        "（二）强化知识产权保护\n1.开展专项执法行动。（牵头单位：市市场监管局）\n2.建立维权援助中心。（牵头单位：市司法局）\n"
        "3.打击侵权假冒。（牵头单位：市公安局）\n"
        "（三）加强知识产权运用\n1.推动专利转化实施。（牵头单位：市工信局）\n"
        "二、职业培训供给\n1.扩大职业培训规模。（牵头单位：市人社局）\n"
        "三、加大职业培训政策支持\n1.落实培训补贴。（牵头单位：市财政局）\n")
    answer = a.ask("“强化知识产权保护”部分有哪些任务？")
    assert [c.seq for c in answer.citations] == [3, 4, 5]
    assert "强化知识产权保护" in answer.answer
    # the mark with its title: the title's words name the heading, they do not narrow it
    assert [c.seq for c in a.ask("主要任务（二）强化知识产权保护下面有哪几条？").citations] == [3, 4, 5]
    # a question sharing a few words with a heading's title is about a task, not that heading's list
    assert [c.seq for c in a.ask("专利转化这个知识产权工作由哪些单位负责？").citations][:1] == [6]
    # the longest run of a title names the section (职业培训 is in two titles)
    assert [c.lead_units for c in a.ask("加大职业培训政策支持这部分有哪些任务？").citations] == [("市财政局",)]


def test_the_notice_s_own_text_or_its_attachments_scope_a_list(hash_assistant_of):
    a = hash_assistant_of(
        "测政办〔2024〕6号\n关于印发营商环境工作方案的通知\n一、重点任务\n1.简化企业开办登记。\n牵头单位：市市场监管局\n"
        "责任单位：市税务局\n2.优化纳税服务。\n牵头单位：市税务局\n附件\n重点举措清单\n序号\n事项\n责任单位\n"
        "1\n推行电子发票\n市税务局\n2\n推行跨省通办\n市行政服务中心\n")
    body = a.ask("正文重点任务中，市税务局参与了几项？")
    annex = a.ask("附件清单里市税务局负责哪几项？")
    assert [c.seq for c in body.citations] == [1, 2]
    assert [c.seq for c in annex.citations] == [3]


def test_a_task_counted_within_its_part_where_numbers_run_on_through_the_parts(seed_hash_assistant, tasks):
    third = [t.number for t in tasks if t.section == 3]
    assert [c.task for c in seed_hash_assistant.ask("第三部分第一项是谁牵头").citations] == third[:1]
    assert [c.task for c in seed_hash_assistant.ask("第三部分第2项是什么").citations] == third[1:2]
    assert [c.task for c in seed_hash_assistant.ask("第三部分第26项谁牵头").citations] == [26]  # its own number


def test_who_leads_a_topic_held_by_a_prose_item_and_a_table_row_is_answered_by_the_row(hash_assistant_of):
    # 青府办发〔2025〕20号 (round 21): the same work listed in the body with no units, and in 附件 分工表 with them
    a = hash_assistant_of(
        "测政办字〔2024〕9号\n关于印发测试区实施意见的通知\n一、主要任务\n"
        "1.拓展土方消纳空间。在全区拓展区域土方消纳空间。\n"
        "2.加强拆房工地监督管理。督促施工单位做好台账。\n"
        "3.统筹全区建筑垃圾治理。（牵头单位：区建设管理委）\n"
        "附件\n任务职责分工表\n"
        "1.拓展土方消纳空间。在全区拓展区域土方消纳空间。（牵头单位：区发展改革委；配合单位：区规划资源局）\n"
        "2.加强拆房工地监督管理。督促施工单位做好台账。（牵头单位：区房管局）\n"
        + "".join(f"{n}.{w}。（牵头单位：区{u}）\n" for n, (w, u) in enumerate(
            [("新建城市公园三座", "住建局"), ("改造农村公路五十公里", "交通运输局"), ("培育高新技术企业十家", "科技局")], 3)))
    answer = a.ask("拓展土方消纳空间由哪个单位牵头？")
    assert "区发展改革委" in answer.answer and answer.citations[0].units
    # whichever the search puts first: the prose item ranked above the row still yields the row
    from rag.query import Match

    answerer = a._s.answerer
    query = answerer.reader.read("加强拆房工地监督管理谁牵头")
    prose, row = (next(k for k, t in enumerate(answerer.executor.tasks) if "拆房工地" in t.text and bool(t.units) is u)
                  for u in (False, True))
    result = answerer.executor._with_figure(query, [Match(prose, 1.0), Match(row, 0.95)], None)
    assert [m.row for m in result.matches] == [row]


def test_an_attachment_named_by_its_number_scopes_the_question(hash_assistant_of):
    # 青府办发〔2025〕20号 (round 21): three attachments, each with its own 一、二、…; a part titled by a unit's name
    a = hash_assistant_of(
        "测政办字〔2024〕9号\n关于印发测试区实施意见的通知\n一、总体要求\n坚持系统治理，源头减量。\n"
        "附件1\n细则\n一、源头管理\n1.加强工地管理。（牵头单位：区建设管理委）\n2.加强拆房管理。（牵头单位：区房管局）\n"
        "二、区绿化市容局\n1.负责运输许可证核发。（责任单位：区绿化市容局）\n2.负责消纳备案。（责任单位：区绿化市容局）\n"
        "附件2\n任务职责分工表\n一、构建处置体系\n1.拓展消纳空间。（牵头单位：区发展改革委）\n"
        "2.落实码头备案。（牵头单位：区绿化市容局）\n二、构建管理体系\n1.加强备案申报管理。（牵头单位：区绿化市容局）\n")
    led = a.ask("附件2里区绿化市容局牵头哪些")
    assert [c.label for c in led.citations] == ["附件2第一部分第2项", "附件2第二部分第1项"]
    part = a.ask("附件2第二部分有几项")
    assert [c.label for c in part.citations] == ["附件2第二部分第1项"] and "附件2下第二部分「二、构建管理体系」" in part.answer
    assert a.ask("附件1有哪些任务").answer.startswith("附件1下任务共4项")


def test_a_quoted_word_keeps_only_the_tasks_that_write_it(run, tasks):
    # 帮企业解决融资问题的任务（写了“融资”的）: the tasks with 融资, though others hold more of the other words
    topic = Topic("企业 解决 融资 问题", terms=("企业", "解决", "融资", "问题"), required=("融资",))
    result = run(Query("q", "zh", topic=topic, ask=Ask.LIST))
    assert numbers(result, tasks) == [t.number for t in tasks if "融资" in t.text]


def test_a_draft_sentence_asked_to_be_checked_tells_what_contradicts_the_notice(seed_hash_assistant):
    # a number miscopied into a draft: the sentence's words are task 34's
    a = seed_hash_assistant.ask("汇报材料里写“新增绿色建筑17万平方米（见重点任务第35条）”，条号对吗")
    assert [c.task for c in a.citations] == [34] and "[项号] 草稿写“第35条”" in a.answer
    assert a.answer.startswith("核对结果：有1处")
    assert "（山政办字〔2023〕28号 第34项，牵头单位：区住房和城乡建设局）" in a.answer
    b = seed_hash_assistant.ask("“依据第12条，由区工业和信息化局牵头加快推进庄里抽水蓄能电站建设”，看看有没有错")
    assert [c.task for c in b.citations] == [12] and "[单位] 草稿写“区工业和信息化局”" in b.answer
    c = seed_hash_assistant.ask("“强化金融助企服务（第18条），区工信局牵头，区金融服务中心配合”对不对")
    assert [x.task for x in c.citations] == [18] and c.answer.startswith("核对结果：未发现")


def test_whether_one_unit_alone_leads_the_task_its_words_name(seed_hash_assistant):
    a = seed_hash_assistant.ask("打造2个智慧社区示范点是大数据中心一家牵头吗？")
    assert [c.task for c in a.citations] == [27] and a.answer.startswith("不是。")


def test_a_kind_of_figure_as_a_property_keeps_the_tasks_stating_one_and_shows_it(seed_hash_assistant):
    a = seed_hash_assistant.ask("其中带投资金额的是哪一条", ["农业农村局牵头哪些任务"])
    assert [c.task for c in a.citations] == [47] and "投资360万元" in a.answer
    b = seed_hash_assistant.ask("这里面哪几条有量化指标", ["科技局牵头的任务列一下"])
    assert "吸引青年人才1400人" in b.answer  # the list shows each task's figures


def test_things_listed_before_their_kind_name_them(seed_hash_assistant):
    # 完善全员人口信息、居民电子健康档案、电子病历和基础资源等数据库: which databases is answered
    a = seed_hash_assistant.ask("医疗大数据应用这条具体要完善哪些数据库？")
    assert not a.abstained and [c.task for c in a.citations] == [83] and "电子病历" in a.answer
    assert seed_hash_assistant.ask("2所普惠性幼儿园是哪两所").abstained  # counted only


def test_a_quoted_sentence_keeps_its_full_stop_and_this_part_lists_the_part_talked_about(seed_hash_assistant):
    a = seed_hash_assistant.ask("“区金融服务中心作为牵头单位，负责强化金融助企服务（第18条）。”请核对")
    assert [c.task for c in a.citations] == [18] and "[角色] 草稿写“区金融服务中心牵头”" in a.answer
    b = seed_hash_assistant.ask("这部分一共几条，分别谁牵头", ["第三部分讲的是什么"])
    assert [c.task for c in b.citations] == list(range(19, 29))


def test_the_notices_words_an_english_question_brackets_pick_the_task(seed_hash_assistant):
    a = seed_hash_assistant.ask('Give me a proper citation for the task that covers building a "zero-waste city" (无废城市).')
    assert [c.task for c in a.citations][:1] == [30]
