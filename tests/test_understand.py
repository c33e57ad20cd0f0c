"""rag/understand.py: one typed query per question, whatever its shape (the seed notice, fake embedder)."""

from __future__ import annotations

import pytest

from rag.query import Ask, PredicateFilter, SectionFilter, TaskFilter, UnitFilter


@pytest.fixture(scope="module")
def read(seed_hash_assistant):
    return seed_hash_assistant._s.answerer.reader.read


def units(q) -> list[tuple[str, str, str | None]]:
    return [(f.unit, f.scope, f.exclude) for f in q.filters if isinstance(f, UnitFilter)]


@pytest.mark.parametrize("question", ["第26项是谁牵头的", "任务26谁负责", "26号任务的牵头单位", "第二十六项讲什么", "第（26）项"])
def test_task_numbers_in_the_forms_staff_write_them(read, question):
    q = read(question)
    assert [f.numbers for f in q.filters if isinstance(f, TaskFilter)] == [(26,)]


def test_a_count_word_after_task_is_not_a_task_number(read):
    q = read("生态环境分局牵头或者配合的任务一共有哪些？")
    assert not q.has(TaskFilter)
    assert units(q) == [("区生态环境分局", "any", None)]
    assert q.ask is Ask.LIST


@pytest.mark.parametrize(("question", "expected"), [
    ("发改局牵头哪些任务", [("区发展和改革局", "lead", None)]),
    # 责任单位 is the notice's label: units that share a task 按职责分工负责 are not its 责任单位
    ("财政局作为责任单位参与了哪些任务", [("区财政局", "cooperate", None)]),
    ("财政局作为参与单位的任务有哪些", [("区财政局", "support", None)]),
    ("财政局出现的任务有哪些（不论牵头还是责任）", [("区财政局", "any", None)]),
    ("自然资源局只当责任单位、不牵头的任务有哪些", [("区自然资源局", "cooperate", "lead")]),
    ("自然资源局只参与、不牵头的任务有哪些", [("区自然资源局", "support", "lead")]),
    ("发改局不管牵头还是配合，一共在哪些任务里出现", [("区发展和改革局", "any", None)]),
    ("大数据中心都负责哪些事", [("区大数据中心", "any", None)]),
    ("民政局参与的任务，牵头的、当责任单位的、按职责分工负责的都算", [("区民政局", "any", None)]),
    ("财政局在哪些任务里有分工？责任单位和按职责分工负责的都要", [("区财政局", "support", None)]),
])
def test_a_unit_is_read_with_the_role_the_question_puts_it_in(read, question, expected):
    q = read(question)
    assert units(q) == expected
    assert q.ask is Ask.LIST


def test_two_units_leading_together_are_one_constraint(read):
    q = read("科技局和工信局共同牵头的任务有哪些")
    assert units(q) == [("区科学技术局", "lead", None), ("区工业和信息化局", "lead", None)]
    assert q.unit_mode == "all"
    assert not q.has(PredicateFilter)


def test_two_units_in_different_roles_of_one_task(read):
    q = read("商务局牵头、工信局当责任单位的任务有几条")
    assert units(q) == [("区商务和投资促进局", "lead", None), ("区工业和信息化局", "cooperate", None)]
    assert q.unit_mode == "all" and q.ask is Ask.COUNT


@pytest.mark.parametrize(("question", "predicate", "n", "op"), [
    ("哪些任务没有写牵头单位", "no_lead", 2, "ge"),
    ("牵头单位有三个或三个以上的任务是哪些", "lead_count", 3, "ge"),
    ("哪几项任务后面一个单位都没标", "no_units", 2, "ge"),
    ("哪些任务既没有牵头单位也没有任何责任单位？", "no_units", 2, "ge"),
    ("既有牵头单位又有责任单位的任务有哪些", "has_support", 2, "ge"),
    ("有两个或两个以上牵头单位的任务有哪些？", "lead_count", 2, "ge"),
    ("正好有三个牵头单位的任务是哪几项？", "lead_count", 3, "eq"),
    ("哪些任务的责任单位有两个或更多？", "support_count", 2, "ge"),
    ("第二部分里由两个单位联合牵头的任务", "lead_count", 2, "eq"),
    ("牵头单位超过三个的任务", "lead_count", 4, "ge"),
    ("Which tasks have three or more lead units?", "lead_count", 3, "ge"),
    # composed of one vocabulary: absent or written, the verb of marking, one role or two (record_… words)
    ("哪些任务完全没标注任何牵头或责任单位？", "no_units", 2, "ge"),
    ("同时列明了牵头单位和责任单位的任务", "has_support", 2, "ge"),
    ("哪些任务标注了责任单位", "has_support", 2, "ge"),
    ("设了责任单位的任务一共多少条", "has_support", 2, "ge"),
    ("哪些任务未列明配合部门", "no_support", 2, "ge"),
    ("没有指定牵头部门的任务有哪些", "no_lead", 2, "ge"),
    ("责任单位不止一个的任务有哪几项？", "support_count", 2, "ge"),
])
def test_properties_of_the_records_are_filters(read, question, predicate, n, op):
    q = read(question)
    assert [(f.predicate, f.n, f.op) for f in q.filters if isinstance(f, PredicateFilter)] == [(predicate, n, op)]
    assert q.ask is (Ask.COUNT if "多少" in question else Ask.LIST)  # (一共多少条: how many, each of them listed)
    assert not (q.topic and q.topic.terms)  # the count's words are no topic (两个, 更多)


def test_the_most_units_and_a_sole_lead_are_properties_too(read):
    q = read("牵头单位最多的是哪项任务？")
    assert [f.predicate for f in q.filters if isinstance(f, PredicateFilter)] == ["most_leads"]
    q = read("区工业和信息化局单独牵头的任务有哪些")
    assert [(f.predicate, f.n, f.op) for f in q.filters if isinstance(f, PredicateFilter)] == [("lead_count", 1, "eq")]
    assert units(q) == [("区工业和信息化局", "lead", None)]


def test_a_unit_with_a_topic_is_an_intersection(read):
    q = read("发改局牵头的任务里，哪几项涉及储能？")
    assert units(q) == [("区发展和改革局", "lead", None)]
    assert q.topic is not None and "储能" in q.topic.terms
    assert q.ask is Ask.LIST


def test_count_questions_are_counts(read):
    assert read("住建局牵头几项任务").ask is Ask.COUNT
    assert read("发改局牵头的任务数是多少").ask is Ask.COUNT


def test_a_section_named_loosely_is_a_section(read):
    q = read("扩内需那块有哪些任务")
    assert [f.sections for f in q.filters if isinstance(f, SectionFilter)] == [(("山政办字〔2023〕28号", 3),)]
    assert q.topic is None


def test_header_questions_ask_the_notice_itself(read):
    assert read("这个文件的文号是多少").header == ("doc_id",)
    assert read("发文单位是哪个").header == ("issuer",)
    assert read("What is the document number of this notice and when was it issued?").header == ("doc_id", "date")


def test_background_sentences_do_not_constrain_the_question(read):
    q = read("我是发改局新来的科员，对文件还不太熟。领导让我查一下，老旧小区改造谁牵头？")
    assert units(q) == []
    assert q.field == "lead"
    assert q.topic is not None and not q.topic.unknown
    assert {"老旧", "小区"} <= set(q.topic.terms) or "老旧小区" in q.topic.terms


def test_a_question_that_leaves_out_its_topic_takes_it_from_the_background(read):
    q = read("我在做适老化改造的进度报表。到底是多少户？")
    assert q.topic is not None and "老化" in "".join(q.topic.terms)
    assert "background" in q.inherited


def test_words_the_notices_never_use_are_kept_as_unknown(read):
    q = read("氢能汽车有什么安排")
    assert q.topic is not None and "氢能" in q.topic.unknown


@pytest.mark.parametrize("question", ["2026年的重点任务有哪些", "明年老旧小区改造多少个", "住建局局长是谁",
                                      "发改局的联系电话是多少"])
def test_reasons_the_notices_cannot_answer_are_found_while_reading(read, question):
    assert read(question).out_of_scope


def test_a_place_the_notices_never_name_is_unknown(read):
    assert "薛城区" in read("薛城区老旧小区今年改几个").topic.places


def test_words_inside_a_pasted_draft_sentence_never_shape_the_question(read):
    q = read("“组织企业参加了深圳文博会、青岛数字文化应用产品交易大会等展会”，这条算哪项任务，牵头单位是谁")
    assert q.field == "lead" and q.figure_kind is None  # 数字 inside the quote asks for no figure
    assert not q.topic.unknown  # 文博会 is the draft's word, not a topic the notice lacks


def test_everyday_words_and_typos_map_to_the_notice_s_words(read):
    assert "儿童" in read("小孩打疫苗的目标是多少").topic.terms
    assert "农田" in read("高标准农天 亩数").topic.terms


def test_a_figure_word_in_the_topic_is_not_a_figure_asked_for(read):
    q = read("进口企业争取上级资金补贴这项，责任单位是哪些")
    assert q.field == "responsible" and q.figure_kind is None


def test_an_english_unit_name_is_read_through_the_dictionary(read):
    q = read("Which tasks does the agriculture and rural affairs bureau lead?")
    assert units(q) == [("区农业农村局", "lead", None)]
    assert q.ask is Ask.LIST


def test_roles_listed_together_are_the_units_roles_not_a_property_of_the_tasks(read):
    q = read("财政局在哪些任务里有分工？责任单位和按职责分工负责的都要")
    assert not q.has(PredicateFilter)
    assert read("哪些任务是按职责分工负责的").has(PredicateFilter)


def test_all_roles_count_said_once_applies_to_every_unit(read):
    q = read("自然资源局和生态环境分局同时出现的任务有哪些，牵头、配合都算")
    assert units(q) == [("区自然资源局", "any", None), ("区生态环境分局", "any", None)]
    assert q.unit_mode == "all"


@pytest.mark.parametrize("question", [
    "Which tasks does the district Bureau of Science and Technology lead?",
    "What does the District Housing and Urban-Rural Development Bureau lead?",
])
def test_the_words_of_an_english_unit_name_are_the_unit_not_a_topic(read, question):
    q = read(question)
    assert len(units(q)) == 1 and q.topic is None


def test_an_english_noun_is_looked_up_by_the_verb_it_comes_from(read):
    q = read("Which bureau leads the renewal of the city?")  # renewal → to renew → 更新
    assert q.topic is not None and "更新" in q.topic.terms


@pytest.mark.parametrize(("question", "asked", "in_unit_ask"), [
    ("临滕高速什么时候通车", ("通车",), ()),
    # 氢 is in no notice, and 氢能产业 is another of the 产业 they name (锂电产业): no task is about it
    ("氢能产业发展是哪个部门牵头？", ("氢能",), ()),
    ("枣菏高速山亭段的征地拆迁由哪个单位负责？", ("枣菏",), ()),  # (枣 + 菏 as jieba split them: one name)
    ("生猪稳产保供、能繁母猪存栏这个活儿谁负责", (), ("存栏",)),  # a word, not another thing's name
    ("有家企业来咨询扶持方向，文件里预制菜这块是哪个部门牵头的？", (), ()),  # 咨询: background
])
def test_unknown_words_are_sorted_by_the_clause_they_stand_in(read, question, asked, in_unit_ask):
    topic = read(question).topic
    assert topic is not None and topic.unknown
    assert (topic.unknown_asked, topic.unknown_in_unit_ask) == (asked, in_unit_ask)


@pytest.mark.parametrize(("question", "number"), [("55项的牵头单位是谁", 55), ("88条说的什么内容", 88),
                                                  ("28号文55项谁牵头", 55)])
def test_a_bare_item_number_opening_the_question_names_a_task(read, question, number):
    assert read(question).has(TaskFilter)
    assert next(f for f in read(question).filters if isinstance(f, TaskFilter)).numbers == (number,)


def test_a_count_of_items_is_not_a_task_number(read):
    assert not read("3项任务是哪些").has(TaskFilter)


def test_dou_after_several_units_means_each_of_them_but_dou_you_naxie_asks_each_ones_list(read):
    assert read("自然资源局和生态环境分局都有参与的任务是哪些").unit_mode == "all"
    assert read("科技局和工信局都有哪些任务").unit_mode == "each"


@pytest.mark.parametrize(("question", "scope"), [("发改局牵头几项？联合牵头的也算", "lead"),
                                                 ("民政局牵头的任务，配合的也算，一共几项", "any")])
def test_yesuan_includes_what_the_words_before_it_say(read, question, scope):
    assert units(read(question))[0][1] == scope


def test_a_property_after_a_units_role_is_a_property_of_the_tasks(read):
    q = read("商务局牵头、同时又有责任单位配合的任务有哪些")
    assert units(q) == [("区商务和投资促进局", "lead", None)]
    assert any(isinstance(f, PredicateFilter) and f.predicate == "has_support" for f in q.filters)


def test_no_units_at_all_is_its_own_property(read):
    q = read("哪些任务后面没有标注任何牵头单位或责任单位")
    assert [f.predicate for f in q.filters if isinstance(f, PredicateFilter)] == ["no_units"]


def test_an_english_unit_name_takes_its_title_case_words_and_the_words_around_it(read):
    q = read("List all tasks led by the district Bureau of Agriculture and Rural Affairs.")
    assert units(q) == [("区农业农村局", "lead", None)]
    assert q.topic is None  # district, Affairs: the name's words, no topic


def test_a_clause_that_points_into_the_notice_is_the_request_whoever_says_it(read):
    q = read("下周开调度会，领导要我们把第十部分的所有任务和牵头单位准备好，都有哪些？")
    assert q.has(SectionFilter)


def test_the_askers_unit_in_the_background_brings_the_unit_not_the_words_of_their_job(read):
    q = read("我在区财政局负责对接这项工作，领导问我们局被列为牵头单位或者责任单位的一共有哪些任务，帮忙梳理一下")
    assert units(q) == [("区财政局", "any", None)] and q.topic is None


