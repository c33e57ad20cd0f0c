"""rag/conversation.py: follow-ups take what they lack from the turns before (seed notice, fake embedder)."""

from __future__ import annotations

import pytest

from rag.errors import QuestionError


def in_role(seed_tasks, unit: str, role: str = "lead") -> list[int]:
    """The numbers of the seed's tasks that name ``unit`` in ``role`` (from the hand-written fixture)."""
    return [t["number"] for t in seed_tasks if {"name": unit, "role": role} in t["units"]]


def nums(answer) -> list[int]:
    return [c.task for c in answer.citations]


def test_another_field_of_the_same_task(seed_hash_assistant):
    a = seed_hash_assistant.ask("那责任单位呢？", history=["第26项谁牵头"])
    assert nums(a) == [26] and "区发展和改革局" in a.answer and "区财政局" in a.answer
    assert a.context is not None and a.context.from_turn == 1 and "task 26" in a.context.inherited


def test_a_figure_of_the_task_just_named(seed_hash_assistant):
    a = seed_hash_assistant.ask("它的目标是多少？", history=["第5项是什么任务"])
    assert nums(a) == [5] and "40家" in a.answer


def test_another_unit_in_the_same_question(seed_hash_assistant, seed_tasks):
    a = seed_hash_assistant.ask("那自然资源局呢？", history=["发改局牵头哪些任务"])
    expected = in_role(seed_tasks, "区自然资源局")
    assert nums(a) == expected and a.context.inherited == ("question of turn 1",)


def test_within_the_previous_list(seed_hash_assistant):
    section = [t.number for t in seed_hash_assistant.tasks if t.section == 2]
    a = seed_hash_assistant.ask("其中哪些是工信局牵头的？", history=["第二部分有哪些任务"])
    assert nums(a) and set(nums(a)) <= set(section)
    assert all("区工业和信息化局" in c.lead_units for c in a.citations)


def test_the_nth_item_of_the_previous_answer(seed_hash_assistant):
    first = seed_hash_assistant.ask("住建局牵头哪些任务")
    second = nums(first)[1]
    a = seed_hash_assistant.ask("第二个呢？具体要干啥", history=["住建局牵头哪些任务"])
    assert nums(a) == [second]


def test_the_unit_talked_about(seed_hash_assistant, seed_tasks):
    a = seed_hash_assistant.ask("这个局一共牵头哪几项？", history=["适老化改造今年计划多少户？", "谁牵头？"])
    expected = in_role(seed_tasks, "区民政局")
    assert nums(a) == expected


def test_a_question_complete_on_its_own_starts_afresh(seed_hash_assistant):
    a = seed_hash_assistant.ask("第89项是什么", history=["第26项谁牵头"])
    assert nums(a) == [89] and a.context is None


def test_history_json_says_what_was_carried_over(seed_hash_assistant):
    d = seed_hash_assistant.ask("那责任单位呢？", history=["第26项谁牵头"]).to_dict()
    assert d["context"] == {"from_turn": 1, "inherited": ["task 26"]}


def test_a_bad_earlier_line_breaks_the_thread_but_not_the_answer(seed_hash_assistant):
    a = seed_hash_assistant.ask("第26项谁牵头", history=["", "   "])
    assert nums(a) == [26]


def test_a_field_asked_of_an_earlier_list_is_answered_for_each_task(seed_hash_assistant):
    section = [t.number for t in seed_hash_assistant.tasks if t.section == 5]
    a = seed_hash_assistant.ask("都是谁牵头的？", history=["第五部分有几项任务？"])
    assert nums(a) == section and all(c.lead_units for c in a.citations)


def test_other_tasks_of_the_unit_talked_about_leave_out_the_one_discussed(seed_hash_assistant, seed_tasks):
    a = seed_hash_assistant.ask("这个局还牵头了哪些别的任务？", history=["第79项谁牵头？"])
    led = in_role(seed_tasks, "区民政局")
    assert nums(a) == [n for n in led if n != 79]


def test_another_section_within_the_same_earlier_list_keeps_the_unit(seed_hash_assistant, seed_tasks):
    a = seed_hash_assistant.ask("那第十部分的呢？", history=["区卫生健康局牵头哪些任务？", "其中哪些在第九部分？"])
    expected = [t["number"] for t in seed_tasks if t["section"] == 10
                and {"name": "区卫生健康局", "role": "lead"} in t["units"]]
    assert nums(a) == expected
    b = seed_hash_assistant.ask("那文旅局在第八部分牵头的呢？", history=["第七部分商务局牵头的有哪些？", "其中哪些涉及跨境电商？"])
    assert nums(b) == [t["number"] for t in seed_tasks if t["section"] == 8
                       and {"name": "区文化和旅游局", "role": "lead"} in t["units"]]


def test_who_speaks_before_the_question_is_background(seed_hash_assistant):
    a = seed_hash_assistant.ask("我们是区综合行政执法局，年终考核要逐条打分。局长问：咱们局在文件里牵头了哪几项任务？")
    assert not a.abstained and a.citations


def test_a_section_and_its_units_asked_together(seed_hash_assistant):
    a = seed_hash_assistant.ask("它在哪一部分？牵头单位是谁？", history=["第11项讲什么？"])
    assert nums(a) == [11] and "第二部分" in a.answer and "区工业和信息化局" in a.answer


def test_it_before_a_role_is_the_unit_talked_about(seed_hash_assistant, seed_tasks):
    a = seed_hash_assistant.ask("那它作为责任单位出现的是哪几项？", history=["区财政局在哪些任务里是牵头单位？"])
    expected = in_role(seed_tasks, "区财政局", "responsible")
    assert nums(a) == expected


def test_a_yes_no_property_of_the_task_just_named(seed_hash_assistant):
    a = seed_hash_assistant.ask("它有责任单位吗？", history=["第26项谁牵头"])
    assert nums(a) == [26] and "区财政局" in a.answer


def test_which_of_those_have_no_responsible_unit(seed_hash_assistant, seed_tasks):
    a = seed_hash_assistant.ask("Which of those have no responsible units listed?",
                                history=["Which tasks does 区商务和投资促进局 lead?"])
    led = [t for t in seed_tasks if {"name": "区商务和投资促进局", "role": "lead"} in t["units"]]
    assert nums(a) == [t["number"] for t in led if not any(u["role"] == "responsible" for u in t["units"])]


def test_a_follow_up_to_a_figure_the_task_does_not_state_is_about_that_task(seed_hash_assistant):
    first = seed_hash_assistant.ask("临滕高速的总投资是多少亿元？")
    assert first.abstained and "第19项" in first.answer
    follow = seed_hash_assistant.ask("那责任单位呢？", history=["临滕高速的总投资是多少亿元？"])
    assert [c.task for c in follow.citations] == [19] and "区发展和改革局" in follow.answer


def test_other_units_in_a_follow_up_are_no_request_for_other_tasks(seed_hash_assistant):
    first = seed_hash_assistant.ask("科技局牵头哪些任务")
    again = seed_hash_assistant.ask("其中哪几项是跟别的单位一起牵头的？", history=["科技局牵头哪些任务"])
    assert nums(again) and set(nums(again)) <= set(nums(first))
    assert not any(i.startswith("except") for i in again.context.inherited)


