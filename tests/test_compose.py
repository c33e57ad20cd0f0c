"""rag/compose.py: the words of answers — roles as the notice gives them, lists, counts, English."""

from __future__ import annotations

import re

import pytest


def test_who_leads_names_lead_and_responsible_units(seed_hash_assistant):
    a = seed_hash_assistant.ask("第26项谁牵头")
    assert a.answer.startswith("第26项「推进城市更新行动」由区住房和城乡建设局牵头；责任单位：区发展和改革局、区财政局")
    assert a.citations[0].citation == "（山政办字〔2023〕28号 第26项，牵头单位：区住房和城乡建设局）"


def test_a_shared_task_says_no_lead_is_named(seed_hash_assistant):
    a = seed_hash_assistant.ask("第50项谁负责")
    assert "按职责分工负责" in a.answer and "未指定牵头单位" in a.answer
    assert "牵头单位：区政府办公室" not in a.answer
    assert a.citations[0].citation.endswith("区行政审批服务局按职责分工负责）")


def test_a_list_is_numbered_lines_with_its_count(seed_hash_assistant):
    a = seed_hash_assistant.ask("住建局牵头哪些任务")
    lines = a.answer.splitlines()
    count = int(re.search(r"共(\d+)项", lines[0]).group(1))
    assert count == len(a.citations)
    assert [ln.split(".")[0] for ln in lines[1:count + 1]] == [str(k) for k in range(1, count + 1)]
    assert all(c.role == "lead" for c in a.citations)


def test_a_count_answer_states_the_number(seed_hash_assistant):
    a = seed_hash_assistant.ask("哪些任务没有牵头单位？一共几项")
    assert a.kind == "count" and "共4项" in a.answer


def test_a_topic_list_shows_what_matched(seed_hash_assistant):
    a = seed_hash_assistant.ask("哪些任务涉及垃圾分类")
    assert "依据：任务原文含“垃圾分类”" in a.answer
    assert all("垃圾分类" in c.matched for c in a.citations)


def test_english_questions_are_answered_in_english_with_chinese_names(seed_hash_assistant):
    a = seed_hash_assistant.ask("Who leads task 26?")
    assert a.lang == "en" and a.answer.startswith("Task 26") and "区住房和城乡建设局" in a.answer


def test_an_abstention_says_so_and_offers_related_tasks_only(seed_hash_assistant):
    a = seed_hash_assistant.ask("氢能汽车有什么安排")
    assert a.abstained and a.answer.startswith("通知中未找到“氢能")
    assert not a.citations


def test_a_question_with_nothing_to_go_on_asks_what_is_meant(seed_hash_assistant):
    a = seed_hash_assistant.ask("请问")
    assert a.kind == "clarify" and a.abstained


def test_two_figures_asked_in_two_questions_are_both_quoted(seed_hash_assistant):
    a = seed_hash_assistant.ask("1～7岁适龄儿童全程接种率目标是多少？重大传染病及公共卫生事件监测系统覆盖率呢？")
    assert "95%" in a.answer and "90%以上" in a.answer


def test_who_and_a_time_the_task_does_not_state_answers_who_and_says_the_time_is_not_written(seed_hash_assistant):
    a = seed_hash_assistant.ask("城市体检是哪个部门负责的，什么时候完成？")
    assert not a.abstained and [c.task for c in a.citations] == [26]
    assert "区住房和城乡建设局" in a.answer and "未写明时间或期限" in a.answer


def test_a_figure_the_notice_states_only_outside_its_tasks_is_quoted_from_there(hash_assistant_of):
    a = hash_assistant_of(
        "某区人民政府办公室关于印发应急避难场所建设方案的通知\n某政办〔2022〕5号\n一、工作目标\n"
        "到2025年，全区人均避难面积达到1.5平方米以上。\n二、主要任务\n1.编制避难场所专业规划。（牵头单位：区民防办）\n"
        "2.推进学校避难场所建设。（责任单位：区教育局）\n")
    answer = a.ask("到2025年全区人均避难面积要达到多少？")
    assert not answer.abstained and "1.5平方米" in answer.answer and not answer.citations
    assert "通知正文" in answer.answer and "某政办〔2022〕5号" in answer.answer
    assert a.ask("第2项谁负责？").citations[0].task == 2  # the tasks answer as before


def test_a_time_set_by_an_event_is_the_tasks_deadline(seed_hash_assistant):
    # 第78项 states no date but 待市级出台实施方案后 (once the city has issued its plan): that is when
    a = seed_hash_assistant.ask("兜底性养老服务那条有没有具体的时间节点？")
    assert not a.abstained and "待市级出台实施方案后" in a.answer


def test_this_year_is_a_time_the_task_states(seed_hash_assistant):
    a = seed_hash_assistant.ask("850户特殊困难老年人家庭适老化改造是什么时候完成？")
    assert not a.abstained and "今年计划完成850户" in a.answer