def test_the_notices_title_words_beside_a_unit_name_the_notice_not_a_topic(read):
    q = read("我是区住建局的，领导让我整理一下今年绿色低碳高质量发展重点任务里我们局牵头的活，都有哪些？")
    assert units(q) == [("区住房和城乡建设局", "lead", None)] and q.topic is None


def test_units_counted_beside_a_joint_lead_are_the_propertys_number(read):
    q = read("第二部分里由两个单位联合牵头的任务")
    assert [(f.predicate, f.n, f.op) for f in q.filters if isinstance(f, PredicateFilter)] == [("lead_count", 2, "eq")]
    assert q.topic is None


def test_a_topic_word_before_lingyu_is_no_section_unless_a_list_is_asked(read):
    assert not read("政府采购领域信用建设由哪个部门负责？").has(SectionFilter)
    assert read("扩大内需那块有哪些任务").has(SectionFilter)


def test_a_latin_word_in_a_chinese_question_is_a_term_or_an_unknown_as_the_notices_say(read):
    q = read("山亭区2023年GDP增长目标是多少")
    assert q.topic is not None and q.topic.unknown_asked == ("GDP",)  # said as asked; no notice holds it
    assert not read("5G基站建设谁负责牵头？").topic.unknown


def test_the_figure_kind_is_the_cue_next_to_what_is_asked(read):
    assert read("固定资产投资要增长多少？").figure_kind == "percent"  # 投资 is the topic, 增长多少 the ask
    assert read("老旧小区改造投资多少钱").figure_kind == "money"


def test_how_far_a_task_has_got_is_not_in_a_task_list(read):
    assert read("2022年山亭区重点任务完成得怎么样？").out_of_scope


def test_what_a_task_costs_is_answered_only_where_its_task_states_it(seed_hash_assistant):
    assert seed_hash_assistant.ask("老旧小区改造的预算是多少").abstained  # 预算 is in the notice, not in task 26


# ---- what a question does not ask (dev2 classes) ---------------------------------------------------

@pytest.mark.parametrize(("question", "expected"), [
    ("Which tasks does the Finance Bureau lead (as lead unit, not as a supporting unit)?", [("区财政局", "lead", None)]),
    ("In which tasks does the Natural Resources Bureau appear only as a responsible unit rather than a lead unit?",
     [("区自然资源局", "cooperate", "lead")]),
    ("财政局作为责任单位而不是牵头单位的任务有哪些", [("区财政局", "cooperate", "lead")]),
])
def test_a_role_said_in_the_negative_is_excluded_not_asked(read, question, expected):
    q = read(question)
    assert units(q) == expected
    assert not (q.topic and q.topic.terms)


def test_a_capitalised_english_unit_name_is_consumed_whole(read):
    q = read("List every task led by the Urban and Rural Water Affairs Bureau.")
    assert units(q) == [("区城乡水务局", "lead", None)] and q.topic is None


def test_an_english_office_word_must_fit_the_units_name(read):
    q = read("Who is responsible for task 50 on building a service-oriented digital government?")
    assert units(q) == [] and [f.numbers for f in q.filters if isinstance(f, TaskFilter)] == [(50,)]


def test_header_cues_are_matched_longest_first_across_fields(read):
    assert read("Who issued this notice?").header == ("issuer",)
    assert read("When was this notice issued and what is its document number?").header == ("doc_id", "date")
    assert read("Who issued this notice, and is it meant to be publicly released?").header == ("issuer", "disclosure")


def test_a_figure_that_names_the_task_beside_a_who_question_is_not_asked(read):
    q = read("固定资产投资增长10%这项目标由哪个单位牵头？")
    assert q.field != "figure" and q.figure_kind is None


def test_a_town_the_notice_names_is_kept_for_the_answer_to_state(read):
    q = read("北庄镇2023年要新建多少亩高标准农田？")
    assert q.towns == ("北庄镇",) and q.field == "figure"
    assert read("各镇街要新建多少亩高标准农田？").towns == ()


def test_a_year_of_a_cited_document_number_is_no_year_the_notice_speaks_of(read):
    assert read("山亭区2022年完成了多少个工业技改项目？").out_of_scope.startswith("2022年")


def test_words_of_a_tables_row_and_of_the_notices_parts_shape_the_question(read):
    assert [f.numbers for f in read("序号26是什么任务？").filters if isinstance(f, TaskFilter)] == [(26,)]
    q = read("跟农村生活污水有关的任务有哪些？")
    assert q.topic is not None and q.topic.terms == ("农村生活污水",) and not q.topic.unknown and not q.topic.places
    q = read("区财政局作为责任单位的任务有哪些，列全")
    assert units(q) == [("区财政局", "cooperate", None)] and q.topic is None
    q = read("重点任务分解表中“城市更新”由哪些单位负责？")
    assert q.topic is not None and not q.topic.unknown


# ---- dev3 classes: names asked, background time, a unit named twice, what is only included -----------

@pytest.mark.parametrize(("question", "kind"), [
    ("新增的2所普惠性幼儿园是哪两所", "幼儿园"),
    ("净水鱼苗具体在哪个水库放流？", "水库"),
    ("造林800亩具体分到哪些镇街？", "镇街"),
    ("哪个部门牵头老旧小区改造", ""),
    ("哪个中心牵头智慧社区", ""),
    ("汉诺庄园综合体是哪一年开工", ""),
])
def test_names_of_a_kind_asked_are_the_instance_not_a_list(read, question, kind):
    q = read(question)
    assert q.instance == kind
    if kind:
        assert q.ask is not Ask.LIST


def test_the_askers_day_in_background_is_no_other_period(read):
    assert not read("上周开会说污水处理厂要改扩建，今天有群众来电问。建成后处理能力能到多少？").out_of_scope
    assert read("明天山亭天气怎么样").out_of_scope
    assert read("明年高新技术企业的目标是多少家").out_of_scope


def test_a_unit_named_again_is_never_a_topic(read):
    q = read("我在给民政局写材料，要把民政局牵头的任务都列出来。民政局牵头的有哪些？")
    assert units(q) == [("区民政局", "lead", None)] and not (q.topic and q.topic.terms)


@pytest.mark.parametrize("question", ["民政局牵头的任务都列出来，联合牵头的也算", "区文化和旅游局牵头的任务有哪些（包括共同牵头）？"])
def test_a_property_said_to_be_included_restricts_nothing(read, question):
    q = read(question)
    assert not q.has(PredicateFilter) and q.ask is Ask.LIST


def test_a_target_asked_without_a_list_is_a_figure_of_the_task(read):
    q = read("城区居民小区垃圾分类设施有没有目标，覆盖率要达到多少？")
    assert not q.has(PredicateFilter) and q.field == "figure"
    assert read("哪些任务有具体目标？").has(PredicateFilter)


def test_a_verb_made_a_measure_is_a_topic_word_the_notice_lacks(read):
    q = read("生猪出栏量目标是多少")
    assert q.topic is not None and any("出栏" in u for u in q.topic.unknown)  # 出栏 or 出栏量


def test_how_the_public_applies_is_not_in_a_task_list(read):
    assert read("申请适老化改造需要满足什么申请条件？").out_of_scope


def test_words_that_only_shape_a_question_make_no_topic_even_as_one_word(read):
    q = read("区科技局作为牵头单位的具体措施有哪些？")
    assert units(q) == [("区科学技术局", "lead", None)] and q.topic is None


def test_a_count_word_before_the_thing_counted_asks_a_figure(read):
    assert read("今年要实施多少项工业技改项目？").ask is not Ask.COUNT
    assert read("区科技局牵头多少项任务？").ask is Ask.COUNT


@pytest.mark.parametrize(("question", "kind"), [
    ("区农业农村局牵头的任务里，哪些和渔业、水产有关？", ""),  # 哪些 then a particle: tasks are listed
    ("这个项目由哪个片区管理局组织实施？", ""),  # an office: who is asked
    ("汉诺庄园综合体是哪家公司投资建设的？", "公司"),
])
def test_the_kind_asked_is_the_nouns_right_after_which(read, question, kind):
    assert read(question).instance == kind


def test_which_numbered_task_is_not_a_count(read):
    assert read("“组织企业申报国家级绿色工厂”——这句属于第几项任务？").ask is not Ask.COUNT


def test_a_kind_of_province_is_no_wider_area(read):
    assert not read("工作成效明显的省份由哪个部门负责激励？").area


def test_the_notice_named_by_its_kind_is_no_topic(read):
    q = read("这份实施意见第五部分一共列了几项任务？")
    assert q.has(SectionFilter) and q.ask is Ask.COUNT and not (q.topic and q.topic.terms)
    assert read("本区国土空间规划由谁牵头？").topic is not None  # 本区…: a place, not the notice


def test_an_english_office_word_asked_about_names_no_unit(read):
    q = read("Which bureau leads the sewage treatment plant expansion?")
    assert units(q) == [] and q.topic is not None and any("污水" in t for t in q.topic.expansions)


def test_alternatives_said_to_count_alike_restrict_nothing(read):
    # 不管…还是… over one role: the role stays, the alternatives (sole or joint lead) are no filter
    q = read("不管是单独牵头还是和别的单位一起牵头的都要列上，请把区科学技术局牵头的任务列出来")
    assert units(q) == [("区科学技术局", "lead", None)] and not q.has(PredicateFilter)
    # … but alternatives of topics are topics (不管是老旧小区还是棚户区)
    q = read("不管是老旧小区还是棚户区，改造谁牵头")
    assert q.topic is not None and "老旧小区还是棚户区" in q.topic.text


def test_a_property_to_mark_in_a_list_is_no_filter(read):
    q = read("请把区科学技术局牵头的所有任务列出来，并说明哪几项是和其他单位共同牵头的")
    assert not q.has(PredicateFilter) and units(q) == [("区科学技术局", "lead", None)]


def test_a_sentence_closed_by_a_full_stop_before_the_question_is_background(read):
    # 要去几个水库 and 书记问我是哪个部门牵头的 state something; the asker's ? marks the question
    q = read("我们下周要去几个水库对接增殖放流，上周局长在会上说数字不能报错。请问今年放流净水鱼苗的目标是多少？")
    assert q.background and not q.out_of_scope and q.field == "figure"


def test_this_section_in_the_question_is_the_one_its_background_named(read):
    q = read("我们要给区长报第二部分的进展。请把这一部分中区工业和信息化局牵头的任务列出来")
    assert [f.sections for f in q.filters if isinstance(f, SectionFilter)] == [(("", 2),)]


@pytest.mark.parametrize(("question", "by", "rank", "role"), [
    ("哪个单位牵头的任务数量最多？", "unit", "most", "lead"),
    ("11个部分里哪一部分的任务最多？", "section", "most", "any"),
    ("Which sections of the notice have the fewest tasks?", "section", "least", "any"),
])
def test_units_or_sections_ranked_by_their_tasks(read, question, by, rank, role):
    g = read(question).group
    assert g is not None and (g.by, g.rank, g.role) == (by, rank, role)


def test_a_task_asked_by_its_most_units_is_no_group(read):
    q = read("哪项任务的牵头单位最多？")
    assert q.group is None and [f.predicate for f in q.filters if isinstance(f, PredicateFilter)] == ["most_leads"]


@pytest.mark.parametrize(("question", "expected"), [
    ("哪些任务的责任单位里没有发改局？", [("区发展和改革局", "cooperate", True)]),
    ("发改局没有参与的任务有哪些", [("区发展和改革局", "any", True)]),
    ("哪几条没有写“区财政局”", [("区财政局", "any", True)]),
    ("有没有发改局牵头的任务", [("区发展和改革局", "lead", False)]),  # a yes/no question, not an absence
    ("发改局牵头、没有财政局参与的任务", [("区发展和改革局", "lead", False), ("区财政局", "any", True)]),
])
def test_a_unit_said_absent_is_read_as_absent(read, question, expected):
    q = read(question)
    assert [(f.unit, f.scope, f.absent) for f in q.filters if isinstance(f, UnitFilter)] == expected
    assert len(expected) == 1 or q.unit_mode == "all"


def test_a_cue_word_inside_a_compound_the_notice_writes_is_not_the_figure_kind(make_notice, tmp_path):
    from conftest import HashEmbedder

    from rag import Assistant

    path = make_notice(topic="研发投入强度")
    reader = Assistant.open(path.parent, tmp_path / "index", embedder=HashEmbedder())._s.answerer.reader
    assert reader.read("研发投入强度要达到多少").figure_kind != "money"  # 投入 modifies 强度, a ratio
    assert reader.read("研发投入要多少钱").figure_kind == "money"


def test_a_person_who_asks_is_background_not_what_is_asked(read):
    assert read("局长问我们局到底牵头了哪些任务？住建局的").out_of_scope == ""
    assert read("局长要求把住建局牵头的任务全部列出来").ask is Ask.LIST
    assert read("住建局局长是谁").out_of_scope  # asked about: the notice names no person


def test_units_named_in_the_background_are_what_these_two_units_means(read):
    q = read("区委宣传部和区文化和旅游局准备开一个协调会。领导想知道这两个部门同时作为牵头单位的任务都有哪些，好提前分工。")
    assert units(q) == [("区委宣传部", "lead", None), ("区文化和旅游局", "lead", None)]
    assert q.unit_mode == "all" and not q.has(PredicateFilter)
    assert not (q.topic and q.topic.unknown)  # 好提前分工 says what the answer is for


def test_a_closing_ask_with_nothing_of_its_own_takes_the_question_before_it(read):
    q = read("我是镇农业办的，领导让我问一下今年高效节水灌溉农田的每亩补助标准是多少，我们要提前做预算。文件里有写吗？")
    assert q.figure_kind == "money" and q.topic and "节水" in "".join(q.topic.terms)
    # … but a closing ask after background that asks nothing keeps that background as background
    assert read("我在准备汇报材料。老旧小区改造谁牵头？").background


def test_an_english_unit_name_in_lower_case_is_taken_whole(read):
    q = read("what tasks does the big data center lead?")
    assert units(q) == [("区大数据中心", "lead", None)] and q.topic is None