def test_another_task_number_in_the_same_question(seed_hash_assistant):
    for history, question in ((["第26项谁牵头？"], "那第34项呢？"), (["Who leads task 26?"], "And task 34?")):
        a = seed_hash_assistant.ask(question, history=history)
        assert nums(a) == [34] and "区住房和城乡建设局" in a.answer and "question of turn 1" in a.context.inherited


def test_an_english_list_within_the_previous_one(seed_hash_assistant, seed_tasks):
    led = {t["number"] for t in seed_tasks if {"name": "区民政局", "role": "lead"} in t["units"]}
    a = seed_hash_assistant.ask("Which of them mention elderly care?",
                                history=["Which tasks does the civil affairs bureau lead?"])
    assert len(nums(a)) >= 2 and set(nums(a)) <= led and "results of turn 1" in a.context.inherited
    assert a.answer.startswith("among those listed before")


def test_a_bare_task_number_after_that_changes_the_task(seed_hash_assistant):
    a = seed_hash_assistant.ask("那78项呢", history=["第79项的牵头单位是谁"])
    assert nums(a) == [78]


def test_a_citation_asked_after_an_answer_is_the_copy_ready_citation_of_its_task(seed_hash_assistant):
    a = seed_hash_assistant.ask("帮我出个引用", history=["第26项谁牵头"])
    assert nums(a) == [26]
    assert "（山政办字〔2023〕28号 第26项，牵头单位：区住房和城乡建设局）" in a.answer
    listed = seed_hash_assistant.ask("区住房和城乡建设局牵头哪些任务？给出引用")
    assert all(c.citation in listed.answer for c in listed.citations) and len(listed.citations) >= 2


def test_the_task_before_or_after_the_one_just_answered(seed_hash_assistant):
    assert nums(seed_hash_assistant.ask("上一项呢？", history=["第26项是什么？"])) == [25]
    after = seed_hash_assistant.ask("下一项是谁牵头？", history=["第26项是什么？"])
    assert nums(after) == [27] and "区大数据中心" in after.answer
    assert nums(seed_hash_assistant.ask("And the next task?", history=["Who leads task 26?"])) == [27]
    assert seed_hash_assistant.ask("下一项呢", history=["第89项是什么"]).abstained  # the notice ends there


def test_a_word_the_notice_does_not_hold_replaces_the_topic_of_an_elliptic_follow_up(seed_hash_assistant):
    assert seed_hash_assistant.ask("那托育呢", history=["养老服务谁负责"]).abstained


def test_which_of_the_listed_tasks_state_a_figure(seed_hash_assistant):
    a = seed_hash_assistant.ask("其中哪项有具体数字？", history=["区民政局牵头哪些任务？"])
    assert 79 in nums(a) and 78 not in nums(a)


def test_the_last_task_of_the_previous_answer_or_of_the_notice(seed_hash_assistant):
    listed = seed_hash_assistant.ask("区民政局牵头哪些任务？")
    a = seed_hash_assistant.ask("最后一项是什么？", history=["区民政局牵头哪些任务？"])
    assert nums(a) == nums(listed)[-1:]
    assert nums(seed_hash_assistant.ask("最后一项任务是什么？")) == [89]
    # 最后一项 is never the task after the one just answered
    assert nums(seed_hash_assistant.ask("最后一项是谁牵头？", history=["第26项是什么？"])) != [27]


def test_their_responsible_units_after_a_list_are_each_listed_task_s(seed_hash_assistant):
    listed = seed_hash_assistant.ask("区城乡水务局牵头哪些任务？")
    for follow in ("它们的责任单位分别是谁？", "这些任务的责任单位分别是谁？"):
        a = seed_hash_assistant.ask(follow, history=["区城乡水务局牵头哪些任务？"])
        assert nums(a) == nums(listed) and "区行政审批服务局" in a.answer


def test_an_english_follow_up_naming_the_bureau_talked_about(seed_hash_assistant):
    a = seed_hash_assistant.ask("Which other tasks does that bureau lead?", history=["Who leads task 79?"])
    assert nums(a) and 79 not in nums(a) and all("区民政局" in c.lead_units for c in a.citations)


def test_other_tasks_of_the_unit_just_listed_are_none_when_it_has_no_more(seed_hash_assistant):
    # (the answer cites the tasks the unit is in, which were named before: the evidence of the "no")
    a = seed_hash_assistant.ask("有没有别的任务？", history=["区应急管理局牵头哪些任务？"])
    assert nums(a) == [85] and "除上述任务外" in a.answer and "区应急管理局" in a.answer
    b = seed_hash_assistant.ask("还有别的任务吗？", history=["区民政局牵头哪些任务？"])
    assert nums(b) == [27, 77, 78, 79]  # its four tasks were all listed


def test_a_field_asked_of_the_tasks_just_listed_is_given_for_each(seed_hash_assistant, seed_tasks):
    led = in_role(seed_tasks, "区城乡水务局")
    a = seed_hash_assistant.ask("这些任务分别在哪个部分", history=["区城乡水务局牵头哪些任务"])
    assert nums(a) == led and a.answer.count("属于第") == len(led)
    assert "第四部分" in a.answer and "第五部分" in a.answer


def test_a_time_asked_of_each_listed_task_says_where_none_is_written(seed_hash_assistant):
    a = seed_hash_assistant.ask("它们分别什么时候完成", history=["区城乡水务局牵头哪些任务"])
    assert len(nums(a)) >= 2 and "未写明时间或期限" in a.answer


def test_these_two_are_the_tasks_of_the_last_two_answers(seed_hash_assistant):
    a = seed_hash_assistant.ask("这两项的责任单位分别是谁", history=["机场建设谁牵头", "那老旧小区改造呢"])
    assert sorted(nums(a)) == [20, 26]


def test_these_two_units_are_not_two_tasks(seed_hash_assistant):
    a = seed_hash_assistant.ask("机场建设也是这两个单位负责吗？", history=["临滕高速谁牵头？", "那责任单位呢？"])
    assert nums(a)[:1] == [20]


def test_the_section_of_the_task_just_answered(seed_hash_assistant):
    a = seed_hash_assistant.ask("这项在第几部分", history=["机场建设谁牵头"])
    assert nums(a) == [20] and "第三部分" in a.answer and "11个部分" not in a.answer


@pytest.mark.parametrize("question, before, unit, said", [
    # that bureau: the unit of the last answer; 还 (else): besides the task just said
    ("那个局还牵头哪些", "老旧小区改造谁牵头", "区住房和城乡建设局", 26),
    ("刚才说的那个局还牵头哪些", "机场建设谁牵头", "区交通运输局", 20),  # the bureau said before: the unit, not the task
    ("同一个局牵头哪些任务", "机场建设谁牵头", "区交通运输局", None),  # (no 还: its whole list)
])
def test_that_bureau_is_the_unit_of_the_last_answer(seed_hash_assistant, seed_tasks, question, before, unit, said):
    assert nums(seed_hash_assistant.ask(question, history=[before])) == [
        n for n in in_role(seed_tasks, unit) if n != said]


@pytest.mark.parametrize("history, question, expected", [
    (["第9项谁牵头？"], "这两个局一起牵头的还有哪一项？", [14]),  # the two leads of task 9, besides task 9
    (["住建局牵头哪些？"], "该办法是什么", None),  # 该办法 is no 该办 (an office)
])
def test_offices_talked_about_by_a_determiner(seed_hash_assistant, history, question, expected):
    a = seed_hash_assistant.ask(question, history=history)
    if expected is None:
        assert "牵头的任务" not in a.answer
    else:
        assert nums(a) == expected