def test_a_long_task_is_quoted_where_it_holds_what_the_question_names(seed_hash_assistant):
    a = seed_hash_assistant.ask("加强革命文物保护利用那条，代表性的红色标语是啥")
    assert "世上无难事 只要肯登攀" in a.answer and a.answer.count("……") <= 2


def test_one_lead_claimed_of_a_task_two_units_lead_is_denied(seed_hash_assistant):
    a = seed_hash_assistant.ask("打造智慧社区示范点那一项，是民政局一家牵头吗？")
    assert a.answer.startswith("不是。") and [c.task for c in a.citations] == [27]
    assert "区大数据中心" in a.answer and "区民政局" in a.answer


def test_the_task_with_the_most_lead_units_says_how_many(seed_hash_assistant, seed_tasks):
    a = seed_hash_assistant.ask("哪项任务的牵头单位最多？有几家")
    most = max(seed_tasks, key=lambda t: sum(u["role"] == "lead" for u in t["units"]))
    n = sum(u["role"] == "lead" for u in most["units"])
    assert a.citations[0].task == most["number"] and f"{n}家牵头单位" in a.answer


def test_units_counted_are_said_with_their_number(seed_hash_assistant):
    a = seed_hash_assistant.ask("第58项责任单位有几个，分别是谁？")
    assert "责任单位共3个：区发展和改革局、区自然资源局、区税务局" in a.answer


def test_two_clauses_each_asking_a_number_each_get_their_sentence(seed_hash_assistant):
    a = seed_hash_assistant.ask("义务教育学校强校扩优覆盖率要到多少，普惠性幼儿园新增几所")
    assert "80%以上" in a.answer and "新增普惠性幼儿园2所" in a.answer


def test_a_unit_leading_on_its_own_in_english(seed_hash_assistant):
    history = ["Which tasks does the District Civil Affairs Bureau (区民政局) lead?",
               seed_hash_assistant.ask("Which tasks does the District Civil Affairs Bureau (区民政局) lead?").answer]
    a = seed_hash_assistant.ask("Which of those does it lead on its own?", history)
    assert sorted(c.task for c in a.citations) == [78, 79]
    assert "1 lead unit:" in a.answer


def test_a_unit_with_no_other_task_is_shown_where_it_is_with_the_titles(seed_hash_assistant):
    history = ["低保扩围那项谁牵头", seed_hash_assistant.ask("低保扩围那项谁牵头").answer]
    a = seed_hash_assistant.ask("医保局还有别的任务吗", history)
    assert "第77项「推动低保扩围增效」" in a.answer


def test_figures_asked_respectively_are_each_quoted(seed_hash_assistant):
    a = seed_hash_assistant.ask("疫苗接种的目标值分别是多少")
    assert "90%以上" in a.answer and "95%" in a.answer


def test_a_section_is_named_with_its_heading_as_written(seed_hash_assistant):
    a = seed_hash_assistant.ask("“持续激发城乡消费活力”是在哪个部分里？")
    assert "三、坚定不移扩大内需" in a.answer
    a = seed_hash_assistant.ask("这个通知分几个部分")
    assert "十一、切实抓好组织实施" in a.answer


def test_a_citation_asked_with_the_notices_facts_gives_them_in_full(seed_hash_assistant):
    a = seed_hash_assistant.ask("报告要引第88项完善工作机制，发文机关、文号、日期帮我写全")
    assert [c.task for c in a.citations] == [88] and "（山政办字〔2023〕28号 第88项）" in a.answer
    assert "完整出处：山亭区人民政府办公室《关于印发" in a.answer and "（山政办字〔2023〕28号，2023年9月22日）" in a.answer
    assert "完整出处" not in seed_hash_assistant.ask("第26项的引用怎么写").answer  # the citation alone when only it is asked


def test_the_full_title_is_written_as_a_document_names_itself(seed_hash_assistant):
    # 公文标题 = 发文机关 + 事由 + 文种: the issuer before a title that opens with 关于
    a = seed_hash_assistant.ask("这份通知的标题是什么")
    assert "标题：山亭区人民政府办公室关于印发山亭区深化新旧动能转换推动绿色低碳高质量发展2023年重点工作任务的通知" in a.answer


def test_which_place_is_asked_quotes_the_sentence_naming_one(seed_hash_assistant):
    a = seed_hash_assistant.ask("第72项里那个纪念馆在哪个镇")
    assert [c.task for c in a.citations] == [72] and "冯卯镇岩马水库纪念馆" in a.answer


@pytest.mark.parametrize(("question", "verdict"), [
    ("第78项和第79项牵头单位一样吗", "是，牵头单位相同：区民政局。"),
    ("第30项和第31项是不是同一个牵头单位", "不完全相同，都有区生态环境分局。"),  # one leads both, with others in one
    ("第26项和第38项是同一个牵头单位吗", "不是，牵头单位不同。"),
    ("Are tasks 78 and 79 led by the same unit?", "Yes, the same lead units: 区民政局."),
])
def test_two_tasks_compared_by_their_lead_say_whether_it_is_the_same(seed_hash_assistant, question, verdict):
    a = seed_hash_assistant.ask(question)
    assert a.answer.splitlines()[0] == verdict and len(a.citations) == 2