def test_the_whole_city_in_a_city_s_notice_is_its_own_area(tmp_path):
    from conftest import HashEmbedder, notice_text

    from rag import Assistant

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = notice_text().replace("测试区人民政府办公室", "莆田市人民政府办公室").replace("关于印发测试区", "关于印发莆田市")
    (corpus / "city.txt").write_text(text, encoding="utf-8")
    reader = Assistant.open(corpus, tmp_path / "index", embedder=HashEmbedder())._s.answerer.reader
    assert reader.read("全市数字乡村建设任务要完成多少个").area == ""
    assert reader.read("全省数字乡村建设任务要完成多少个").area == "全省"


def test_a_unit_s_other_name_in_brackets_is_the_unit_s_not_a_topic(read):
    for question in ("住房和城乡建设局（住建局）牵头哪些任务", "住建局（住房和城乡建设局）牵头哪些任务"):
        q = read(question)
        assert units(q) == [("区住房和城乡建设局", "lead", None)] and not (q.topic and q.topic.terms)


def test_an_abbreviation_beside_its_full_name_takes_the_full_name_too():
    from rag.understand import _Spans, _take_other_name

    s = _Spans("人民银行（人行）负责哪些任务")
    s.take(5, 7)
    _take_other_name(s, 5, 7)
    assert s.rest().strip().startswith("负责") and "人民银行" not in s.rest()
    s = _Spans("人民银行（公安局）负责哪些任务")  # another unit in brackets: not its other name
    s.take(5, 8)
    _take_other_name(s, 5, 8)
    assert "人民银行" in s.rest()


def test_two_sections_named_by_their_titles_together(read):
    q = read("创新驱动发展战略和新旧动能转换两部分一共有几项任务")
    assert [n for f in q.filters if isinstance(f, SectionFilter) for _, n in f.sections] == [1, 2]


def test_roles_listed_in_brackets_restrict_nothing(read):
    q = read("财政局在这份文件里参与了哪些工作（牵头、配合或责任）？")
    assert units(q) == [("区财政局", "any", None)] and not (q.topic and q.topic.terms)
    q = read("财政局牵头的任务（老旧小区、棚户区）有哪些")  # topics in brackets stay topics
    assert q.topic and q.topic.terms


def test_a_term_the_notice_spells_out_in_full_matches_its_full_form_too(read):
    q = read("跟传染病有关的任务有哪些")
    assert any("传染病" in g and "传染性疾病" in g for g in q.topic.groups)


def test_an_english_question_naming_a_place_in_pinyin_finds_its_chinese_name(read):
    q = read("Which task covers the Yanma Reservoir water diversion project?")
    assert any("岩马" in g for g in q.topic.groups)
    assert not any("岩马" in g for g in read("Which task covers the reservoir water diversion project?").topic.groups)


def test_a_compound_the_notices_never_write_is_out_of_scope_though_its_words_are_in_them(read):
    # jieba cuts 充电桩 into 充电 + 桩; 食品安全 is two words of the notice that never stand together
    assert "充电桩" in read("新能源汽车充电桩建设是哪个单位牵头？").topic.unknown
    assert "食品安全" in read("校园食品安全是哪个部门牵头").topic.unknown
    # … while words that do stand together somewhere (医疗 … 卫生) stay a topic
    assert not read("医疗卫生方面有哪些任务").topic.unknown


@pytest.mark.parametrize("question", ["商务局牵头的任务里，哪些还配了责任单位？", "商务局牵头并且有责任单位配合的任务"])
def test_tasks_that_also_name_responsible_units_are_a_property_beside_the_unit_s_role(read, question):
    q = read(question)
    assert [(f.unit, f.scope) for f in q.filters if hasattr(f, "scope")] == [("区商务和投资促进局", "lead")]
    assert any(getattr(f, "predicate", "") == "has_support" for f in q.filters)


def test_whether_a_task_names_a_field_is_asked_of_the_task_not_a_filter(read):
    q = read("老旧小区改造有没有写责任单位")
    assert not any(getattr(f, "predicate", "") for f in q.filters) and q.field == "responsible"


def test_the_asker_s_own_office_in_the_background_does_not_constrain_who_leads(read):
    q = read("我是区人民医院办公室的。院里要按二级医院感染疾病科的标准补齐硬件和人员。请问这是哪一条任务，牵头单位是谁？")
    assert not q.units() and q.field == "lead" and "医院" in q.topic.terms


@pytest.mark.parametrize("question", ["生态环境分局和其他单位联合牵头的有哪几条？", "牵头单位在三个及以上的任务有哪些？"])
def test_how_many_units_lead_is_read_in_more_wordings(read, question):
    assert any(getattr(f, "predicate", "") in ("several_leads", "lead_count") for f in read(question).filters)


def test_a_list_word_before_a_field_word_asks_the_field_not_a_list(read):
    q = read("垃圾分类谁牵头？有什么指标？")  # 有什么 determines 指标: the figure of the task, in a clause of its own
    assert q.ask is Ask.BEST and q.field == "figure" and "units" in q.also


@pytest.mark.parametrize("question, field, also", [
    ("老旧小区改造谁牵头，什么时候完成，改造多少个？", "deadline", ("units", "figure")),
    ("老旧小区改造的牵头单位和完成时限", "deadline", ("units",)),  # a role word with no unit named asks the units
    ("垃圾分类这项，牵头是谁，目标是什么", "figure", ("units",)),  # 目标 in a clause of its own that asks
    ("第26项在第几部分，什么时候完成？", "deadline", ("section",)),
])
def test_several_fields_asked_at_once_are_all_read(read, question, field, also):
    q = read(question)
    assert q.ask is Ask.BEST and q.field == field and q.also == also


def test_a_role_word_beside_a_named_unit_asks_no_units(read):
    q = read("住建局牵头的那项什么时候完成")
    assert "units" not in q.also


def test_a_figure_word_beside_who_in_one_clause_only_names_the_task(read):
    q = read("增长10%这项目标由哪个单位牵头")
    assert q.field == "lead" and not q.also


def test_a_quoted_character_is_searched_as_written(read):
    q = read("涉及“锂”的任务有哪些？")
    assert q.ask is Ask.LIST and q.topic and "锂" in q.topic.terms


def test_english_shape_words_in_any_form_are_no_topic(read):
    q = read("What does the Housing and Urban-Rural Development Bureau lead, and what are the targets?")
    assert q.ask is Ask.LIST and q.units() and q.topic is None


def test_a_district_before_a_word_ending_in_shi_is_no_wider_area(read):
    q = read("山亭区入市交易的试点谁负责？")  # 入市 (market entry) after the district: no city named 亭区入市
    assert q.area == "" and not (q.topic and q.topic.places)


def test_which_section_a_task_is_in_is_not_how_many_sections_there_are(read):
    q = read("垃圾分类在第几部分")
    assert q.field == "section" and q.ask is not Ask.HEADER
    assert read("这个通知分几部分").header == ("sections",)


def test_the_text_of_a_task_is_asked_by_its_original_wording(read):
    assert read("第20项的原文发我看看").field == "text"


def test_a_question_word_before_a_common_noun_is_no_place_name(read):
    q = read("哪一项讲乡村旅游")
    assert q.topic is not None and not q.topic.places and "乡村" in q.topic.terms


@pytest.mark.parametrize("question, section", [
    ("How many tasks are in the section on the Yellow River national strategy?", 5),  # a phrase, a word between
    ("What does the section on rural revitalization contain?", 6),  # one phrase of four characters
    ("Which tasks are in the section on deepening reform and opening up?", 7)])
def test_an_english_section_named_by_its_title(read, question, section):
    q = read(question)
    assert [k for f in q.filters if isinstance(f, SectionFilter) for _, k in f.sections] == [section]
    assert q.topic is None or not q.topic.terms


@pytest.mark.parametrize("question", ["哪些任务写了完成时间", "哪些任务有明确的时间节点", "Which tasks have a deadline?"])
def test_tasks_that_state_a_time_are_a_predicate(read, question):
    q = read(question)
    assert [f.predicate for f in q.filters if isinstance(f, PredicateFilter)] == ["has_date"] and q.ask is Ask.LIST
    assert q.topic is None or not q.topic.terms


def test_a_quoted_word_asked_for_as_written_is_searched_even_if_it_shapes_questions(read):
    q = read("涉及“数字”的任务有哪些")
    assert q.topic is not None and q.topic.terms == ("数字",) and q.ask is Ask.LIST


def test_a_measure_word_after_how_many_is_the_questions_not_the_topics(read):
    q = read("今年要完成多少户适老化改造")
    assert q.topic is not None and not q.topic.unknown and "老化" in q.topic.terms
    assert not read("请问老旧小区改造今年要改多少个小区").topic.places  # 改 + 小区, apart in the question, is no place


@pytest.mark.parametrize("question, field", [("老旧小区改造有配合单位吗？", "responsible"), ("第88项有牵头单位吗", "lead")])
def test_a_property_asked_yes_or_no_of_one_task_asks_its_field(read, question, field):
    q = read(question)
    assert q.ask is Ask.BEST and q.field == field and not q.has(PredicateFilter)


@pytest.mark.parametrize("question", ["哪些任务有配合单位", "有配合单位的任务有哪些"])
def test_a_property_of_tasks_asked_as_a_list_stays_a_list(read, question):
    q = read(question)
    assert q.ask is Ask.LIST and q.has(PredicateFilter)


@pytest.mark.parametrize("question", ["Who leads the old residential area renovation?",
                                      "Who leads the renovation of old neighborhoods?"])
def test_english_names_of_old_residential_areas_gloss_the_notices_word(read, question):
    assert "老旧小区" in read(question).topic.expansions


@pytest.mark.parametrize("question, topic", [("发改局牵头的任务里涉及项目的", ("项目",)), ("其中跟项目有关的是哪几项", ("项目",)),
                                             ("哪个项目由住建局牵头", ()), ("这个项目谁牵头", ()), ("金按工程", ())])
def test_a_word_for_a_task_is_the_topic_only_when_said_as_what_tasks_are_about(read, question, topic):
    q = read(question)
    assert (q.topic.terms if q.topic else ()) == topic


def test_a_units_tasks_searched_among_are_a_list_unless_one_is_asked(read):
    assert read("发改局牵头的任务里涉及项目的").ask is Ask.LIST
    assert read("住建局牵头的任务里哪项跟绿色低碳有关").ask is Ask.BEST


def test_a_rate_asked_keeps_what_it_is_a_rate_of_as_the_topic(read):
    q = read("接种率要达到多少")
    assert q.figure_kind == "percent" and q.topic is not None and "接种" in q.topic.terms


@pytest.mark.parametrize("question, scope", [("除了牵头，交通局还作为责任单位参与了哪些", "cooperate"),
                                             ("除了牵头的任务，发改局还参与了哪些", "support")])
def test_a_role_set_aside_before_another_is_asked_is_excluded(read, question, scope):
    (unit,) = read(question).units()
    assert unit.scope == scope and unit.exclude == "lead"


@pytest.mark.parametrize("question", ["高标准农田什么时候建完", "高标准农田啥时候修好"])
def test_a_verb_with_its_result_is_the_questions_predicate_not_a_topic(read, question):
    q = read(question)
    assert q.field == "deadline" and q.topic is not None and not q.topic.unknown and "高标准农田" in "".join(q.topic.terms)


def test_roles_enumerated_in_brackets_and_all_counted_are_any_role(read):
    q = read("我们中心写到的任务（牵头的、共同牵头的、按职责分工负责的都算）有哪些？区大数据中心")
    assert [(f.unit, f.scope) for f in q.units()] == [("区大数据中心", "any")]


@pytest.mark.parametrize(("question", "kind"), [
    ("老旧小区改造的财政补助标准是每平方米多少元？", "money"),  # 每平方米: what the sum is per, not what is asked
    ("生猪出栏多少吨？", "weight"),
])
def test_the_measure_asked_is_the_one_after_the_question_word(read, question, kind):
    assert read(question).figure_kind == kind


def test_a_title_written_out_is_the_topic_and_shapes_nothing(read):
    q = read("全力推进服务型数字政府建设由谁负责")  # 数字 of the title asks no figure
    assert q.figure_kind is None and q.topic is not None and "服务型数字政府" in q.topic.terms


def test_a_title_written_out_wins_over_a_number_that_is_not_its_own(read):
    q = read("第3项“全力推进服务型数字政府建设”的责任单位")  # the title is task 50's
    assert not q.has(TaskFilter) and q.field == "responsible"


@pytest.mark.parametrize(("question", "number"), [
    ("53条责任单位呢", 53), ("14条具体要干什么", 14), ("86条里说要用好的那个省级平台叫啥", 86), ("那78项呢", 78),
])
def test_a_bare_item_number_opening_the_question_is_a_task(read, question, number):
    assert [f.numbers for f in read(question).filters if isinstance(f, TaskFilter)] == [(number,)]


@pytest.mark.parametrize("question", ["3项任务由发改局牵头吗", "10条以上的任务是谁牵头", "5项重点工作谁牵头"])
def test_a_count_of_items_opening_the_question_is_no_task_number(read, question):
    assert not read(question).has(TaskFilter)


def test_a_word_for_items_is_no_topic(read):
    q = read("农业农村局牵头的是哪些条目？")
    assert q.ask is Ask.LIST and units(q) == [("区农业农村局", "lead", None)] and not (q.topic and q.topic.unknown)


def test_a_known_word_with_a_quantitys_ending_names_the_figure_asked(read):
    q = read("造林和森林抚育的任务量分别是多少亩")
    assert q.topic and not q.topic.unknown and "造林" in q.topic.terms
    # … but not a word the notice never writes: its figure may be one the notice does not give
    assert "出栏量" in read("生猪出栏量是多少").topic.unknown