@pytest.mark.parametrize("history, question, verdict, task", [
    (["绿色建筑那项今年目标是多少？"], "是不是住建局牵头的？", "是。", 34),
    (["5G基站建设写在哪项任务里？"], "是区发展和改革局牵头的吗？", "不是。", 25),
    (["5G基站建设写在哪项任务里？"], "大数据中心也是牵头单位吗？", "是。", 25),
    ([], "城市更新行动是不是住建局牵头的？", "是。", 26),
    ([], "第26项是发改局牵头的吗？", "不是。", 26),
    ([], "第26项有没有发改局参与？", "是。", 26),
    (["Which task covers the Japan and Korea import expos?"], "Is the finance bureau a lead unit there?", "No.", 53),
])
def test_a_yes_or_no_about_a_units_role_is_answered_for_the_task(seed_hash_assistant, history, question, verdict, task):
    a = seed_hash_assistant.ask(question, history=history)
    assert a.answer.startswith(verdict) and nums(a) == [task]


def test_a_yes_or_no_about_a_unit_alone_lists_its_tasks(seed_hash_assistant, seed_tasks):
    a = seed_hash_assistant.ask("住建局是牵头单位吗？")
    assert nums(a) == in_role(seed_tasks, "区住房和城乡建设局", "lead") and not a.answer.startswith(("是", "不是"))


@pytest.mark.parametrize("history, question, expected", [
    (["“十百千”示范工程是第几项？"], "上一条是什么内容？", [41]),
    (["老旧小区改造谁牵头？"], "不是这个，我说的是特殊困难老年人家庭适老化改造，那个谁负责？", [79]),
    (["抱犊崮景区提升在哪条？"], "那它前面一条呢，谁牵头", [70]),
    (["第46条是什么"], "47呢", [47]),  # a bare number asked in its turn is a task's number
    (["第71项讲的是什么？"], "What's the task right after it, and who leads that one?", [72]),
])
def test_steps_and_corrections(seed_hash_assistant, history, question, expected):
    assert nums(seed_hash_assistant.ask(question, history=history))[:1] == expected


def test_a_history_of_chat_messages_leans_on_what_the_replies_cited(seed_hash_assistant):
    history = [{"role": "user", "content": "区住房和城乡建设局牵头几项任务？"},
               {"role": "assistant", "content": "两项：第26项“推进城市更新行动”和第34项“大力发展绿色建筑”。"}]
    a = seed_hash_assistant.ask("第一项里要改造多少个老旧小区、涉及多少户？", history=history)
    assert nums(a) == [26] and "2168户" in a.answer
    listed = [{"role": "user", "content": "区商务和投资促进局牵头哪些任务？"},
              {"role": "assistant", "content": "第28、52、53、54、56、57、58、59项，共8项。"}]
    assert nums(seed_hash_assistant.ask("其中第二个谁配合？", history=listed)) == [52]


@pytest.mark.parametrize("history", [
    [{"role": "system", "content": "x"}], [{"role": "user", "content": 5}], [{"content": "第26项"}],
])
def test_a_malformed_message_in_history_is_a_clear_error(seed_hash_assistant, history):
    with pytest.raises(QuestionError, match="history item 1"):
        seed_hash_assistant.ask("责任单位呢？", history=history)


def test_how_many_after_a_units_list_counts_that_units_tasks(seed_hash_assistant, seed_tasks):
    led = in_role(seed_tasks, "区城乡水务局")
    a = seed_hash_assistant.ask("一共几项", history=["区城乡水务局牵头哪些任务"])
    assert nums(a) == led and f"区城乡水务局牵头的任务共{len(led)}项" in a.answer


def test_a_goal_asked_of_a_task_that_states_no_figure_is_answered_by_what_it_says(seed_hash_assistant):
    said = seed_hash_assistant.ask("有什么目标", history=["第12项谁牵头"])
    assert nums(said) == [12] and not said.abstained and "锂电" in said.answer
    amount = seed_hash_assistant.ask("目标是多少", history=["第12项谁牵头"])  # a quantity asked: none is written
    assert amount.abstained and "未写明" in amount.answer


def test_how_many_units_of_a_role_names_them(seed_hash_assistant):
    a = seed_hash_assistant.ask("配合单位有几个", history=["第20项谁牵头"])
    assert nums(a) == [20] and not a.abstained and "区发展和改革局" in a.answer


def test_who_leads_them_after_a_sections_list_keeps_the_section(seed_hash_assistant):
    a = seed_hash_assistant.ask("都是谁牵头", history=["第五部分有哪些任务"])
    assert nums(a) == [39, 40, 41] and a.answer.startswith("第五部分")
    one = seed_hash_assistant.ask("金融那项是谁牵头？", history=["第十部分有哪些任务？"])
    assert nums(one) == [86]


def test_besides_these_gives_the_units_other_tasks(seed_hash_assistant, seed_tasks):
    led = {t["number"] for t in seed_tasks if {"name": "区发展和改革局", "role": "lead"} in t["units"]}
    named = {t["number"] for t in seed_tasks if any(u["name"] == "区发展和改革局" for u in t["units"])}
    a = seed_hash_assistant.ask("除了这些还参与了哪些", history=["区发展和改革局牵头哪些任务"])
    assert set(nums(a)) == named - led and a.answer.startswith("除上述任务外")


def test_a_citation_asked_in_the_clause_before_the_question(seed_hash_assistant):
    a = seed_hash_assistant.ask("我要在材料里引用锂电之都那项任务，怎么写")
    assert nums(a) == [12] and "（山政办字〔2023〕28号 第12项，牵头单位：区发展和改革局）" in a.answer


def test_words_pointing_at_the_pasted_text_are_no_topic(seed_hash_assistant):
    a = seed_hash_assistant.ask("这段话要加个出处：全区年度用水总量控制在0.4604亿立方米以内")
    assert not a.abstained and nums(a)[:1] == [33] and "第33项" in a.answer


def test_the_nth_within_a_list_is_the_nth_of_that_list(seed_hash_assistant):
    a = seed_hash_assistant.ask("其中第三项讲什么", history=["第六部分有几项"])
    assert nums(a) == [44] and a.answer.strip()


def test_the_same_part_as_the_task_just_answered(seed_hash_assistant):
    # (还有: besides the task just answered — as blind32, blind37 and blind68's writers each read it)
    a = seed_hash_assistant.ask("同一部分还有哪些任务", history=["第45项谁牵头"])
    assert nums(a) == [42, 43, 44, 46, 47, 48, 49] and "第六部分" in a.answer


def test_each_task_of_a_part_with_the_field_asked(seed_hash_assistant):
    a = seed_hash_assistant.ask("第六部分各项任务的完成时限")
    assert nums(a) == list(range(42, 50)) and a.answer.startswith("第六部分「六、打造乡村振兴枣庄篇章」任务共8项")
    goals = seed_hash_assistant.ask("列出它们的目标", history=["区农业农村局牵头哪些任务"])
    assert len(nums(goals)) >= 5 and "5000亩" in goals.answer  # 第45项's figure, each task with what it sets


@pytest.mark.parametrize("question, item", [("第一个任务的具体内容", 0), ("上面第二项谁配合", 1), ("刚才列的第三条讲什么", 2)])
def test_the_nth_item_of_the_list_just_given(seed_hash_assistant, seed_tasks, question, item):
    led = in_role(seed_tasks, "区农业农村局")
    a = seed_hash_assistant.ask(question, history=["区农业农村局牵头哪些任务"])
    assert nums(a) == [led[item]]