def test_two_figures_asked_each_in_its_own_measure(seed_hash_assistant):
    # 投资多少钱，改多少亩: the area is checked against 亩, the measure asked of it, not 钱
    a = seed_hash_assistant.ask("水产绿色健康养殖工程池塘改造投资多少钱，改多少亩")
    assert [c.task for c in a.citations] == [47] and "360万元" in a.answer and "600亩" in a.answer


def test_numbers_the_question_gives_pick_the_sentence_quoted(seed_hash_assistant):
    a = seed_hash_assistant.ask("What full-course vaccination rate is targeted for children aged 1 to 7?")
    assert "95%" in a.answer and "90%" not in a.answer


def test_tasks_named_by_a_span_are_each_listed_with_the_span_said(seed_hash_assistant):
    a = seed_hash_assistant.ask("第60项至第65项谁牵头")
    assert [c.task for c in a.citations] == [60, 61, 62, 63, 64, 65]
    assert a.answer.startswith("第60项至第65项任务共6项")


def test_units_sharing_a_task_are_said_in_the_notice_s_words(seed_hash_assistant):
    a = seed_hash_assistant.ask("第50条具体是哪几个单位按职责分工负责")
    assert "区行政审批服务局按职责分工负责（未写明牵头单位）" in a.answer


def test_a_topic_list_quotes_the_clause_holding_the_words_as_the_question_joined_them(seed_hash_assistant):
    a = seed_hash_assistant.ask("人才引进相关的任务有哪些")
    assert "原文“加强开发区人才引进及培养等相关工作”" in a.answer


def test_a_date_asked_to_the_month_is_not_stated_by_a_year_alone(seed_hash_assistant):
    a = seed_hash_assistant.ask("850户适老化改造要求几月底前完成？")  # 第79项: 今年计划完成850户…
    assert a.abstained and "未写明" in a.answer
    a = seed_hash_assistant.ask("第79项几月底前完成？")
    assert "未写明完成时限" in a.answer
    assert "今年计划完成850户" in seed_hash_assistant.ask("第79项什么时候完成").answer


def test_a_topic_list_quotes_the_clause_of_the_words_the_title_lacks(seed_hash_assistant):
    a = seed_hash_assistant.ask("耕地保护、农田建设这类的任务有哪些？")  # 第29项's title holds 保护, not 耕地
    assert "耕地保护" in a.answer and {29, 45} <= {c.task for c in a.citations}


def test_no_responsible_unit_written_still_shows_the_sentence_that_matched(seed_hash_assistant):
    a = seed_hash_assistant.ask("天然气环网南干线枣庄支线，区里哪个单位配合？")
    assert "未写明责任单位" in a.answer and "山东天然气环网南干线枣庄支线" in a.answer


def test_names_of_a_kind_the_task_only_mentions_are_not_stated(seed_hash_assistant):
    # 第46项: 优化增殖放流品种和规模…放流净水鱼苗 — no variety named
    for q in ("增殖放流的鱼苗都是啥品种", "增殖放流的鱼苗是哪些品种"):
        a = seed_hash_assistant.ask(q)
        assert a.abstained and "品种" in a.answer


def test_an_english_which_town_asks_a_towns_name(seed_hash_assistant):
    a = seed_hash_assistant.ask("Which town is being recommended for the provincial 教育强镇筑基 pilot?")
    assert a.abstained  # 第75项: 推荐1个镇 — it names none


def test_a_frequency_asked_as_a_choice_the_task_does_not_state(seed_hash_assistant):
    a = seed_hash_assistant.ask("那调度频次是每月一次还是每季度一次？", ["第88项说的什么"])  # 定期调度 only
    assert a.abstained and "频次" in a.answer


def test_sections_with_a_count_of_tasks(seed_hash_assistant):
    a = seed_hash_assistant.ask("哪几个部分只有3条任务？")
    assert sorted(c.task for c in a.citations) == [39, 40, 41, 84, 85, 86, 87, 88, 89]
    assert a.answer.startswith("任务为3项的部分共3个")


def test_two_figures_asked_apart_by_a_space_are_both_quoted(seed_hash_assistant):
    a = seed_hash_assistant.ask("1到7岁儿童全程接种率 目标是多少 另外重大传染病监测任务完成率呢")
    assert "全程接种率达到95%" in a.answer and "重大传染病监测任务完成率目标值为100%" in a.answer


def test_a_name_asked_is_looked_for_where_the_task_speaks_of_the_thing(seed_hash_assistant):
    # 第75项 names 枣庄四十中, but not where 特殊教育资源教室 are built
    assert seed_hash_assistant.ask("特殊教育资源教室 建在哪个学校").abstained
    assert not seed_hash_assistant.ask("申报国家级绿色工厂的是哪家企业").abstained