def test_a_document_the_notice_cites_is_found_by_its_description(read, seed_hash_assistant):
    basis = seed_hash_assistant.notices[0].basis
    q = read("省委省政府那个先行区三年行动计划是鲁发几号")
    assert q.ask is Ask.HEADER and q.header == ("cited",) and q.cited == (basis[0],)
    both = read("我写材料要引用市里的两个文件：市委市政府的三年行动计划、市政府办公室的2023年重点工作任务，文号分别是？")
    assert both.cited == (basis[1], basis[2])
    own = read("这个通知的文号是多少")  # the notice's own number: no cited document is described
    assert own.header == ("doc_id",) and not own.cited
    task = read("第59项引用的文件文号是多少")
    assert task.cited and "鲁政字〔2021〕64号" in task.cited[0]
    assert not read("第59项的名称是什么").cited  # the task's own title


def test_a_cited_document_is_answered_with_where_the_notice_cites_it(seed_hash_assistant):
    a = seed_hash_assistant.ask("RCEP先期行动计划是哪个文件，文号多少")
    assert "鲁政字〔2021〕64号" in a.answer and "第59项" in a.answer and [c.task for c in a.citations] == [59]
    b = seed_hash_assistant.ask("开头引用的省委省政府“绿色低碳高质量发展先行区三年行动计划”是哪个文号")
    assert "鲁发〔2022〕19号" in b.answer and "开头" in b.answer and not b.abstained


@pytest.mark.parametrize("question", ["生态环境分局都管哪些事（含当责任单位的）", "财政局牵头的任务有哪些，包括配合的"])
def test_a_supporting_role_said_included_before_it_asks_any_role(read, question):
    assert [f.scope for f in read(question).filters if isinstance(f, UnitFilter)] == ["any"]


@pytest.mark.parametrize("question", ["第六部分哪些任务不是农业农村局牵头的", "第六部分里不是农业农村局牵头的是哪条"])
def test_a_unit_said_not_to_hold_a_role_asks_the_tasks_without_it(read, question):
    q = read(question)
    assert [(f.unit, f.scope, f.absent) for f in q.units()] == [("区农业农村局", "lead", True)] and q.ask is Ask.LIST


def test_is_it_not_led_by_is_still_a_yes_or_no(read):
    assert not any(f.absent for f in read("老旧小区改造是不是住建局牵头的？").filters if isinstance(f, UnitFilter))
    assert read("第26项不是发改局牵头的吗").claim


def test_a_property_said_absent_restates_the_question_and_filters_nothing(read):
    q = read("区委宣传部单独牵头（没有其他共同牵头单位）的任务有哪些？")
    assert [(f.predicate, f.n) for f in q.filters if isinstance(f, PredicateFilter)] == [("lead_count", 1)]


def test_a_word_saying_only_this_is_wanted_is_no_topic(read):
    q = read("发改局和其他单位共同牵头的任务有哪些？只要联合牵头的。")
    assert not (q.topic and q.topic.terms) and [f.predicate for f in q.filters if isinstance(f, PredicateFilter)] == [
        "several_leads"]


@pytest.mark.parametrize(("question", "numbers"), [("第5、8条谁牵头", (5, 8)), ("第26和34项是谁牵头", (26, 34)),
                                                   ("第一和第三项分别是哪个单位牵头？", (1, 3))])
def test_two_numbers_sharing_one_mark_are_each_a_task(read, question, numbers):
    assert [f.numbers for f in read(question).filters if isinstance(f, TaskFilter)] == [numbers]


@pytest.mark.parametrize("question", ["重点区域生态补水放在哪个大的部分下面？", "医疗大数据应用放在哪个大标题下面"])
def test_which_big_part_or_heading_asks_the_section(read, question):
    assert read(question).field == "section"


def test_the_words_after_the_section_on_are_the_sections_title(read):
    # "promoting" glosses to none of 扎实推进共同富裕's words, but stands in its title all the same
    q = read("How many tasks are listed under the section on promoting common prosperity?")
    assert [f.sections for f in q.filters if isinstance(f, SectionFilter)] == [(("山政办字〔2023〕28号", 9),)]
    assert not (q.topic and q.topic.terms) and q.ask is Ask.COUNT


def test_which_ones_of_a_counted_thing_with_words_between_are_its_names(read):
    # 2所 … 幼儿园具体是哪两所: the names of the kindergartens are asked, which task 75 does not give
    assert read("新增的那2所省级一类以上幼儿园具体是哪两所？").instance == "幼儿园"


@pytest.mark.parametrize("question", ["第40条讲的什么", "第40项说的是啥", "第40项写了什么"])
def test_what_a_task_says_asks_its_text(read, question):
    assert read(question).field == "text"


def test_a_parts_title_quoted_right_after_it_names_the_part(read):
    q = read("最后一部分“切实抓好组织实施”那几条写了牵头单位没有？都讲的啥")
    assert [f.sections for f in q.filters if isinstance(f, SectionFilter)] == [(("山政办字〔2023〕28号", 11),)]


@pytest.mark.parametrize("question", ["涉及“回头看”的任务", "提到储能的任务"])
def test_tasks_mentioning_a_topic_named_as_a_noun_phrase_are_a_list(read, question):
    q = read(question)
    assert q.ask is Ask.LIST and q.topic.mention


def test_tasks_related_to_a_topic_are_every_task_that_mentions_it(read, seed_hash_assistant):
    assert read("储能相关的任务有哪些").topic.mention
    a = seed_hash_assistant.ask("跟养老有关的任务都有哪些，列一下")  # 第27项 names 智慧养老 once: it is on the list
    assert [c.task for c in a.citations] == [27, 78, 79]
    q = read("卫健局牵头的里面跟疫情、传染病相关的是哪些")
    assert q.ask is Ask.LIST and units(q) == [("区卫生健康局", "lead", None)]


def test_which_ones_is_no_quantity_asked(read):
    q = read("这条的牵头单位我要填一下，是哪几家")
    assert q.field != "figure" and not q.figure_kind


def test_a_property_asked_of_a_task_named_by_number_is_its_field(read):
    q = read("第27项具体数字指标有哪些")
    assert q.ask is Ask.BEST and q.field == "figure" and not q.has(PredicateFilter)


def test_a_unit_of_another_level_is_not_the_districts_namesake(read, seed_hash_assistant):
    units_of = seed_hash_assistant.unit_directory.find_in
    assert [m.name for m in units_of("区政府办公室牵头什么")] == ["区政府办公室"]
    assert units_of("市政府办公室印发的那个文件") == [] and units_of("配合市住建局") == []
    q = read("市政府办公室印发的2023年重点工作任务那个文件号是多少？")  # a document the notice cites
    assert q.header == ("cited",) and "枣政办字〔2023〕13号" in q.cited[0]


def test_a_notice_named_by_its_number_is_the_notice_a_header_cue_asks_about(read):
    q = read("山政办字〔2023〕28号是哪天印发的")
    assert q.ask is Ask.HEADER and q.header == ("date",)


def test_a_latin_word_the_notice_writes_is_searched_as_it_is_in_english(read):
    q = read("Which tasks mention RCEP?")
    assert q.topic.term_groups() == (("rcep",),)


@pytest.mark.parametrize(("question", "scope"), [
    ("大数据中心涉及的任务有哪些？牵头的和按职责分工负责的都要", "any"),  # leading among the roles wanted
    ("生态环境分局牵头的任务（作为责任单位配合的不算）", "lead"),  # a role said not to count
    ("财政局牵头的任务，当责任单位的除外", "lead"),
])
def test_roles_wanted_together_or_said_not_to_count(read, question, scope):
    assert [f.scope for f in read(question).units()] == [scope]


def test_staff_drafting_words_are_no_topic(read):
    q = read("我要引用编制行政许可事项实施规范那条做依据，给我一个可以直接粘贴进材料的引用")
    assert q.cite and "行政许可事项" in q.topic.terms and "一个" not in q.topic.terms


def test_not_led_by_one_unit_alone_is_led_with_others(read):
    q = read("这几项里哪些不是它一家单独牵头的？")
    assert [(f.predicate, f.n, f.op) for f in q.filters if isinstance(f, PredicateFilter)] == [("several_leads", 2, "ge")]


def test_items_in_words_within_a_named_part_are_its_nth(read, seed_hash_assistant):
    q = read("深化改革扩大开放这块，第一项和最后一项分别是什么")
    assert q.ordinals == (1, -1) and not q.has(TaskFilter) and q.has(SectionFilter)
    assert [c.task for c in seed_hash_assistant.ask("深化改革扩大开放这块，第一项和最后一项分别是什么").citations] == [50, 59]
    assert read("第七部分第50项谁牵头").has(TaskFilter)  # a task of that part by its own number


def test_a_units_role_in_a_task_asked_is_the_tasks_units(read):
    q = read("融资担保、应急转贷扩大服务覆盖面那条，牵头是谁，金融服务中心是什么角色")
    assert q.field == "units" and not q.units() and q.ask is Ask.BEST


def test_which_units_lead_after_a_counted_thing_asks_who(read):
    q = read("打造2个智慧社区示范点这项任务是哪几个单位牵头的")
    assert not q.instance and q.field in ("lead", "units")
    assert read("“无废城市”建设、园区循环化改造那条是哪几家牵头的？").ask is Ask.BEST


def test_more_than_one_lead_unit_is_two_or_more(read):
    q = read("哪些任务的牵头单位不止一个？")
    assert [(f.predicate, f.n, f.op) for f in q.filters if isinstance(f, PredicateFilter)] == [("lead_count", 2, "ge")]


def test_units_named_as_alternatives_ask_the_tasks_units(read):
    q = read("老旧小区改造是住建局还是发改局牵头")
    assert q.field == "units" and not q.units()


def test_what_a_person_asks_about_is_the_questions_topic(read):
    q = read("领导问打造2个智慧社区示范点这个事，到底是民政局牵头还是大数据中心牵头？")
    assert q.field == "units" and "智慧社区" in "".join(q.topic.terms)


def test_a_short_name_said_without_its_ending_names_its_unit(read):
    assert units(read("发改牵头哪些任务")) == [("区发展和改革局", "lead", None)]
    assert units(read("住建和发改共同牵头的任务")) == [("区住房和城乡建设局", "lead", None), ("区发展和改革局", "lead", None)]


def test_leading_alone_said_not_wanted_is_leading_with_others(read):
    q = read("文旅局跟别的单位联合牵头的是哪几项？单独牵头的不要")
    assert units(q) == [("区文化和旅游局", "lead", None)]
    assert [f.predicate for f in q.filters if isinstance(f, PredicateFilter)] == ["several_leads"]


def test_a_property_asked_of_the_one_task_a_topic_names_is_its_field(read):
    q = read("疫情防控那条有哪些量化指标？")  # 那条: one task — its figures, not the tasks that have some
    assert q.ask is Ask.BEST and q.field == "figure" and not q.has(PredicateFilter)
    assert read("有数字指标的任务有哪些").ask is Ask.LIST


def test_a_plain_word_names_a_unit_only_beside_another_unit(read):
    q = read("特殊困难老年人家庭适老化改造是民政还是卫健牵头？")  # 民政 alone is no unit; beside 卫健 it is one
    assert q.field == "units" and not q.units() and "老化改造" in "".join(q.topic.terms)
    assert not read("交通拥堵的任务有哪些").units()


def test_a_citation_of_the_notice_itself_is_no_cited_document(read):
    q = read("汇报稿里写“加快推进庄里抽水蓄能电站建设”，帮我出个引用（文号+项号+任务名）")
    assert not q.cited and q.cite


@pytest.mark.parametrize("question", ["老旧小区改造目前已经完成了几个？进度怎么样？", "核芯光电申报省级重点实验室现在进展到哪一步了？",
                                      "中广核枣庄山亭二期项目最终有没有入选省2023年度储能示范项目名单？"])
def test_what_has_come_of_a_task_is_asked_of_no_plan(read, question):
    assert "实际进展或结果" in read(question).out_of_scope


@pytest.mark.parametrize("question", ["临沂至滕州高速公路建设，今年的进度要求是什么？", "老旧小区改造有没有完成时限",
                                      "我是城头镇的工作人员，听说我们镇入选了“十百千”示范工程创建名单，这个任务区里是谁牵头？"])
def test_what_a_task_asks_for_or_the_askers_own_news_is_no_outcome(read, question):
    assert not read(question).out_of_scope


def test_the_measure_after_how_many_names_the_kind_and_its_cue_is_no_topic(read):
    q = read("新增绿色建筑面积的目标是多少平方米？")
    assert q.figure_kind == "area" and "建筑面积" not in q.topic.terms
    assert read("今年全区进口额的目标是多少亿元？").figure_kind == "money"


def test_an_unknown_word_in_an_enumeration_stands_in_the_clause_that_asks(read):
    q = read("领导让我查一下重点任务里对充电桩、换电站建设有没有数量要求，谁牵头？")
    assert "充电桩" in q.topic.unknown_asked + q.topic.unknown_in_unit_ask


@pytest.mark.parametrize("question", ["储能 相关任务 都有哪些", "大运河有关的几条", "RCEP 相关任务"])
def test_tasks_related_to_a_topic_are_every_task_bearing_on_it(read, question):
    q = read(question)
    assert q.ask is Ask.LIST and q.topic and q.topic.mention


def test_a_topic_as_a_field_of_work_is_what_tasks_are_about(read):
    q = read("养老方面有哪些安排？")
    assert q.ask is Ask.LIST and q.topic and not q.topic.mention


@pytest.mark.parametrize("question", ["锂电之都那条在哪个板块", "推动国家区域医疗中心建设 属于哪个大板块"])
def test_the_section_noun_of_a_question_word_is_no_kind_of_thing_named(read, question):
    q = read(question)
    assert q.field == "section" and not q.instance and not (q.topic and q.topic.unknown)


def test_the_last_part_is_the_notices_last_section(read):
    q = read("最后一部分有哪些任务")
    assert [n for f in q.filters if isinstance(f, SectionFilter) for _, n in f.sections] == [11]


@pytest.mark.parametrize("question", ["财政局涉及哪些任务？牵头和责任都要", "生态环境分局涉及的所有任务（牵头+责任）"])
def test_leading_and_a_supporting_role_joined_ask_any_role(read, question):
    assert [scope for _, scope, _ in units(read(question))] == ["any"]