def test_a_bare_number_after_a_list_is_its_item_unless_the_list_holds_that_task(seed_hash_assistant, seed_tasks):
    led = in_role(seed_tasks, "区农业农村局")
    history = ["区农业农村局牵头哪些任务"]
    assert nums(seed_hash_assistant.ask("第二项呢？", history=history)) == [led[1]]
    assert nums(seed_hash_assistant.ask(f"第{led[3]}项呢？", history=history)) == [led[3]]  # in the list: that task
    # a task outside the list is that task, whoever leads it (the unit asked before does not narrow it)
    assert nums(seed_hash_assistant.ask("那第88项呢？", history=history)) == [88]


def test_the_part_asked_for_by_its_title_after_the_question_word(seed_hash_assistant):
    a = seed_hash_assistant.ask("第几部分讲乡村振兴")
    assert a.answer.startswith("第六部分「六、打造乡村振兴枣庄篇章」")


def test_a_clause_with_no_noun_after_its_de_right_after_a_list_narrows_it(seed_hash_assistant, seed_tasks):
    part2 = {t["number"] for t in seed_tasks if t["section"] == 2}
    led = nums(seed_hash_assistant.ask("工信局牵头的有几项", history=["第二部分有哪些任务？"]))
    assert led and set(led) <= part2
    # … but the unit that list was of, in another role, is that unit's other list
    a = seed_hash_assistant.ask("那它作为责任单位出现的是哪几项？", history=["区财政局在哪些任务里是牵头单位？"])
    assert nums(a) == in_role(seed_tasks, "区财政局", "responsible")


def test_a_goal_asked_with_a_modifier_of_the_task_just_answered(seed_hash_assistant):
    first = seed_hash_assistant.ask("养老服务谁牵头")
    a = seed_hash_assistant.ask("有什么具体目标", history=["养老服务谁牵头"])
    assert nums(a) == nums(first) and not a.abstained and a.kind != "list"


def test_several_items_of_the_list_just_given(seed_hash_assistant, seed_tasks):
    led = in_role(seed_tasks, "区农业农村局")  # 43–49: no task of that number is in the list
    history = ["区农业农村局牵头哪些任务"]
    assert nums(seed_hash_assistant.ask("第一项和第三项谁配合", history=history)) == [led[0], led[2]]
    assert nums(seed_hash_assistant.ask("第二个和第四个", history=history)) == [led[1], led[3]]
    # a list that holds those tasks: the tasks of those numbers
    assert nums(seed_hash_assistant.ask("第1项和第3项谁配合", history=["区科学技术局牵头哪些任务"])) == [1, 3]


def test_the_next_task_is_asked_the_same_field(seed_hash_assistant):
    a = seed_hash_assistant.ask("下一项呢", history=["第26项谁牵头"])
    assert nums(a) == [27] and a.answer.endswith("牵头。")
    b = seed_hash_assistant.ask("上一项呢", history=["第26项谁牵头"])
    assert nums(b) == [25] and "牵头" in b.answer
    # a time the next task does not give: not in the notice, said of that task
    c = seed_hash_assistant.ask("下一项呢", history=["第37项什么时候完成"])
    assert c.abstained and "第38项" in c.answer


def test_a_word_for_a_task_said_as_what_tasks_are_about_is_the_topic(seed_hash_assistant, seed_tasks):
    led = set(in_role(seed_tasks, "区发展和改革局"))
    about = {t.number for t in seed_hash_assistant.tasks if "项目" in t.text} & led
    a = seed_hash_assistant.ask("这些里面涉及项目的", history=["哪些任务由发改局牵头"])
    assert set(nums(a)) == about and 0 < len(about) < len(led)
    assert set(nums(seed_hash_assistant.ask("发改局牵头的任务里涉及项目的"))) == about


def test_a_figure_in_the_measure_asked_is_the_goal_of_the_task_titled_by_the_topic(seed_hash_assistant):
    a = seed_hash_assistant.ask("养老那项改造多少户")
    assert nums(a) == [79] and "850户" in a.answer
    assert seed_hash_assistant.ask("养老改造多少个中心").abstained  # 850户 counts no 中心
    assert seed_hash_assistant.ask("区职业中专今年的招生计划是多少人？").abstained  # 培养60人 is not its 招生计划


def test_none_of_the_list_just_given_is_said_of_that_list(seed_hash_assistant):
    a = seed_hash_assistant.ask("其中发改局牵头的", history=["第五部分有哪些任务"])
    assert a.answer.startswith("上述任务中，区发展和改革局牵头的任务：没有")


def test_a_unit_with_no_task_in_the_role_asked_is_shown_where_the_notice_names_it(seed_hash_assistant):
    a = seed_hash_assistant.ask("区政府办公室牵头哪些")  # none; the task that names it is cited as where it is
    assert nums(a) == [50] and "没有（共0项）" in a.answer and "第50项「全力推进服务型数字政府建设」（按职责分工负责）" in a.answer


def test_a_property_of_a_units_tasks_searched_among_filters_them(seed_hash_assistant, seed_tasks):
    a = seed_hash_assistant.ask("水务局牵头的任务里有完成时间的")
    dated = {t.number for t in seed_hash_assistant.tasks if t.deadline or "年底" in t.text or "月底" in t.text}
    assert set(nums(a)) <= set(in_role(seed_tasks, "区城乡水务局")) & dated
    assert "写明时间或期限的任务" in a.answer
    assert "with a stated date or deadline" in seed_hash_assistant.ask(
        "Which tasks led by the water bureau have a deadline?").answer


def test_a_total_asked_in_english_is_the_notices_count(seed_hash_assistant):
    a = seed_hash_assistant.ask("How many tasks are there in total?")
    assert a.kind == "metadata" and "89" in a.answer


def test_items_and_steps_said_in_english(seed_hash_assistant, seed_tasks):
    led = in_role(seed_tasks, "区农业农村局")
    history = ["What does the agriculture bureau lead?"]
    assert nums(seed_hash_assistant.ask("the second one?", history=history)) == [led[1]]
    assert nums(seed_hash_assistant.ask("Who supports the first and third ones?", history=history)) == [led[0], led[2]]
    assert nums(seed_hash_assistant.ask("and the one after it?", history=["Who leads task 79?"])) == [80]
    assert nums(seed_hash_assistant.ask("What is the first task?")) == [1]  # nothing said before: the notice's


def test_these_few_tasks_are_the_list_just_given_not_a_count(seed_hash_assistant):
    a = seed_hash_assistant.ask("这几项分别在哪个部分", history=["科技局牵头哪些"])
    assert a.kind != "count" and "属于第一部分" in a.answer


def test_an_item_said_in_words_after_a_list_is_its_item_a_number_in_digits_the_task(seed_hash_assistant, seed_tasks):
    part6 = [t["number"] for t in seed_tasks if t["section"] == 6]
    history = ["第六部分有哪些任务"]
    assert nums(seed_hash_assistant.ask("第一项谁牵头", history=history)) == [part6[0]]
    assert nums(seed_hash_assistant.ask("第1项谁牵头", history=history)) == [1]