@pytest.mark.parametrize("question", ["全区年度用水总量控制在多少以内 我核一下稿子里的数", "850户适老化改造是什么时候完成"])
def test_pieces_jieba_made_of_a_question_word_and_a_topic_are_no_unknown_topic(read, question):
    q = read(question)
    assert q.topic and not q.topic.unknown


def test_roles_not_counted_and_both_ways_of_leading_included(read):
    assert units(read("发改局作为牵头单位的任务数量是多少（不算责任单位、不算按职责分工负责的）")) == [
        ("区发展和改革局", "lead", None)]
    q = read("区委宣传部牵头的任务清单，单独牵头和联合牵头都算")
    assert not q.has(PredicateFilter) and units(q) == [("区委宣传部", "lead", None)]
    assert read("区委宣传部单独牵头的任务").has(PredicateFilter)


def test_whether_there_are_tasks_of_a_property_asks_which(read):
    q = read("有没有没写牵头单位的任务，是哪几条")
    assert [f.predicate for f in q.filters if isinstance(f, PredicateFilter)] == ["no_lead"] and q.ask is Ask.LIST
    assert read("区商务和投资促进局牵头的任务总数是多少").ask is Ask.COUNT


def test_a_piece_jieba_made_of_a_words_last_character_is_no_unknown_topic(read):
    for question in ("红色文化特色村报的是哪几个村", "推广使用鲁贸通线上查询平台是第几条？"):
        q = read(question)
        assert q.topic and not q.topic.unknown


@pytest.mark.parametrize("question, bare", [("跨境电商", True), ("RCEP", True), ("跨境电商谁牵头", False),
                                            ("跨境电商相关任务", False), ("第54项", False)])
def test_words_alone_are_a_search(read, question, bare):
    assert read(question).bare is bare


def test_only_a_responsible_unit_is_the_notices_label_not_a_shared_duty(read):
    # 只是责任单位: the units the notice labels 责任单位 (task 50's 按职责分工负责 is no such label)
    assert units(read("发改局只是责任单位、不是牵头单位的有哪几条？")) == [("区发展和改革局", "cooperate", "lead")]
    assert units(read("发改局只是参与、不牵头的任务")) == [("区发展和改革局", "support", "lead")]


def test_a_question_word_jieba_cut_into_the_next_word_is_no_unknown_word(read):
    q = read("全区今年用水总量上限定的多少")  # 上限 | 定的, cut by jieba as 上 | 限定
    assert q.topic is not None and "用水总量" in q.topic.terms and not q.topic.unknown


def test_an_acronym_the_question_glosses_in_the_notices_words_is_no_unknown_word(read):
    q = read("Which tasks mention the CGN (中广核) energy storage phase II project?")
    assert q.topic is not None and not q.topic.unknown and "中广核" in q.topic.terms
    assert "GDP" in read("What is the GDP target?").topic.unknown


def test_an_aside_that_widens_what_counts_is_no_topic(read):
    q = read("文件里提到养老的地方有哪几项？哪怕只带了一句也算")
    assert q.topic is not None and q.topic.terms == ("养老",) and not q.topic.unknown
    # attributes of what is asked (城市和农村的), in an aside: which of it count — all of it; they are no topic
    q = read("污水治理相关的任务，城市和农村的都算")
    assert "污水" in q.topic.terms and not {"城市", "农村"} & set(q.topic.terms)


@pytest.mark.parametrize("question", ["储能相关的任务是哪些", "污水处理相关的任务是哪些，分别谁牵头？", "跟养老有关的工作都是哪些"])
def test_tasks_as_the_subject_of_which_are_a_list(read, question):
    # 储能相关的任务是哪些: 是哪些 asks what the tasks are — all of them, not what one of them says
    assert read(question).ask is Ask.LIST


def test_a_quoted_word_is_what_listed_tasks_must_write(read):
    q = read("帮企业解决融资问题的任务有哪几项？（写了“融资”的）")
    assert q.ask is Ask.LIST and q.topic.required == ("融资",)


def test_the_notices_word_bracketed_after_an_english_one_replaces_its_glosses(read):
    q = read("Which tasks mention coal (煤) in any form, and who leads them?")
    assert q.topic.required == ("煤",) and set(q.topic.terms) == {"煤"}


def test_a_compound_bracketed_after_english_words_is_held_as_its_words(read):
    # 人才引进: 培育引进创新人才 writes both words apart — a list's tasks hold each word, not the compound
    q = read("Which tasks are about bringing in talent (人才引进)? I need the full list.")
    assert q.ask is Ask.LIST and set(q.topic.required) == {"人才", "引进"}


def test_whats_the_asks_a_figure_in_english(read):
    assert read("What's the total investment budget for the Zhuangli pumped-storage power station?").figure_kind == "money"


def test_a_procedure_asked_with_its_question_word_is_out_of_scope_whatever_took_its_noun(read):
    # 材料 is also a background word (汇报材料): 要交哪些材料 still asks what no notice of tasks states
    assert read("高新技术企业申报要交哪些材料？").out_of_scope
    assert not read("我在准备汇报材料，哪些任务是住建局牵头的").out_of_scope


def test_places_in_the_notice_that_write_a_thing_are_the_tasks_mentioning_it(read):
    q = read("高企申报在文件里有几处？就是鼓励申报高新技术企业那种")
    assert q.ask is Ask.COUNT and q.topic.mention and q.field is None
    assert read("通知中哪些地方写到了储能").ask is Ask.LIST


def test_a_space_between_two_chinese_clauses_ends_a_clause(read):
    q = read("文旅局牵头的有哪些 我要做个台账")
    assert q.ask is Ask.LIST and q.topic is None and "台账" in q.background


def test_a_task_number_asked_to_be_cited_is_no_topic(read):
    q = read("帮我写个引用：老旧小区改造任务，写明出处文号、任务序号和牵头单位")
    assert q.cite and not q.topic.unknown


def test_a_question_word_and_a_one_character_verb_are_no_unknown_word(read):
    assert not read("老旧小区改造最多补多少？").topic.unknown  # 最多补 = 最多 + 补


def test_one_lead_claimed_of_a_named_task_is_checked_not_filtered(read):
    q = read("打造智慧社区示范点那一项，是民政局一家牵头吗？")
    assert [f.unit for f in q.claim] == ["区民政局"]
    assert [(p.predicate, p.n) for p in q.claim_props] == [("lead_count", 1)]
    assert not any(isinstance(f, PredicateFilter) for f in q.filters)


def test_a_names_sound_alike_that_the_notice_writes_with_its_neighbours_is_a_typo(read):
    # 中兴 (a place to jieba) sounds like 中心, which the notice writes in 实践中心: not a word it lacks
    q = read("新时代文明实践中兴建设，牵头单位是哪家")
    assert not q.topic.unknown and "中心" in q.topic.expansions


def test_a_verb_naming_what_a_task_is_about_is_asked_about(read):
    # 森林防火那一项: the notice has 森林 but never 防火 — a task it does not set
    assert read("森林防火那一项牵头单位是谁？").topic.unknown == ("防火",)


def test_clauses_before_one_that_says_a_question_comes_are_background(read):
    # 下周要去几个镇街督导…进度，先问一下，…是第几条: 几个 there counts nothing, 下周 is the asker's week
    q = read("下周要去几个镇街督导适老化改造进度，先问一下，特殊困难老年人家庭适老化改造在文件里是第几条，牵头单位是谁？")
    assert q.background and "先问一下" in q.background and not q.out_of_scope and q.field != "figure"


def test_a_citation_asked_with_its_original_words_quotes_the_task(read):
    assert read("帮我引用基层医防融合那条，格式：文件名+第几条+原文+牵头单位").field == "text"


@pytest.mark.parametrize(("question", "complement"), [("城市体检报告几月要出来", "出来"), ("老旧小区改造名单什么时候定下来", "定下来")])
def test_a_direction_complement_is_no_topic(read, question, complement):
    q = read(question)
    assert not (q.topic and any(complement in w for w in q.topic.unknown))


def test_examples_of_a_kind_are_the_items_the_kind_is_not(read):
    # 高速公路、机场这类交通基础设施: tasks on either example, not ones that must also say 交通基础设施
    q = read("高速公路、机场这类交通基础设施的任务有哪几条")
    groups = q.topic.term_groups()
    assert [[groups[k] for k in item] for item in q.topic.items] == [[("高速公路",)], [("机场",)]]


def test_a_list_of_topics_joined_by_he_is_of_each_ones_tasks(read):
    # 渔业和畜牧方面的任务: tasks on either, not only tasks naming both
    q = read("渔业和畜牧方面的任务有哪些")
    groups = q.topic.term_groups()
    assert q.ask is Ask.LIST
    assert [[groups[k][0] for k in item] for item in q.topic.items] == [["渔业"], ["畜牧"]]  # (each with its kinds)
    # (one task asked for: both words describe it)
    assert not read("光伏和储能那条谁牵头").topic.items


@pytest.mark.parametrize("question", ["渔业方面的是哪几条", "农业农村局牵头的里面，渔业和畜牧方面的是哪几条"])
def test_tiao_counts_the_notices_items_not_things_named(read, question):
    q = read(question)
    assert q.ask is Ask.LIST and not q.instance


@pytest.mark.parametrize("question", ["54那条要组织参加哪些展会", "第54那条讲什么", "54这项谁牵头"])
def test_a_number_with_that_item_names_the_task(read, question):
    assert [f.numbers for f in read(question).filters if isinstance(f, TaskFilter)] == [(54,)]


def test_a_word_before_an_english_header_cue_describes_it(read):
    q = read("What is the full title of this notice and which office issued it?")
    assert q.ask is Ask.HEADER and set(q.header) == {"title", "issuer"}
    assert read("When was this notice issued?").header == ("date",)



def test_a_notice_named_by_a_shortened_title_is_no_topic(read):
    # 深化新旧动能转换2023年重点任务 shortens the seed's title (…推动绿色低碳高质量发展2023年重点工作任务)
    q = read("山亭区这个深化新旧动能转换2023年重点任务的通知是哪天印发的？")
    assert q.ask is Ask.HEADER and q.topic is None
    assert read("绿色低碳转型的文件要求是什么").topic is not None  # a task's words before 文件 name no notice


def test_a_role_label_asked_with_a_what_word_asks_who(read):
    q = read("产业链招商那条牵头单位写的是啥？是商务局吗")
    assert [f.unit for f in q.claim] == ["区商务和投资促进局"] and q.field == "units"
    assert read("住建局牵头的是什么任务").ask is Ask.LIST


def test_a_request_beside_who_asks_is_the_question(read):
    q = read("我是工信局的，帮我把我们局所有涉及的任务都找出来，牵头和责任单位都要")
    assert q.ask is Ask.LIST and units(q) == [("区工业和信息化局", "any", None)]


def test_an_english_unit_name_before_its_chinese_name_in_brackets_is_no_topic(read):
    q = read("List every task in which the District Ecology and Environment Branch (区生态环境分局) is named, "
             "whether as lead or as a responsible unit.")
    assert q.ask is Ask.LIST and q.topic is None and units(q) == [("区生态环境分局", "any", None)]


def test_keywords_typed_with_a_space_are_alternatives_of_a_list(read):
    assert len(read("渔业 水产 相关的有哪些").topic.items) == 2


def test_a_thing_with_what_is_done_to_it_accepts_the_other_verbs_the_notice_writes_after_it(read):
    # 污水治理 (task 31) and 污水处理厂 (task 37): both are about sewage
    group = next(g for g in read("污水治理 相关任务").topic.term_groups() if "治理" in g)
    assert "处理" in group


def test_the_verb_of_a_structure_question_is_no_topic(read):
    q = read("一共多少项重点任务？分成几个部分")
    assert q.ask is Ask.HEADER and "sections" in q.header and q.topic is None


def test_a_unit_the_asker_recalls_is_checked_not_filtered(read):
    q = read("领导问抱犊固争创省级生态旅游区这个事是哪个单位牵头的，我印象里是宣传部？帮我确认下")
    assert [f.unit for f in q.claim] == ["区委宣传部"] and not q.units() and not q.topic.unknown


def test_two_units_as_alternatives_each_with_its_role_word(read):
    q = read("特殊困难老年人家庭适老化改造 是民政牵头还是卫健牵头？")
    assert "民政" not in q.topic.terms


def test_a_pasted_draft_sentence_names_no_area_and_its_check_no_topic(read):
    assert read("草稿里有一句“年内完成省下达落地上图造林800亩、森林抚育1500亩”，对应文件第几条？牵头单位写谁").area == ""
    q = read("草稿：“由区卫生健康局牵头，推进重点人群新冠病毒疫苗接种个案规范管理率达到95%以上。”这句有问题吗")
    assert "问题" not in q.topic.terms


def test_english_what_before_a_figures_cue_asks_that_figure(read):
    assert read("What budget is allocated to the district's carbon peaking work in 2023?").figure_kind == "money"


def test_the_key_task_list_names_the_notice_and_asks_no_list(read):
    q = read("Which department leads the high-standard farmland task in the Shanting 2023 key task list?")
    assert q.ask is Ask.BEST


def test_a_schedule_asked_is_a_field_of_the_task(read):
    assert read("临滕高速今年进度要求是什么").field == "deadline"


def test_it_before_a_role_or_a_duty_is_the_unit(read):
    from rag.understand import unit_pronouns
    assert unit_pronouns("那它负责的任务里 有数量目标的都有哪些").startswith("那该单位负责")
    assert unit_pronouns("What about the tasks where it is only listed as a responsible unit?") == \
        "What about the tasks where that unit is only listed as a responsible unit?"
    assert unit_pronouns("Who leads it?") == "Who leads it?"


def test_which_ones_among_those_listed_asks_tasks_not_names(read):
    assert read("其中跟养鱼有关的是哪几个").instance == ""


def test_another_documents_issue_facts_are_not_in_the_notice(read):
    # a document named by its own title, neither this notice nor one it cites: the notice gives no date or number
    assert "山亭区碳达峰实施方案" in read("山亭区碳达峰实施方案什么时候印发？").out_of_scope
    assert read("领导问我们这个深化新旧动能转换的通知是哪天印发的").ask is Ask.HEADER  # the notice, pointed to
    assert read("枣庄市2023年重点工作任务那个文件号").header == ("cited",)  # a document the notice cites
    assert not read("老旧小区改造方案谁牵头").out_of_scope  # no issue fact asked
    for question in ("这份通知是依据哪几个上级文件制定的？把文号列一下",  # the notice's own basis, asked
                     "第59条要落实的省政府文件文号是多少",  # a document the notice cites
                     "写简报要引用创建全国文明城市三年行动计划那条，格式：（文号 第N项，牵头单位：XX）",  # a task's words
                     "请给出垃圾分类设施覆盖率这个要求的出处（文件名称、文号、第几项）"):
        assert not read(question).out_of_scope, question


def test_a_reason_asked_beside_who_leaves_who_to_answer(read):
    assert read("为什么选城头镇").out_of_scope
    assert read("城头镇为什么能入选第三批“十百千”示范工程创建名单？它有什么优势？").out_of_scope
    assert not read("第50条为什么没有写牵头单位？那条是谁负责").out_of_scope


@pytest.mark.parametrize("question", ["第50条为啥没有牵头单位？那条是怎么写的", "第50项为什么没写责任单位"])
def test_why_a_task_names_no_role_is_answered_by_its_record(read, question):
    # the notice gives no reasons, but a role missing from a task is the record's own form: its units answer
    assert not read(question).out_of_scope


@pytest.mark.parametrize("question", ["帮我出一个可以直接粘进公文的引用：污水处理厂改扩建那条任务",
                                      "给我一个能贴到材料里的引用，污水处理厂改扩建那条"])
def test_what_a_citation_is_for_is_no_topic(read, question):
    q = read(question)
    assert q.cite and not q.out_of_scope
    assert not q.topic.unknown and "污水处理厂" in q.topic.terms


def test_a_topic_before_the_citation_noun_stays_the_topic(read):
    q = read("给我垃圾分类的引用")
    assert q.cite and q.topic.terms == ("垃圾分类",)


def test_a_pasted_sentence_is_one_clause_whatever_commas_it_holds(read):
    from rag.understand import _clauses
    assert _clauses('我们草稿写的"实施改造老旧小区11个,由区发展和改革局牵头",请核一下') == \
        ['我们草稿写的"实施改造老旧小区11个,由区发展和改革局牵头",', '请核一下']
    q = read("我们草稿写的“实施改造老旧小区11个，由区发展和改革局牵头”，请核一下")
    assert not q.units() and "老旧" in q.topic.terms


def test_the_role_the_asker_gives_their_own_unit(read):
    q = read("我们是工信局的，想把今年我们牵头（含和别的单位一起牵头）的任务全部梳理出来，麻烦列全")
    assert units(q) == [("区工业和信息化局", "lead", None)]
    assert units(read("我是工信局的，我们涉及哪些任务")) == [("区工业和信息化局", "any", None)]


def test_an_include_clause_beside_a_units_list_is_an_aside(read):
    q = read("卫健局牵头的任务有哪些，人才那条也算上")
    assert q.ask is Ask.LIST and not (q.topic and q.topic.terms)


def test_a_task_named_with_this_one_asks_its_units_not_units_that_never_lead(read):
    q = read("对已达到用水总量控制目标的实施取水许可限批——这一条的责任单位（不是牵头单位）是谁？")
    assert q.group is None and q.field in ("responsible", "units", "lead")


def test_examples_in_brackets_are_items_of_the_topic(read):
    q = read("交通基础设施（公路、机场）方面有哪些任务")
    groups = q.topic.term_groups()
    items = [{t for k in item for t in groups[k]} for item in q.topic.items]
    assert {"公路"} in items and {"机场"} in items


def test_the_block_named_by_a_word_of_one_parts_title_is_that_part(read):
    q = read("安全那块具体几条？各是谁牵头")
    assert [n for f in q.filters if isinstance(f, SectionFilter) for _, n in f.sections] == [10]
    assert not any(isinstance(f, SectionFilter) for f in read("垃圾分类那块谁牵头").filters)


def test_figures_of_a_measure_written_are_a_property(read):
    q = read("农业农村局牵头的任务里写了亩数的有哪些")
    assert [(f.predicate, f.measure) for f in q.filters if isinstance(f, PredicateFilter)] == [("has_measure", "亩")]


def test_english_is_this_accurate_checks_the_sentence_not_a_topic(read):
    q = read('Draft sentence: "The district will finish half of the Linyi–Tengzhou Expressway (临滕高速) works in 2023, '
             'led by 区交通运输局." Is this accurate?')
    assert "精准" not in q.topic.terms


def test_a_rate_said_alone_keeps_what_it_is_of_as_the_topic(read):
    assert read("接种率呢").topic.terms == ("接种",)


def test_a_piece_two_listed_terms_share_tells_neither_item(read):
    q = read("大运河国家文化公园、大运河文化体验廊道相关的任务")
    assert len(q.topic.items) == 2 and not set(q.topic.items[0]) & set(q.topic.items[1])


def test_english_is_that_correct_after_a_draft_makes_its_unit_a_claim(read):
    q = read("Our draft says task 17 — adding at least 10 new 专精特新 SMEs this year — is led by 区科学技术局. "
             "Is that correct?")
    assert [f.unit for f in q.claim] == ["区科学技术局"] and not q.units()


def test_english_tasks_that_have_responsible_units_is_a_property(read):
    q = read("Which of those also have responsible units (责任单位), and who are they?")
    assert [f.predicate for f in q.filters if isinstance(f, PredicateFilter)] == ["has_support"]


def test_an_english_word_glossed_by_the_notices_own_word_is_no_near_miss(read):
    assert not read("Who is in charge of the work-safety task that strengthens the safety director (安全总监) "
                    "and reward-for-reporting systems?").out_of_scope
    assert read("Who is the director of the district water bureau?").out_of_scope


def test_this_one_in_the_notices_title_words_is_what_the_background_names(read):
    q = read("我们科室在整理婚庆行业突出问题专项治理的材料，领导问这项在区里绿色低碳高质量发展重点任务里是谁牵头的，麻烦帮忙查一下。")
    assert "婚庆" in "".join(q.topic.terms)


def test_a_pasted_sentence_asked_to_be_checked_is_its_statement(read):
    # 条号对吗 / 看看有没有错 after a quoted draft sentence, or a citation before the check: the sentence is checked
    assert read("汇报材料里写“新增绿色建筑17万平方米（见重点任务第35条）”，条号对吗").statement == "新增绿色建筑17万平方米(见重点任务第35条)"
    assert read("帮我看看这句：申报国家级绿色工厂（第36项，牵头单位：区工信局）").statement.startswith("申报国家级绿色工厂")
    assert read("新增绿色建筑17万平方米（第35项，牵头单位：区住建局），对吗").statement.startswith("新增绿色建筑")
    assert read("第35项是住建局牵头的吗").statement == ""  # a claim about a task, no draft sentence


def test_a_unit_in_a_clause_that_includes_it_is_no_filter_of_its_own(read):
    q = read("文旅局涉及的重点任务有哪些，包括跟宣传部一起牵头的")
    assert [(f.unit, f.scope) for f in q.units()] == [("区文化和旅游局", "any")] and q.unit_mode == "each"


def test_a_kind_of_figure_named_as_a_property_is_that_kind(read):
    (f,) = [f for f in read("农业农村局牵头的任务里，带投资金额的是哪一条").filters if isinstance(f, PredicateFilter)]
    assert (f.predicate, f.measure) == ("has_figure", "money")
    (g,) = [f for f in read("农业农村局牵头的任务里，带具体亩数指标的是哪几项？").filters if isinstance(f, PredicateFilter)]
    assert (g.predicate, g.measure) == ("has_measure", "亩")  # a measure word's count: that measure


def test_a_decimal_point_ends_no_sentence(read):
    q = read("今年PM2.5浓度要降到多少")
    assert not q.background and "PM2.5" in q.topic.unknown


def test_a_character_the_notice_never_writes_is_corrected_by_the_words_around_it(read):
    q = read("能繁毋猪保持0.44万头这个由谁牵头")  # 毋 for 母: the notice writes 能繁母猪
    assert "母猪" in q.topic.terms and not q.topic.unknown
    assert read("枣菏高速谁牵头").topic.unknown  # another road: nothing around it is the notice's
    assert "氢能" in read("氢能产业发展由哪个部门牵头").topic.unknown  # 能产业 tells nothing of 氢 (储能产业 is no fix)


def test_parts_listed_or_as_a_range_are_each_a_section(read):
    def parts(q):
        return [n for f in read(q).filters if isinstance(f, SectionFilter) for _, n in f.sections]
    assert parts("第一、二部分里面，有哪些任务是不止一个牵头单位的？") == [1, 2]
    assert parts("第三至第五部分一共多少项") == [3, 4, 5]


def test_the_role_said_before_a_count_of_units_is_the_counts(read):
    (f,) = [f for f in read("牵头单位正好是三个单位的任务有哪几条").filters if isinstance(f, PredicateFilter)]
    assert (f.predicate, f.n, f.op) == ("lead_count", 3, "eq")


def test_a_modifier_of_the_citation_asked_is_no_topic(read):
    q = read("我要在汇报里引用抽水蓄能电站那条，帮我写个规范的引用，写清第几条、牵头单位")
    assert q.cite and "规范" not in (q.topic.terms if q.topic else ())


def test_how_many_parts_the_notice_is_divided_into(read):
    q = read("文件一共多少条重点任务，分成几大部分？")
    assert q.ask is Ask.HEADER and "sections" in q.header


def test_a_quoted_unit_clause_as_the_notice_prints_it_is_read(read):
    q = read("括号里写着“责任单位：…区发展和改革局…”的任务有哪些？就是发改局配合的那些")
    assert [(f.unit, f.scope) for f in q.units()] == [("区发展和改革局", "cooperate")] and q.ask is Ask.LIST


def test_a_place_is_named_from_the_start_of_a_word_and_holds_no_verb(read):
    assert read("中广核山亭二期争取纳入省储能示范项目名单，是第几项？谁牵头").area == ""  # 取纳入 is no province
    assert read("济南市的项目谁牵头").area == "济南市"


def test_a_dictionary_word_is_not_cut_to_a_word_of_the_notice(read):
    q = read("中小学课后服务有什么要求")  # 中小学 is no 中小 (of 中小微企业)
    assert "中小学" in q.topic.unknown and "中小" not in q.topic.terms


def test_two_roles_offered_as_choices_ask_the_units_role_in_the_task(read):
    q = read("医疗大数据应用这项，发改局是牵头还是责任？")
    assert q.field == "units" and not q.units()  # the task's units, each in its role; 发改局 is no filter


def test_a_clause_that_includes_more_widens_and_restricts_nothing(read):
    q = read("文件里带“节水”字样的任务有哪几项？农业节水灌溉那种也算")
    assert q.ask is Ask.LIST and q.topic.terms == ("节水",)  # the aside names a kind of 节水 task: no words of its own
    assert "农村" not in read("污水治理方面的任务有哪些（农村的也算）").topic.terms
    q = read("文件里哪些条目后面没标牵头单位？（写“按职责分工负责”的那种也算没标）")
    assert [f.predicate for f in q.filters if isinstance(f, PredicateFilter)] == ["no_lead"]


def test_a_count_said_of_the_others_counts_nothing(read):
    q = read("第27项另一个牵头单位是谁")
    assert not q.has(PredicateFilter) and q.ask is Ask.BEST


def test_cite_said_as_a_verb_of_its_own_with_the_notices_facts_named(read):
    q = read("报告要引第88项完善工作机制，发文机关、文号、日期帮我写全")
    assert q.cite and "date" in q.header and q.ask is Ask.BEST
    assert not read("人才引进谁牵头").cite  # 引 of 引进


def test_a_clause_asking_what_beside_who_asks_the_tasks_text_too(read):
    q = read("第80项内容是啥，谁牵头")
    assert q.field == "lead" and "text" in q.also
    assert read("第26项牵头单位是什么").also == ()  # what of a field word asks that field, not the text


def test_the_notices_facts_asked_with_a_citation_in_english(read):
    q = read("I need a proper citation for the task about 5G base station construction, with the issuing office and date.")
    assert q.cite and set(q.header) == {"issuer", "date"} and q.ask is Ask.BEST


def test_a_coined_short_name_offered_as_the_other_choice_is_a_unit(read):
    # 发改 (of 发展和改革局) at the end, beside another unit: no unknown word
    q = read("临滕高速征地拆迁配合那项工作，牵头的是交通局还是发改？")
    assert {f.unit for f in q.filters if isinstance(f, UnitFilter)} <= {"区交通运输局", "区发展和改革局"}
    assert not (q.topic and q.topic.unknown)


@pytest.mark.parametrize("question", [
    "帮我生成城市更新那条的引用，格式照这个：（山政办字〔2023〕28号 第X项，牵头单位：XX）",
    "“推行‘社会工作＋志愿服务’工作模式”出自哪一条，牵头单位是谁，按文号+项次的格式帮我写好",
    "引用一下“两个清零、一个提标”那条，要能直接粘进公文的格式",
])
def test_a_clause_saying_the_form_of_the_answer_asks_a_citation_and_nothing_else(read, question):
    q = read(question)
    assert q.cite and not (q.topic and q.topic.unknown) and not q.out_of_scope


def test_a_role_taken_then_which_asks_the_tasks_not_the_units(read):
    q = read("生态环境分局牵头的和当责任单位的分别是哪些")
    assert q.ask is Ask.LIST and units(q) == [("区生态环境分局", "any", None)]
    q = read("第26项的责任单位分别是哪些")  # the label itself: its units
    assert q.ask is Ask.BEST and q.field in ("units", "responsible")


def test_the_other_answer_of_a_yes_or_no_question_asks_nothing_more(read):
    q = read("低保扩围增效是民政局一家牵头吗？还是几个单位一起")
    assert q.claim and q.ask is Ask.BEST and q.field == "units"