def test_no_supporting_unit_is_said_in_english_too(seed_hash_assistant):
    a = seed_hash_assistant.ask("Which units support it?", history=["What is task 42 about?"])
    assert nums(a) == [42] and "no responsible unit is named" in a.answer


def test_a_task_named_by_number_beside_a_pointer_back_is_that_task(seed_hash_assistant):
    history = [{"role": "user", "content": "区城乡水务局牵头哪些任务？"},
               {"role": "assistant", "content": "第33、37、39、40、41项，共5项。"}]
    assert nums(seed_hash_assistant.ask("你刚才说的第40项要配合实施什么工程？", history=history)) == [40]


@pytest.mark.parametrize("history, question", [
    (["高标准农田是哪一项？"], "具体在哪几个镇建？"),  # task 45 names no town
])
def test_names_of_a_kind_the_task_does_not_give_are_not_in_the_notice(seed_hash_assistant, history, question):
    assert seed_hash_assistant.ask(question, history=history).abstained


def test_names_of_a_kind_the_task_gives_are_quoted(seed_hash_assistant):
    a = seed_hash_assistant.ask("机场建设要协调配合的是哪个镇？")
    assert nums(a) == [20] and "西集镇" in a.answer


def test_a_yes_or_no_beside_a_figure_asked_answers_the_figure(seed_hash_assistant):
    a = seed_hash_assistant.ask("城市更新行动是住建局牵头吗，要改造多少户？")
    assert not a.answer.startswith(("是。", "不是。")) and "2168户" in a.answer


def test_a_yes_or_no_that_names_no_role_is_not_about_a_units_role(seed_hash_assistant):
    a = seed_hash_assistant.ask("通知有没有写区交通运输局完成机场建设的截止时间？")
    assert not a.answer.startswith(("是。", "不是。"))


def test_two_questions_in_one_message_are_answered_in_turn(seed_hash_assistant):
    # the second leans on the first's answer: the unit that leads it, and what else that unit leads
    a = seed_hash_assistant.ask("绿色建筑是哪条？这个局还牵头了哪些")
    assert nums(a) == [34, 26] and "区住房和城乡建设局" in a.answer and a.query["then"]
    history = [{"role": "user", "content": "垃圾焚烧处理率要求多少"},
               {"role": "assistant", "content": "第38条：全区生活垃圾焚烧处理率保持100%。"}]
    b = seed_hash_assistant.ask("这条归哪个部门？它还牵头了别的吗", history=history)
    assert nums(b)[0] == 38 and 30 in nums(b) and "区综合行政执法局" in b.answer


def test_a_second_question_about_the_same_task_is_read_with_the_first(seed_hash_assistant):
    a = seed_hash_assistant.ask("老旧小区改造谁牵头？什么时候完成？")
    assert "then" not in (a.query or {})


def test_items_of_a_list_are_counted_in_the_list_as_the_reply_told_it(seed_hash_assistant):
    history = [{"role": "user", "content": "文件里跟储能有关的任务有哪些？"},
               {"role": "assistant", "content": "有3项：第12项加快建设北方锂电之都；第21项大力发展可再生能源；第23项加快提升电力系统调节能力。"}]
    assert nums(seed_hash_assistant.ask("第一和第三项分别是哪个单位牵头？", history=history)) == [12, 23]


def test_the_unit_in_there_is_that_unit_not_a_restriction_to_the_task(seed_hash_assistant):
    history = [{"role": "user", "content": "低保扩围增效那项谁牵头？"},
               {"role": "assistant", "content": "第77项推动低保扩围增效，由区民政局、区财政局、区医疗保障局共同牵头。"}]
    a = seed_hash_assistant.ask("这里面的财政局，在文件里还参与了哪些别的任务？", history=history)
    assert 77 not in nums(a) and {26, 53, 86} <= set(nums(a))


def test_the_nth_of_a_list_of_two_units_tasks_counts_each_task_once(seed_hash_assistant):
    # the list holds a match per unit of each task (宣传部 and 文旅局 each lead 64, 65, 66): the second is 65
    assert nums(seed_hash_assistant.ask("第二个呢，具体要干啥？", history=["宣传部和文旅局一起牵头的是哪几项？"])) == [65]


def test_a_property_asked_after_one_task_is_that_tasks_field(seed_hash_assistant):
    a = seed_hash_assistant.ask("具体数字指标有哪些", history=["第27项讲什么？"])
    assert nums(a) == [27] and "8个城市社区" in a.answer
    listed = seed_hash_assistant.ask("其中有明确数字指标的是哪几项？", history=["区民政局牵头哪些任务？"])
    assert len(nums(listed)) > 1  # after a list it still says which of those have one


def test_no_other_task_besides_the_one_named_cites_the_tasks_the_unit_is_in(seed_hash_assistant):
    history = [{"role": "user", "content": "低保扩围谁牵头"},
               {"role": "assistant", "content": "第77条推动低保扩围增效，牵头单位区民政局、区财政局、区医疗保障局。"}]
    a = seed_hash_assistant.ask("医保局除了这条还有别的吗", history=history)
    assert "没有" in a.answer and nums(a) == [77] and not a.abstained


@pytest.mark.parametrize("question, unit", [("最后那个单位还牵头什么", "区综合行政执法局"), ("第二个单位还牵头什么", "区生态环境分局"),
                                            ("第一个单位还牵头什么", "区发展和改革局")])
def test_a_unit_named_by_its_place_among_those_just_named(seed_hash_assistant, question, unit):
    history = [{"role": "user", "content": "第30项谁牵头"},
               {"role": "assistant", "content": "第30项由区发展和改革局、区生态环境分局、区综合行政执法局共同牵头。"}]
    a = seed_hash_assistant.ask(question, history=history)
    assert [f["unit"] for f in a.query["filters"] if f["type"] == "UnitFilter"] == [unit]


def test_the_tasks_either_side_of_the_one_answered(seed_hash_assistant):
    a = seed_hash_assistant.ask("它前后两条分别是谁牵头", history=["应急管理局牵头哪条"])
    assert nums(a) == [84, 86] and "区卫生健康局" in a.answer and "区金融服务中心" in a.answer


def test_a_follow_up_naming_a_quantity_asks_that_not_the_sum_asked_before(seed_hash_assistant):
    history = [{"role": "user", "content": "池塘标准化改造投多少钱"},
               {"role": "assistant", "content": "第47条：投资360万元，改造池塘600亩，区农业农村局牵头。"}]
    a = seed_hash_assistant.ask("放流鱼苗的量呢", history=history)
    assert not a.abstained and "350万尾" in a.answer


def test_an_english_question_of_its_own_after_and_leans_on_nothing(seed_hash_assistant):
    history = ["What does task 86 cover?", "Task 86 (着力稳金融防风险) is led by 区金融服务中心 and 区财政局.",
               "Which platform is it supposed to use?", "The provincial 金安工程 platform."]
    a = seed_hash_assistant.ask("And in which task is the financial services center only a responsible unit?",
                                history=[{"role": "user" if k % 2 == 0 else "assistant", "content": x}
                                         for k, x in enumerate(history)])
    assert nums(a) == [18]  # ("it" is no word of "unit")


def test_a_list_asked_within_the_one_task_just_named_quotes_what_it_lists(seed_hash_assistant):
    a = seed_hash_assistant.ask("那个里面提到了哪些储能或抽水蓄能项目？", history=["第12项是什么任务"])
    assert nums(a) == [12] and "庄里抽水蓄能电站" in a.answer and "中广核储能二期项目" in a.answer