def test_reading_does_not_depend_on_the_string_hash(tmp_path):
    # words of one length consumed in a set's order read 有哪几条 as 有哪几 + 条 or 哪几条 + 有, by process
    import os
    import subprocess
    import sys
    code = ("from rag.text import longest_first; from rag import understand as u; "
            "print(longest_first({'有哪几', '哪几条', '哪几'}), u._words('list')[:40])")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout for seed in (1, 2, 3, 4)}
    assert len(outs) == 1 and "('哪几条', '有哪几', '哪几')" in outs.pop()


def test_a_clause_saying_what_the_answer_is_for_asks_nothing(read):
    q = read("这个通知的文号、发文单位和成文日期给我一下，做台账用")
    assert q.ask is Ask.HEADER and not (q.topic and q.topic.unknown)


def test_a_kind_of_thing_the_notice_never_names_is_no_part_sharing_its_last_word(read):
    # 氢能产业这块: not 八、繁荣发展文化事业产业 (whose title has 产业); 氢能 is asked and not there
    q = read("氢能产业这块有什么任务，谁牵头")
    assert not q.has(SectionFilter) and q.topic and "氢能" in q.topic.unknown


def test_english_include_and_budget_words(read):
    q = read("List every task the district Health Commission (区卫生健康局) leads, shared leads included.")
    assert units(q) == [("区卫生健康局", "lead", None)] and not (q.topic and q.topic.terms)
    assert read("What's the total funding allocated to implement all 89 tasks?").out_of_scope


def test_spaced_keywords_are_one_ask_and_their_unknown_nouns_count(read):
    # 城区停车场 停车位 建设任务 牵头单位: the words no notice writes are what is asked, not background
    q = read("城区停车场 停车位 建设任务 牵头单位")
    assert {"停车场", "停车位"} <= set(q.topic.unknown_in_unit_ask + q.topic.unknown_asked)
    q = read("老旧小区 改造 牵头单位")
    assert not q.topic.unknown


def test_an_english_short_name_in_a_compound_names_the_topic(read):
    # medical big data application (推进医疗大数据应用), not 区大数据中心; "the big data center" is the unit
    assert not read("Which task is about medical big data application?").units()
    assert [f.unit for f in read("What does the big data center lead?").units()] == ["区大数据中心"]


@pytest.mark.parametrize("question", ["79条和78条是不是同一个牵头单位", "Are tasks 79 and 78 led by the same unit?"])
def test_two_task_numbers_named_together(read, question):
    q = read(question)
    assert [sorted(f.numbers) for f in q.filters if isinstance(f, TaskFilter)] == [[78, 79]]
    assert q.same and q.field == "lead" and not q.has(PredicateFilter)  # (同一个牵头单位 counts no units)


def test_english_words_side_by_side_that_make_one_word_of_the_notice_are_one_term(read):
    # cross-border | e-commerce → 跨境电商 (not 跨境 and, apart, 电商: task 28's 电商+ is no cross-border task)
    assert read("Which tasks deal with cross-border e-commerce?").topic.groups == (("跨境电商", "跨境电子商务"),)
    assert ("老旧小区",) in read("Who leads the renovation of old neighborhoods?").topic.groups  # (a word between: two)


def test_an_english_subsidy_asked_is_a_figure_of_money(read):
    q = read("What is the subsidy for task 8?")
    assert q.field == "figure" and q.figure_kind == "money"


@pytest.mark.parametrize("question", ["文件分成几个大部分？", "一共有几大板块", "这个通知分为几块"])
def test_the_parts_of_the_notice_counted_ask_its_structure(read, question):
    q = read(question)
    assert q.ask is Ask.HEADER and q.header == ("sections",)


def test_most_of_a_notices_title_before_its_verb_names_the_notice(read):
    q = read("山亭区深化新旧动能转换2023年重点工作任务是哪天印发的")
    assert q.ask is Ask.HEADER and q.header == ("date",)
    assert read("深化新旧动能转换是哪项任务").ask is not Ask.HEADER  # (a few of its words: a topic)


def test_an_english_word_for_a_section_is_a_whole_word(read):
    # airport holds "port" and "part", department "part": neither names a section
    q = read("Which department leads the work on building Zaozhuang Yiyun Airport (枣庄翼云机场)?")
    assert not q.has(SectionFilter) and {"翼云", "机场"} <= set(q.topic.terms)


def test_the_askers_own_chinese_word_no_notice_writes_is_what_is_asked(read):
    # hydrogen energy (氢能): not the glosses of hydrogen energy (能源, 节能 …), but 氢能, which the notice never names
    q = read("Which unit leads the hydrogen energy (氢能) industry work?")
    assert q.topic.unknown == ("氢能",) and "能源" not in q.topic.terms


def test_a_role_label_mistyped_by_sound_is_the_label(read):
    q = read("抱犊崮国家森林公园品质提升 牵头单为是哪个")
    assert q.field == "lead" and "单为" not in q.topic.terms


def test_which_items_said_with_a_measure_word_asks_a_list(read):
    assert read("提到用水总量控制的是哪些条").ask is Ask.LIST
    assert read("牵头单位是哪些").ask is Ask.BEST  # (of one task: its units)


def test_a_hyphenated_english_compound_is_one_word_of_the_notice(read):
    # high-standard farmland → 高标准农田 (高, which every gloss of high begins with, joined to 标准农田)
    q = read("Which tasks deal with high-standard farmland?")
    assert ("高标准农田",) in q.topic.groups and not any("高端" in g for g in q.topic.groups)


def test_a_units_english_short_name_after_an_act_is_the_topic(read):
    assert not read("Which units lead task 86 on stabilising finance and preventing risks?").units()
    assert [f.unit for f in read("Which tasks does finance lead?").units()] == ["区财政局"]


def test_two_tasks_compared_when_the_sentence_ends_on_the_comparison(read):
    assert read("第30项和第31项牵头单位一样").same
    assert not read("第30项和第31项牵头单位一样的情况下谁来协调").same  # (a clause goes on after it: no yes-no)


def test_the_askers_chinese_word_in_quotation_marks_is_required_as_written(read):
    # (as a Chinese question reads it: 一企一 and 技术, each required, not the glosses of program as well)
    assert set(read('Which tasks mention the "一企一技术" program?').topic.required) == {"一企一", "技术"}


def test_an_abbreviation_with_full_stops_ends_no_sentence(read):
    # e.g. is no full stop: the clause before it (financing (融资)) is still the question's
    q = read("Which tasks deal with financing for businesses (融资), e.g. loans or guarantee services?")
    assert "融资" in q.topic.required


def test_a_short_name_then_the_part_it_takes_is_the_unit(read):
    for question in ("民政那边牵头的活儿有哪些", "民政牵头的任务"):
        assert [(f.unit, f.scope) for f in read(question).units()] == [("区民政局", "lead")]


def test_which_of_two_units_leads_more_counts_each(read):
    q = read("发改局和工信局，作为牵头单位的任务谁更多？各几项")
    assert q.group.among == ("区发展和改革局", "区工业和信息化局") and q.group.role == "lead" and q.topic is None


def test_which_of_the_sections_in_english_asks_the_section(read):
    assert read("Which of the eleven sections does the task 优化进口商品结构 fall under?").field == "section"


def test_sharing_the_lead_with_other_units_in_english_is_the_several_leads_property(read):
    q = read("Which tasks does 区民政局 lead that it shares with other lead units?")
    assert any(isinstance(f, PredicateFilter) and f.predicate == "several_leads" for f in q.filters)
    # (including co-led ones: those are counted in, not asked alone)
    assert not any(isinstance(f, PredicateFilter) for f in read("List every task led by 区卫生健康局, including "
                                                                 "jointly led ones.").filters)


def test_units_a_task_names_as_a_thing_are_not_its_units_counted(read):
    # 重点排放单位有几家: a count of emitters the task names, not how many units the task has
    assert read("我区纳入全国碳排放权交易的重点排放单位有几家").field != "units"
    assert read("第26项的单位有几个").field == "units"


def test_a_time_word_inside_a_compound_of_the_notices_words_is_what_is_asked(read):
    # 课后服务: 课后 says which service (the notice has none); not a day the asker speaks of
    assert "课后" in read("义务教育课后服务覆盖率目标是多少").topic.unknown



def test_how_many_items_in_a_full_list_asks_the_count_of_tasks(read):
    q = read("工信局牵头的任务一共多少条？要完整清单，联合牵头的也要")
    assert q.ask is Ask.COUNT and q.topic is None and [f.unit for f in q.units()] == ["区工业和信息化局"]


def test_a_short_name_that_ends_the_question_is_the_unit_claimed(read):
    # 归口是不是发改？: a coined short name said last, then the question mark — the unit, asked yes or no
    q = read("城头镇的“十百千”示范工程认定报告编制，归口是不是发改？")
    assert [f.unit for f in q.claim] == ["区发展和改革局"] and not q.topic.unknown


def test_units_listed_together_in_an_including_clause_are_no_filters(read):
    q = read("文旅局牵头的任务，包括和宣传部、发改联合牵头的，一起列出来")
    assert [(f.unit, f.scope) for f in q.units()] == [("区文化和旅游局", "lead")] and q.unit_mode == "each"


def test_a_latin_word_that_opens_with_a_digit_is_a_term(read):
    q = read("帮我找下关于5G的任务")
    assert q.topic and q.topic.terms == ("5g",)


def test_a_cue_word_inside_a_compound_of_the_notices_words_asks_no_figure(read):
    # 耕地保护目标责任书: 目标 is part of the document's name, not a target asked for
    q = read("耕地保护目标责任书是自然资源局单独牵头吗？")
    assert q.field == "units" and [f.unit for f in q.claim] == ["区自然资源局"]


def test_a_referring_question_after_a_clause_that_names_the_matter_is_about_it(read):
    q = read("跟镇街签耕地保护目标责任书，这个是自然资源局单独牵头吗？")
    assert "耕地" in q.topic.terms and [f.unit for f in q.claim] == ["区自然资源局"]


def test_attributes_included_in_a_clause_of_their_own_are_no_topic(read):
    q = read("领导让我梳理一下今年文件里跟污水治理有关的内容，城市的、农村的都算，帮我把条目列出来。")
    assert q.ask is Ask.LIST and "污水" in q.topic.terms and "城市" not in q.topic.terms
    # an enumeration closed by 啥的 (and the like) still lists kinds: each is an item
    assert "池塘" in read("哪些任务跟造林有关，造林、农田、池塘啥的都算").topic.terms


def test_a_thing_and_its_act_segmented_as_one_word_takes_the_notices_other_verbs(read):
    q = read("说到污水处理的任务是哪几条")
    assert set(q.topic.term_groups()[0]) == {"污水处理", "污水治理"}


def test_one_thing_after_or_is_another_object_of_the_words_before(read):
    q = read("哪些任务要组织企业去参加展会或者博览会？")
    groups = q.topic.term_groups()
    assert [[groups[k][0] for k in item] for item in q.topic.items] == [["组织", "企业", "参加", "展会"],
                                                                        ["组织", "企业", "参加", "博览会"]]


def test_related_said_with_its_noun_is_no_topic(read):
    assert "关系" not in read("跟光伏发电有关系的任务，包括农光互补").topic.terms


def test_a_supporting_role_by_its_bare_word_in_an_including_clause_asks_any_role(read):
    q = read("生态环境分局出现在哪些任务里？牵头、责任都算")
    assert [(f.unit, f.scope) for f in q.units()] == [("区生态环境分局", "any")]


def test_a_thing_named_in_an_including_sentence_is_one_more_item(read):
    # 农光互补也算: a thing, not a kind (农村的也算, 那种也算) — its tasks count too
    q = read("光伏项目在哪几条有体现？农光互补也算")
    groups = q.topic.term_groups()
    assert not q.topic.unknown and len(q.topic.items) == 2 and "农光" in [g[0] for g in groups]


def test_a_unit_in_a_sentence_that_includes_its_part_is_no_filter(read):
    q = read("文件里哪些地方提到引进人才？开发区那块也算")
    assert not q.units() and "人才" in q.topic.terms


def test_every_and_pick_out_ask_the_list(read):
    assert read("文件里凡是提到“博览会”的条目帮我挑出来").ask is Ask.LIST


def test_things_joined_named_as_the_tasks_of_them_are_a_list(read):
    q = read("耕地保护和农田建设的任务")
    assert q.ask is Ask.LIST and len(q.topic.items) == 2
    assert read("老旧小区改造的任务").ask is Ask.BEST  # one thing: the task of it


def test_an_amount_said_with_its_order_of_magnitude_is_a_term_as_the_notice_writes_it(read):
    assert "20亿" in read("投资20个亿的项目是哪条").topic.terms


def test_whether_a_pasted_citation_is_accurate_is_a_sentence_check(read):
    q = read("材料里写“依据山政办字〔2023〕28号第37条，项目实施后污水处理能力达到5万吨/日”，条号引得准不准")
    assert q.statement and not q.topic.unknown


def test_an_english_question_about_the_document_a_task_named_before_cites(read):
    q = read("Task 59 cites a provincial government document on implementing RCEP. What is its document number?")
    assert q.cited and "鲁政字〔2021〕64号" in q.cited[0]


def test_one_task_none_left_out_is_no_task_number(read):
    q = read("麻烦把文件里区委宣传部作为牵头单位的任务一条不落都找出来，联合牵头的也算")
    assert not q.has(TaskFilter) and [f.unit for f in q.units()] == ["区委宣传部"]
    assert read("任务5是谁牵头").has(TaskFilter)


def test_the_first_task_of_a_part_named_by_its_words_is_its_first_item(seed_hash_assistant):
    assert [c.task for c in seed_hash_assistant.ask("乡村振兴那块打头第一条任务是什么").citations] == [42]


def test_a_chapter_is_a_part(read):
    assert read("疫情防控放在哪个章节里").field == "section"