def _chat(*turns: str) -> list[dict]:
    return [{"role": "user" if k % 2 == 0 else "assistant", "content": x} for k, x in enumerate(turns)]


def test_a_range_the_reply_told_is_every_task_in_it(seed_hash_assistant):
    a = seed_hash_assistant.ask("其中哪几条有具体数字指标？", history=_chat(
        "科技局牵头的任务有几条", "8条，即第1至第8条。其中第2条与区工业和信息化局共同牵头。"))
    assert len(nums(a)) > 2 and set(nums(a)) <= set(range(1, 9))


def test_the_part_the_task_talked_about_stands_in_and_other_tasks_holding_a_topic(seed_hash_assistant):
    a = seed_hash_assistant.ask("那它所在的那个大部分一共几条任务？", history=_chat(
        "“两高”行业管控是谁牵头", "第9条精准管控“两高”行业，牵头单位区发展和改革局、区工业和信息化局。"))
    assert "共10项" in a.answer
    b = seed_hash_assistant.ask("汉诺庄园在别的条目里还有出现吗", history=_chat(
        "第65条说的汉诺庄园综合体投资多少？", "第65条：开工建设投资20亿元的汉诺庄园综合体。"))
    assert nums(b) == [63]


def test_what_a_task_does_asked_with_any_verb_beside_who_leads(seed_hash_assistant):
    a = seed_hash_assistant.ask("天然气那条呢，谁牵头，要推什么", history=_chat(
        "有没有关于煤电的任务", "有，第22条持续优化煤电产业结构，牵头单位区发展和改革局。"))
    assert nums(a) == [24] and "山东天然气环网南干线枣庄支线" in a.answer


@pytest.mark.parametrize("history, question, expected", [
    # the n-th of the most recent list, when the last reply told fewer items (第一个讲啥 → 第二个呢)
    ([{"role": "user", "content": "农业农村局牵头哪些"},
      {"role": "assistant", "content": "区农业农村局牵头第43、44、45、46、47、48、49条。"},
      {"role": "user", "content": "第一个具体讲啥"},
      {"role": "assistant", "content": "第43条“助力农产品加工业做大做强”。"}], "第二个呢，具体讲啥", [44]),
    # … and the first of it, when the last reply told one task, no list to count in (回到第一个)
    ([{"role": "user", "content": "养老相关的有哪些"},
      {"role": "assistant", "content": "第78项“完善兜底性养老服务”、第79项“优化居家社区机构养老服务网络”；第27项也提到养老服务。"},
      {"role": "user", "content": "27那条谁牵头"},
      {"role": "assistant", "content": "第27项牵头单位是区大数据中心、区民政局。"}], "回到第一个，它谁牵头", [78]),
    # the latter of two told
    ([{"role": "user", "content": "渔业的任务"},
      {"role": "assistant", "content": "第46条“开展渔业生态资源养护”和第47条“实施水产绿色健康养殖工程”。"}], "后面那个投资多少钱", [47]),
    # a range told as 第60条至第73条 is every task in it
    ([{"role": "user", "content": "第八部分有多少条"},
      {"role": "assistant", "content": "第八部分共14条，即第60条至第73条。"}], "其中文旅局单独牵头的是哪些", [63, 71, 72, 73]),
    # 这几条里: within the tasks just told
    ([{"role": "user", "content": "商务局牵头几条"},
      {"role": "assistant", "content": "8条：第28、52、53、54、56、57、58、59条。"}], "这几条里哪些有责任单位", [52, 53, 56, 58]),
])
def test_items_of_an_earlier_list_by_place_and_by_range(seed_hash_assistant, history, question, expected):
    assert nums(seed_hash_assistant.ask(question, history=history)) == expected


def test_a_keyword_alone_finds_its_best_task_first_then_every_other_holding_it(seed_hash_assistant):
    a = seed_hash_assistant.ask("储能")
    assert sorted(nums(a)) == [12, 21, 23] and "最相关的在前" in a.answer
    assert nums(seed_hash_assistant.ask("锂电之都")) == [12]


def test_a_unit_set_aside_asks_for_the_tasks_another_unit_takes_that_role_in(seed_hash_assistant):
    a = seed_hash_assistant.ask("创新驱动那一块，除了科技局还有哪些单位牵头")
    assert nums(a) == [2, 8]  # the part's tasks some unit other than 区科学技术局 leads
    assert nums(seed_hash_assistant.ask("第1项除了科技局还有谁牵头")) == [1]  # a task named: its units say who else


def test_a_follow_up_about_what_the_task_just_answered_holds_stays_in_it(seed_hash_assistant):
    a = seed_hash_assistant.ask("内容是啥，具体申报哪些项目", history=["第13条谁牵头"])
    assert nums(a) == [13] and "智能制造标杆企业" in a.answer
    a = seed_hash_assistant.ask("医疗那条具体讲啥，谁牵头", history=[
        "区发展和改革局作为责任单位的有哪些", {"role": "assistant", "content": "第19、20、26、56、58、83条。"}])
    assert nums(a) == [83]


def test_a_shared_role_said_not_to_count_is_set_aside(seed_hash_assistant):
    a = seed_hash_assistant.ask("发改局参与的任务合计多少条？牵头加责任单位都算，第50条那种按职责分工的不算")
    assert 50 not in nums(a) and {9, 19} <= set(nums(a))
    assert nums(seed_hash_assistant.ask("区大数据中心牵头的任务有哪几条？第50条那种按职责分工的别算进去")) == [13, 25, 27]


def test_it_before_a_role_a_few_words_on_is_the_unit_talked_about(seed_hash_assistant):
    a = seed_hash_assistant.ask("那它一共牵头哪些", history=["第37项谁牵头"])
    assert set(nums(a)) == {33, 37, 39, 40, 41}  # 区城乡水务局's tasks
    a = seed_hash_assistant.ask("它有没有当责任单位的", history=["区金融服务中心是哪项的牵头单位"])
    assert nums(a) == [18]
    a = seed_hash_assistant.ask("它有责任单位吗", history=["第13项谁牵头"])  # 有 + a role alone: the task's field
    assert nums(a) == [13] and "区市场监督管理局" in a.answer



def test_which_of_them_with_no_noun_after_a_list_is_asked_within_it(seed_hash_assistant, seed_tasks):
    # 水务局牵头哪些任务？ → 哪些有责任单位？: which of those tasks
    a = seed_hash_assistant.ask("哪些有责任单位？分别是谁", history=["水务局牵头哪些任务？"])
    led = in_role(seed_tasks, "区城乡水务局")
    expected = [n for n in led if any(u["role"] == "responsible" for t in seed_tasks if t["number"] == n for u in t["units"])]
    assert nums(a) == expected and expected


def test_the_latter_of_two_tasks_told_is_the_second(seed_hash_assistant):
    a = seed_hash_assistant.ask("后一个要打造成什么？", history=[
        {"role": "user", "content": "汉诺庄园出现在哪些任务里？"},
        {"role": "assistant", "content": "第63项和第65项。"}])
    assert nums(a) == [65]


def test_the_lead_unit_of_the_task_just_named_as_the_subject(seed_hash_assistant, seed_tasks):
    # 它的牵头单位还牵头了哪些: the unit leading the task just told, and its other tasks
    a = seed_hash_assistant.ask("那它的牵头单位还牵头了哪些别的", history=["核芯光电申报省级重点实验室是哪条"])
    expected = [n for n in in_role(seed_tasks, "区科学技术局") if n != 1]
    assert nums(a) == expected
    # (its lead unit asked: a field of that task)
    assert nums(seed_hash_assistant.ask("它的牵头单位是谁", history=["核芯光电申报省级重点实验室是哪条"])) == [1]


def test_that_unit_overall_in_english_is_every_task_it_takes_part_in(seed_hash_assistant, seed_tasks):
    a = seed_hash_assistant.ask("And which tasks does that unit appear in overall, as lead or as responsible unit?",
                                history=["Which task includes the ultra-low emission retrofit of Huawo cement?"])
    expected = sorted(set(in_role(seed_tasks, "区生态环境分局")) | set(in_role(seed_tasks, "区生态环境分局", "responsible")))
    assert nums(a) == expected


def test_what_about_a_role_of_the_unit_talked_about_is_a_question_of_its_own(seed_hash_assistant):
    history = ["What does the Finance Bureau (区财政局) lead?",
               "区财政局 is a co-lead on two tasks: task 77 (推动低保扩围增效) and task 86 (着力稳金融防风险)."]
    a = seed_hash_assistant.ask("What about the tasks where it is only listed as a responsible unit?", history)
    assert sorted(c.task for c in a.citations) == [26, 53]


def test_which_of_those_also_have_a_unit_is_within_the_list(seed_hash_assistant):
    a = seed_hash_assistant.ask("哪些还有发改局参与？", ["卫健局牵头的任务有哪些"])
    assert sorted(c.task for c in a.citations) == [81, 83]


def test_english_they_refers_to_the_task_talked_about(seed_hash_assistant):
    a = seed_hash_assistant.ask("How many demonstration sites are they supposed to build?",
                                ["Who leads the smart community work (智慧社区)?"])
    assert [c.task for c in a.citations] == [27] and "2个智慧社区示范点" in a.answer


def test_a_list_of_tasks_with_a_measure_shows_the_figures(seed_hash_assistant):
    a = seed_hash_assistant.ask("其中哪些有具体亩数的？", ["农业农村局牵头哪些"])
    assert [c.task for c in a.citations] == [44, 45, 47] and "新建高标准农田5000亩" in a.answer


def test_a_rate_asked_after_one_task_is_that_tasks_when_it_holds_it(seed_hash_assistant):
    a = seed_hash_assistant.ask("覆盖率呢", ["垃圾焚烧处理率目标是多少"])
    assert [c.task for c in a.citations] == [38] and "覆盖率达到95%" in a.answer


def test_a_task_picked_by_its_topic_is_not_the_one_just_told(seed_hash_assistant):
    a = seed_hash_assistant.ask("机场那项呢，也是交通局牵头吗", ["临滕高速那项谁牵头？", "今年要完成多少工程量？"])
    assert [c.task for c in a.citations] == [20]
    a = seed_hash_assistant.ask("垃圾分类那项的覆盖率呢", ["垃圾分类谁牵头？"])  # the task told holds it: that task
    assert [c.task for c in a.citations] == [38]


def test_the_other_lead_of_the_task_talked_about(seed_hash_assistant):
    a = seed_hash_assistant.ask("这项另一个牵头单位是谁", ["大数据中心牵头哪几项？", "第27项具体要做什么？"])
    assert [c.task for c in a.citations] == [27] and "区民政局" in a.answer


def test_the_same_again_for_another_task_asks_what_the_last_question_asked(seed_hash_assistant):
    a = seed_hash_assistant.ask("第34项也按这个格式来一个", ["帮我写个第26项的引用"])
    assert [c.task for c in a.citations] == [34] and "（山政办字〔2023〕28号 第34项，牵头单位：区住房和城乡建设局）" in a.answer


def test_a_unit_led_with_is_led_with_the_unit_talked_about(seed_hash_assistant, seed_tasks):
    # 那跟发改一起牵头的呢 after a unit's count: the tasks both lead (发改 said without its 局)
    a = seed_hash_assistant.ask("那跟发改一起牵头的呢", ["区委宣传部牵头几项？"])
    both = sorted(set(in_role(seed_tasks, "区委宣传部")) & set(in_role(seed_tasks, "区发展和改革局")))
    assert nums(a) == both and len(both) >= 2
    # … and alone, with nothing said before: its tasks with any other lead
    a = seed_hash_assistant.ask("跟发改一起牵头的任务有哪些")
    shared = [t["number"] for t in seed_tasks if {"name": "区发展和改革局", "role": "lead"} in t["units"]
              and sum(u["role"] == "lead" for u in t["units"]) >= 2]
    assert nums(a) == shared and "与其他单位共同牵头" in a.answer


def test_which_of_the_tasks_listed_states_a_kind_of_figure(seed_hash_assistant):
    a = seed_hash_assistant.ask("其中哪个写了投资金额？多少钱", ["农业农村局牵头哪些任务？"])
    assert nums(a) == [47] and "投资360万元" in a.answer


def test_a_unit_set_aside_within_the_list_talked_about(seed_hash_assistant, seed_tasks):
    # 其中除了水务局…: within the section's tasks, those where another unit takes part (not every other task)
    a = seed_hash_assistant.ask("其中除了水务局还有别的单位参与的是哪几条", ["第五部分讲的啥", "有几条？"])
    section = [t for t in seed_tasks if t["section"] == 5]
    assert nums(a) == [t["number"] for t in section if any(u["name"] != "区城乡水务局" for u in t["units"])]
    assert 0 < len(nums(a)) < len(section)


def test_a_property_said_to_be_left_out_filters_nothing_in(seed_hash_assistant, seed_tasks):
    # 只要它自己单独牵头的，联合牵头的去掉: its tasks with one lead (联合牵头的 set aside, not asked)
    a = seed_hash_assistant.ask("只要它自己单独牵头的，联合牵头的去掉", ["文旅局牵头的有哪些"])
    alone = [t["number"] for t in seed_tasks if [u["name"] for u in t["units"] if u["role"] == "lead"] == ["区文化和旅游局"]]
    assert nums(a) == alone and alone


def test_only_these_narrows_the_list_talked_about(seed_hash_assistant, seed_tasks):
    a = seed_hash_assistant.ask("只看第九部分共同富裕里的", ["区发展和改革局牵头的任务有哪些"])
    assert nums(a) == [n for n in in_role(seed_tasks, "区发展和改革局")
                       if next(t for t in seed_tasks if t["number"] == n)["section"] == 9]


def test_the_task_talked_about_compared_with_one_named(seed_hash_assistant):
    # 这个和78条: the task the last answer was about, and task 78 — whether they share their lead
    a = seed_hash_assistant.ask("那这个和78条是不是同一个牵头单位", history=["79条说的适老化改造是多少户"])
    assert sorted(c.task for c in a.citations) == [78, 79]
    assert a.answer.startswith("是，牵头单位相同：区民政局")


def test_that_bureau_after_a_list_all_led_by_one_unit_is_that_unit(seed_hash_assistant):
    a = seed_hash_assistant.ask("What else does that bureau lead?", history=["Which tasks involve cross-border e-commerce?"])
    assert a.query["filters"][0]["unit"] == "区商务和投资促进局"