def test_a_document_number_a_task_cites_is_that_document_not_a_year(read):
    q = read("鲁政字〔2021〕64号 在咱这个文件哪条里引用了")
    assert not q.out_of_scope and q.topic.terms == ("鲁政字[2021]64号",)


def test_section_headings_asked_in_english_are_the_structure(read):
    q = read("What are the eleven section headings of the 2023 task list?")
    assert q.ask is Ask.HEADER and "sections" in q.header


def test_which_office_followed_by_what_it_does_asks_who(read):
    q = read("城头镇“十百千”示范工程认定报告编制，是哪个局在指导")
    assert not q.instance and q.field in ("units", "lead")


def test_things_listed_that_the_notice_never_writes_leave_the_others_list(read):
    q = read("发改局牵头的里面，跟电站、储能、电源结构、燃气这些能源供应有关的是哪几条")
    assert not {"燃气", "电源"} & set(q.topic.unknown)
    # … but not when no thing listed is written whole
    assert read("区教育和体育局在全民健身、体育场馆建设方面有什么任务？").topic.unknown


def test_attributes_in_a_bracket_that_includes_them_are_no_items(read):
    q = read("涉及展会、博览会的任务（组织去参展的、借展会平台招商推介的都算）有哪些")
    assert {g[0] for g in q.topic.term_groups()} == {"展会", "博览会"}


def test_a_clause_closed_by_de_before_which_one_names_no_kind(read):
    assert read("争取纳入省储能示范项目名单的是哪个").instance != "名单"


def test_an_abbreviation_of_a_name_the_notice_writes_out_is_that_name(read):
    q = read("组织参加第十九届深圳文博会的是哪条任务？牵头单位写的谁")
    assert "文化产业博览会" in q.topic.terms and not q.topic.unknown
    assert read("充电桩建设谁牵头").topic.unknown  # (no phrase spells it: still not in the notice)


def test_those_tasks_after_a_parts_title_words_are_that_part(read):
    q = read("最后组织实施那几条有没有写牵头单位")
    assert [f.sections for f in q.filters if isinstance(f, SectionFilter)] == [(("山政办字〔2023〕28号", 11),)]


def test_an_english_livestock_term_of_the_glossary(read):
    assert "能繁母猪" in read("What's the target number of breeding sows for the district?").topic.terms


def test_a_thing_listed_after_a_verb_s_words_is_itself_and_another_object_of_it(read):
    q = read("组织企业去参加展会、博览会的任务有哪些？")
    groups = q.topic.term_groups()
    assert [[groups[k][0] for k in item] for item in q.topic.items] == [["组织", "企业", "参加", "展会"], ["博览会"],
                                                                        ["组织", "企业", "参加", "博览会"]]


def test_nouns_listed_share_no_words(read):
    q = read("养老服务、医疗方面的任务有哪些")
    groups = q.topic.term_groups()
    items = [[groups[k][0] for k in item] for item in q.topic.items]
    assert ["医疗"] in items and not any("医疗" in i and len(i) > 1 for i in items)


def test_a_term_holding_another_of_the_topic_is_carried_by_the_shorter(read):
    groups = read("企业融资难融资贵的问题，文件里哪几条有涉及").topic.term_groups()
    assert any(g[0] == "融资难" and "融资" in g for g in groups)


def test_a_thing_is_carried_by_the_notice_s_name_of_a_kind_of_it(read):
    assert "农光互补" in read("光伏项目的任务是哪几条").topic.terms


def test_a_part_said_as_that_big_block(read):
    q = read("文化那一大块是从第几条到第几条")
    assert [f.sections for f in q.filters if type(f).__name__ == "SectionFilter"] != []


def test_units_names_set_aside_search_the_tasks_own_text(read):
    q = read("任务内容里提到“大数据”的有哪些？单位名称里的大数据中心不算")
    assert not q.units() and q.topic.in_text


def test_a_verb_before_the_question_word_then_a_noun_is_not_what_is_asked(read):
    assert "拿到" not in read("新认定的国家企业技术中心能拿到多少奖励？").topic.unknown
    assert "报送" in read("各单位进度每季度几号之前报送？").topic.unknown


def test_every_task_said_as_such_or_by_the_notice_s_count(read):
    for q in ("全部任务分别是什么", "这89项任务都有哪些"):
        q = read(q)
        assert q.every and q.ask.value == "list" and not q.topic
    assert not read("这88项任务都有哪些").every


def test_measures_asked_in_english_are_a_list(read):
    assert read("Which measures does the housing bureau lead?").ask.value == "list"


def test_a_problem_framed_around_the_topic_is_not_the_topic(read):
    terms = read("帮企业解决融资难题的任务有哪些").topic.terms
    assert "融资" in terms and "难题" not in terms and "解决" not in terms
    assert "问题" in read("哪些任务要解决问题").topic.terms  # (nothing else said: the words are the topic)


def test_the_last_few_tasks_are_the_last_part_s(read):
    q = read("最后那几条组织实施的任务怎么没写牵头单位？")
    assert [k for f in q.filters if type(f).__name__ == "SectionFilter" for _, k in f.sections] == [11]


def test_keywords_typed_apart_then_tasks_ask_a_list(read):
    q = read("渔业 水产 的任务")
    assert q.ask.value == "list" and len(q.topic.items) == 2


def test_a_chinese_word_in_an_english_question_is_required(read):
    q = read("who leads the task about expanding coverage of 低保 (minimum subsistence allowance)?")
    assert "低保" in q.topic.required


def test_marking_where_a_sentence_comes_from_asks_the_citation(read):
    assert read("这句话需要标注是第几项、谁牵头").cite


def test_a_role_s_own_word_mistyped_by_sound_is_the_role(read):
    assert [(f.unit, f.scope) for f in read("发改签头的任务都列一下").units()] == [("区发展和改革局", "lead")]
    q = read("发改不是牵头、只挂则任单位的是哪几条？")
    assert [(f.unit, f.exclude) for f in q.units()] == [("区发展和改革局", "lead")]
    assert not read("前头那几条是谁牵头").units()  # (前头 is a word of its own, not 牵头)


def test_places_a_quoted_word_is_mentioned_are_asked(read):
    q = read("文件里提到“回头看”的有几处，分别是哪条")
    assert q.ask.value in ("list", "count") and q.topic.mention and q.figure_kind is None


def test_keywords_typed_apart_with_related_ask_a_list(read):
    q = read("渔业相关 放流 池塘 都算")
    assert q.ask.value == "list" and len(q.topic.items) == 3


def test_a_second_question_said_short_is_another_item(read):
    q = read("鼓励申报高新技术企业的有哪几条？瞪羚企业的呢")
    groups = q.topic.term_groups()
    assert any("瞪羚" in [groups[k][0] for k in item] and "申报高新技术企业" not in [groups[k][0] for k in item]
               for item in q.topic.items)


@pytest.mark.parametrize(("question", "numbers"), [
    ("第60到65项分别是什么", (60, 61, 62, 63, 64, 65)),
    ("第60项至第65项谁牵头", (60, 61, 62, 63, 64, 65)),
    ("第5、8和12条的牵头单位", (5, 8, 12)),
    ("第三至五项讲什么", (3, 4, 5)),
    ("what are tasks 60-62?", (60, 61, 62)),
])
def test_task_numbers_listed_or_spanned_are_each_named(read, question, numbers):
    assert [f.numbers for f in read(question).filters if isinstance(f, TaskFilter)] == [numbers]


def test_a_longer_clause_that_only_includes_adds_no_words(read):
    q = read("养老相关的任务都有哪些，顺带提到养老服务的也算")
    assert q.ask is Ask.LIST and not q.topic.unknown


def test_asks_with_no_words_ask_of_the_phrase_before_them(read):
    # 充电桩 is what is asked about (not background), though two asking clauses follow it
    q = read("新能源汽车充电桩建设，文件里有任务吗？谁牵头")
    assert "充电桩" in q.topic.unknown_asked + q.topic.unknown_in_unit_ask


def test_leading_alone_or_together_asks_no_count_of_leads(read):
    for question in ("List every task led (solely or jointly) by 区文化和旅游局.", "区文化和旅游局单独牵头或联合牵头的任务"):
        assert not read(question).has(PredicateFilter)
    assert read("区文化和旅游局单独牵头的任务").has(PredicateFilter)


def test_what_the_asker_will_do_with_the_answer_is_no_topic(read):
    q = read("有多个牵头单位的任务都有哪些？要逐条对接")
    assert q.topic is None and q.has(PredicateFilter)
    assert read("住建局牵头的有哪些？要跟老旧小区改造有关的").topic is not None


def test_what_the_asker_thinks_after_the_question_is_no_topic(read):
    q = read("产业链招商那一条，牵头单位写的是哪个部门？感觉不是一个具体的局")
    assert q.topic is not None and not q.topic.unknown and q.field == "lead"


def test_a_piece_jieba_cuts_across_two_shape_words_is_no_topic(read):
    q = read("文旅局牵头的任务号发我一下")  # 任务号 | 发我: jieba's 号发 is neither
    assert q.topic is None and q.units()


def test_a_latin_word_with_digits_the_notice_writes_is_an_english_questions_term(read):
    assert "5g" in read("Need a one-line citation for the 5G full-coverage task").topic.terms


def test_a_space_between_clauses_parts_what_they_ask(read):
    q = read("天然气那块文件里咋写的 哪个单位管")  # 咋写的: 怎么写的, as staff type it
    assert q.field == "units" and "text" in q.also


def test_units_with_more_than_a_count_of_tasks_are_a_group(read):
    g = read("哪些单位牵头超过5项任务").group
    assert g is not None and (g.by, g.count, g.count_op, g.role) == ("unit", 5, "gt", "lead")


def test_a_units_short_name_then_its_part_is_the_unit(read):
    assert [f.unit for f in read("民政那边负责的都有啥").units()] == ["区民政局"]


def test_clauses_before_one_that_opens_by_asking_are_background(read):
    q = read("汉诺庄园综合体投资我知道是20亿，想问下葫芦套景区提升项目投资多少")
    assert "汉诺庄园综合体" not in q.topic.terms and "20亿" in q.background


def test_where_the_answer_will_be_put_is_no_topic(read):
    q = read("引用一下专精特新那条的原文 要能直接放汇报材料里的")
    assert not q.topic.unknown


def test_a_kind_of_a_thing_the_question_names_is_a_term_of_it(read):
    assert "博览会" in read("哪些任务要组织参加展会").topic.terms


def test_words_describing_the_documents_a_notice_implements_pick_them(read):
    q = read("文件开头说依据的枣庄市的文件是哪几个，文号给我")
    assert q.ask is Ask.HEADER and q.cited and all("枣庄市" in c for c in q.cited)


def test_a_citation_closed_by_its_bracket_is_the_sentence_checked(read):
    q = read("（山政办字〔2023〕28号 第86项，牵头单位：区金融服务中心）这么写对吗")
    assert q.statement.endswith("区金融服务中心)")


def test_a_role_glossed_in_brackets_is_still_the_role(read):
    q = read("Which tasks have supporting units (责任单位)?")
    assert [f.predicate for f in q.filters if isinstance(f, PredicateFilter)] == ["has_support"]


def test_numbers_spanned_opening_the_question_are_tasks(read):
    assert [f.numbers for f in read("40到45条 各自是谁牵头的").filters if isinstance(f, TaskFilter)] == [(40, 41, 42, 43, 44, 45)]
    assert not read("3到5项任务是哪个局牵头").has(TaskFilter)  # (a quantity of tasks)


def test_a_draft_sentence_citing_by_its_unit_clause_alone_is_checked(read):
    q = read("材料里写：城市再生水利用率达到50%（牵头单位：区住房和城乡建设局）。帮核一下")
    assert q.statement.endswith("区住房和城乡建设局)")


@pytest.mark.parametrize("question", [
    "手造产品进景区、进商超那些活动谁牵头？文旅局？",  # a unit alone after the ask: the asker's guess
    "高企数量突破40家这个指标，牵头部门是工信局吗？",  # 这个指标 points back at the figure said, none is asked
    "Who's in charge of it? The science and technology bureau, right?",
])
def test_a_guess_after_the_question_is_checked_not_filtered_on(read, question):
    q = read(question)
    assert q.claim and not units(q)
    assert q.field == "units"


def test_a_part_the_notice_does_not_have_is_out_of_scope(read):
    assert "第12部分" in read("第十二部分讲的是什么内容？").out_of_scope
    assert "section 14" in read("What is section 14 about?").out_of_scope
    assert not read("第十一部分讲的是什么内容？").out_of_scope


def test_a_pointer_back_at_what_was_just_named_is_no_topic(read):
    q = read("畜牧和渔业这两块的任务一共有哪些")
    assert not q.topic.unknown and q.topic.items  # each of the two, as alternatives
    assert not read("要汇总人才工作，文件里带“人才”字眼的任务有哪几条").topic.unknown


def test_two_units_named_and_compared_by_how_many_tasks(read):
    q = read("民政局和卫健局比，谁牵头的任务多？各几条")
    assert q.group and q.group.among == ("区民政局", "区卫生健康局") and q.group.rank == "most"
    assert not units(q)
    assert read("发改局和工信局哪个牵头少").group.rank == "least"
    assert read("发改局和工信局谁牵头多少项").group is None  # 多少 asks how many, compares nothing
    assert read("Which leads fewer tasks, the civil affairs bureau or the health bureau?").group.rank == "least"


def test_a_guess_at_the_list_after_it_is_asked_filters_nothing(read):
    q = read("民政局牵头的有哪些？是不是就养老那两条")
    assert units(q) == [("区民政局", "lead", None)]
    assert not (q.topic and q.topic.terms)


@pytest.mark.parametrize(("question", "several"), [
    ("Which tasks are co-led?", True),
    ("List all tasks led by the district Publicity Department, including co-led ones.", False),
    ("Which tasks are led or co-led by the Health Commission (卫健局)?", False),
])
def test_co_led_in_english_is_a_property_unless_it_only_widens(read, question, several):
    q = read(question)
    assert any(isinstance(f, PredicateFilter) and f.predicate == "several_leads" for f in q.filters) is several