def test_one_task_of_the_list_picked_by_its_topic_with_na_ge(seed_hash_assistant):
    a = seed_hash_assistant.ask("金融那个谁牵头", history=["第十部分有哪些任务"])
    assert [c.task for c in a.citations] == [86]


def test_which_places_a_task_names_asked_within_it(seed_hash_assistant):
    a = seed_hash_assistant.ask("它里面提到申报红色文化特色村的是哪两个村？", history=["第72项革命文物保护利用是谁牵头"])
    assert [c.task for c in a.citations] == [72] and "北庄镇北庄村" in a.answer and "驳山头村" in a.answer


def test_the_nth_figure_of_the_one_task_told(seed_hash_assistant):
    # 节水控水那条目标有哪些 → 第三个指标呢: the third figure the task states, no list to count in
    a = seed_hash_assistant.ask("第三个指标呢？", history=["节水控水那条目标有哪些"])
    assert [c.task for c in a.citations] == [33] and "50%" in a.answer and "0.4604" not in a.answer


def test_these_units_are_each_unit_the_last_answer_named(seed_hash_assistant):
    a = seed_hash_assistant.ask("这几个单位里面有没有还牵头了别的任务的", history=["低保扩围增效是谁牵头？"])
    assert {78, 79, 86} <= set(nums(a)) and 77 not in nums(a)


def test_the_first_of_those_units_by_its_place_in_the_last_answer(seed_hash_assistant):
    a = seed_hash_assistant.ask("And the first of those units — which tasks does it appear in at all, lead or not?",
                                history=["Which units lead task 86 on stabilising finance and preventing risks?"])
    assert set(nums(a)) == {18, 86}


def test_a_word_in_place_of_its_counterpart_keeps_the_rest_of_the_topic(seed_hash_assistant):
    # 市级 … → 省级的呢: the same question of the provincial selection, not a search for 省级 alone
    a = seed_hash_assistant.ask("省级的呢", history=["教育强镇筑基试点镇，市级遴选推荐几个镇？"])
    assert nums(a) == [75] and "1个镇" in a.answer


def test_a_property_set_aside_after_a_list_is_set_aside_within_it(seed_hash_assistant):
    listed = nums(seed_hash_assistant.ask("科技局牵头哪些？"))
    a = seed_hash_assistant.ask("把跟别的单位一起牵头的去掉", history=["科技局牵头哪些？"])
    assert nums(a) and set(nums(a)) < set(listed) and 2 not in nums(a)  # (task 2: led with 工信局)


def test_a_dictionary_word_holding_a_marker_is_no_marker(seed_hash_assistant):
    # 什么级别的 holds 别的 (other): the task talked about is asked, not the others
    a = seed_hash_assistant.ask("那个任务里要争创什么级别的旅游区？", history=["抱犊崮那个景区提升的任务是哪个部门"])
    assert nums(a) == [71]


def test_a_bare_quantity_of_a_thing_asks_its_figure(seed_hash_assistant):
    a = seed_hash_assistant.ask("能繁母猪保有量")
    assert nums(a) == [48] and "0.44万头" in a.answer


def test_a_company_asked_is_a_name_the_text_gives(seed_hash_assistant):
    a = seed_hash_assistant.ask("第二个要配合的是哪家公司", history=["区交通运输局管哪些？"])
    assert nums(a) == [20] and "枣庄机场建设公司" in a.answer


def test_a_claim_about_these_tasks_is_checked_for_every_one(seed_hash_assistant):
    a = seed_hash_assistant.ask("这些都是商务局牵头的吗？", history=["跨境电商相关的任务有哪些？"])
    assert a.answer.startswith("是，这") and len(nums(a)) >= 2
    b = seed_hash_assistant.ask("这些都是民政局牵头的吗？", history=["跨境电商相关的任务有哪些？"])
    assert b.answer.startswith("不是，这")


def test_a_guess_put_for_confirming_is_a_claim(seed_hash_assistant):
    a = seed_hash_assistant.ask("那这个也是农业农村局牵头的吧？", history=["造林任务是多少亩"])
    assert a.answer.startswith("不是") and nums(a) == [32]


def test_which_of_the_listed_tasks_carry_a_responsible_unit(seed_hash_assistant):
    a = seed_hash_assistant.ask("里面哪个还挂了责任单位，是谁？", history=["储能相关的任务有哪些"])
    assert nums(a) == [21] and "区自然资源局" in a.answer
    e = seed_hash_assistant.ask("Which of those also list a 责任单位, and who are they?",
                                history=["Which tasks does the 区城乡水务局 lead?"])
    assert set(nums(e)) == {39, 41}


def test_the_other_tasks_of_the_same_section_leave_out_the_one_just_told(seed_hash_assistant):
    a = seed_hash_assistant.ask("同一部分还有哪些任务", history=["岩马水库引调水是哪条"])
    assert nums(a) == [39, 41]


def test_which_ones_of_those_in_english_is_a_list_within_them(seed_hash_assistant):
    a = seed_hash_assistant.ask("Of those, which ones give an acreage target in mu (亩)?",
                                history=["Which tasks does the Agriculture and Rural Affairs Bureau lead?"])
    assert nums(a) == [44, 45, 47]


def test_that_one_in_english_is_the_task_just_told(seed_hash_assistant):
    a = seed_hash_assistant.ask("And which units share responsibility with the lead on that one?",
                                history=["What does task 41 say?"])
    assert nums(a) == [41]


def test_the_targets_asked_in_the_plural_are_every_figure_of_the_task(seed_hash_assistant):
    a = seed_hash_assistant.ask("里面的指标都有哪些", history=["疫情防控那条谁牵头"])
    assert nums(a) == [84] and "100%" in a.answer and "95%" in a.answer


def test_the_next_two_tasks(seed_hash_assistant):
    a = seed_hash_assistant.ask("再往后两条呢", history=["第八部分第一条是什么"])
    assert nums(a) == [61, 62]


def test_one_of_the_units_talked_about_named_among_them(seed_hash_assistant):
    a = seed_hash_assistant.ask("那三个单位里医保局还有别的牵头任务吗", history=["低保那条谁牵头"])
    assert "区医疗保障局" in a.answer and "区民政局牵头的任务" not in a.answer


def test_several_things_of_the_task_talked_about_quote_every_sentence_naming_them(seed_hash_assistant):
    a = seed_hash_assistant.ask("具体活动地点有哪些", history=["红色研学活动是哪个任务里的"])
    assert nums(a) == [72] and "苏鲁豫皖边区特委纪念馆" in a.answer and "鲁南抗日民主政权建设纪念馆" in a.answer


def test_a_unit_said_absent_after_a_list_is_of_that_list(seed_hash_assistant):
    a = seed_hash_assistant.ask("哪几条不是农业农村局牵头的", history=["乡村振兴那一部分有哪些任务"])
    assert nums(a) == [42]


def test_a_bracket_of_its_own_is_quoted_with_the_sentence_it_says_more_of(seed_hash_assistant):
    a = seed_hash_assistant.ask("王家湾红色研学活动地点定在哪了")
    assert nums(a)[:1] == [72] and "鲁南抗日民主政权建设纪念馆" in a.answer


def test_the_answer_before_is_not_the_task_before(seed_hash_assistant):
    # 上一条回答里面: within what was answered (not 上一条, the task before)
    a = seed_hash_assistant.ask("上一条回答里面，跟发改局一起牵头的是哪个", history=["卫健局牵头了几项"])
    assert [c.task for c in a.citations] == [81]
