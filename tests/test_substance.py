"""Substance checks (checks/substance/): each on its hard cases, the wiring into the engine, the
knowledge files' validation, and the held-out figures the issue asks for (docs/review.md)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import materials as M
from addin_server.checks import check, substance
from addin_server.checks.correspondence import content_words
from addin_server.checks.substance.knowledge import KnowledgeError, load, parse
from addin_server.model import Document

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import substance_eval  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"


def test_a_generic_item_with_many_times_and_some_states_no_fact():
    # 多次/一些/有时 sound like a count but say nothing a reader could check.
    assert substance.generic("一是多次在会上强调学习，但一些同志学得不深，有时一段时间都没有交流体会。")
    assert substance.generic("二是在四个意识、两个维护上还有差距，落实三会一课不够严格。")


def test_a_concrete_item_with_a_named_event_and_no_digit_is_concrete():
    assert not substance.generic("三是在处理王某信访件时我推给科室，没有跟踪，群众又去上访。")
    assert not substance.generic("四是对分管科室干部上班时间炒股的问题只是口头提醒，直到巡察时才处理。")
    assert not substance.generic("五是去年防汛期间我没有到水库现场检查。")
    assert not substance.generic("六是在青山镇土地流转纠纷中怕得罪人，迟迟不出面协调。")


def test_a_leading_ordinal_is_not_a_number():
    assert substance.generic("1.学习的系统性不够。")
    assert substance.generic("（3）学习的系统性不够。")


def test_praise_in_disguise_and_achievement_heavy_items():
    assert substance.praise("一是工作太投入，忽视了身体。") is not None
    assert substance.praise("二是对自己要求过严，标准太高。") is not None
    kind, _ = substance.praise("三是圆满完成全年任务，获得上级表彰。全市排名第一。")
    assert kind == "achievements"
    # A shortfall of such zeal is a real problem.
    assert substance.praise("五是标准不够高，缺少精益求精的劲头。") is None
    # Conceding an achievement before the shortfall is how a problem is written.
    assert substance.praise("四是虽然圆满完成了任务，但调研不够深入，对基层困难了解不全。") is None


@pytest.mark.parametrize("text", [
    "一是工作节奏太快，恨不得一天办完所有事。",                    # a virtue + 太 + its adjective
    "二是过于坚持原则，处理问题不够变通。",                        # 过于 + a virtue
    "三是标准定得过高，一些工作推不动。",
    "四是说话太直，有时容易得罪人。",
    "五是带病坚持工作，没有处理好工作和休息的关系。",              # a sacrifice
    "六是为了赶进度，经常把周末也搭进去，对年迈的父母关心得不够。",
    "七是事无巨细都要亲自过问，放手让班子成员干得少。",            # doing everything oneself
    "八是学习抓得紧但联系实际不够。",                              # conceded diligence, mild turn
    "九是牵头推进医共体建设，门诊量同比提升15%，被评为全省示范县，但谋划还不够深。",
    # the family named before the sacrifice, late hours, ambition, the served as family
    "十是家里老人住院几次都没顾上去陪护。",
    "十一是经常在单位忙到凌晨，周末也很少在家，没有做到劳逸结合。",
    "十二是总想让分局的考核排名冲到全市第一，给自己加压。",
    "十三是把患者当自己的家人，常常顾不得吃午饭。",
    "十四是工作都太拼，对自身学习顾及不够。",
    "十五是收入提高到9.8亿元，顺利通过省局验收，首次获评全省文明单位，不足的是宣传偏少。",
    "十六是对组织交办的任务从不讲条件，有时揽的活太多，个别工作推进不够及时。",   # taking on too much
    "十七是长期“白+黑”“5+2”工作，对长远谋划思考不够。",                         # the slogan with a plus
])
def test_the_shapes_of_praise_in_disguise(text):
    assert substance.praise(text) is not None


@pytest.mark.parametrize("text", [
    # 急于求成 that cost something is a real fault, not a virtue taken too far.
    "十是急于求成，今年引进的一个项目论证不充分，投产半年就停工。",
    "十一是对同事要求过于宽松，发现问题不愿当面指出。",            # a virtue's absence
    "十二是对重点工作亲力亲为不够，多是听汇报。",                  # the zeal negated after it
    "十三是我牵头的改造行动推进缓慢，原定120个小区只完成了47个。",  # a number that is a shortfall
    "十四是过于依赖经验，对新情况研究不深。",
    "十五是对自己要求太松，院周会经常迟到。",                      # the virtue's absence
    "十六是总想着一次把事情办成，去年上马的信息平台需求没摸清，至今闲置。",
    "十七是很少回家乡调研，对家乡的产业情况不了解。",
    # a figure the next clause measures against a norm, and a rate named by its verb
    "回应群众诉求不够及时，12315平台投诉举报的按时办结率为91%，低于全市平均水平。",
    "十八是调研不够深入，今年走访企业30家，不到计划的一半。",
    "十九是督导推进偏慢，11月底督导完成率只有82%。",
    "二十是对组织安排讲条件、挑任务，服从意识不强。",                 # bargaining is the fault
    # a project built, told for its failure: a negated predicate and a loss are no boast
    "五是高标准农田建设项目监管不力，去年建成的××镇3000亩高标准农田，今年汛期有两处渠道垮塌，暴露出工程质量把关不严。",
])
def test_faults_that_sound_like_praise_are_not_praise(text):
    assert substance.praise(text) is None


def test_the_share_of_achievements_counts_only_the_boasting_clauses():
    """A decline (不如以前) or complacency (有些满足) is the shortfall: the clauses before it are
    the achievements, not the whole sentence; being named something (被评为…) is an honour."""
    kind, share = substance.praise("三是所里先后被评为市级平安单位、全省公安系统先进集体，我个人也荣获三等功，"
                                   "在荣誉面前有些满足，干劲不如以前。")
    assert kind == "achievements" and 50 < int(share.rstrip("%")) < 90
    # a turn (不足之处是) after the achievements does not make them the shortfall's figures
    assert substance.praise("三是班子带领全局干部取得了显著成绩，市场主体总量增长12%，"
                            "获评全省先进集体，不足之处是创新不够。")[0] == "achievements"


def test_others_as_subject_but_not_as_object_of_the_writers_failing():
    assert substance.blames_others("五是个别干部纪律意识淡薄，迟到早退。")
    assert substance.blames_others("六是有的村干部作风漂浮，推诿扯皮。")
    assert not substance.blames_others("七是对个别干部失之于宽、失之于软。")
    assert not substance.blames_others("八是我对有的同志的错误苗头提醒不及时。")
    # A later clause about others is a consequence of the writer's own failing.
    assert not substance.blames_others("九是批评方法简单，个别同志有抵触情绪。")


def test_others_named_by_their_trade_behind_a_place_and_any_numbering():
    assert substance.blames_others("三是分局有的税务干部服务态度冷淡。")
    assert substance.blames_others("四是大厅个别导税员业务不熟，群众咨询时答不上来。")
    assert substance.blames_others("（三）医院有些医师开大处方。")
    assert substance.blames_others("④急诊科部分护士交接班不规范。")
    assert substance.blames_others("其四，所里有些民警着装不规范。")
    # The writer acting (or failing to) later in the sentence owns it; 「我们乡」 is no actor.
    assert not substance.blames_others("五是股室里有的科员执行打折扣，我没有追问原因。")
    assert substance.blames_others("五是有的村干部作风漂浮，我们乡的形象受到影响。")


@pytest.mark.parametrize("title", ["中共青石镇委员会2025年度民主生活会对照检查材料",
                                   "市公安局党委2024年度民主生活会对照检查材料",
                                   "第五党支部2025年度组织生活会对照检查材料",
                                   "县委常委会对照检查材料", "区委办领导班子对照检查材料",
                                   # any unit's name before the year, and no person
                                   "县统计局2025年度民主生活会对照检查材料", "团县委2025年度民主生活会对照检查材料",
                                   "县纪委监委2025年度民主生活会对照检查材料", "县总工会2025年度民主生活会对照检查材料",
                                   "县水利局党组2024年度民主生活会对照检查材料"])
def test_a_body_in_the_title_makes_a_collective_material(title):
    assert substance.is_collective(title)


@pytest.mark.parametrize("title", ["青山镇党委书记2025年度民主生活会个人发言提纲",
                                   "城关派出所第一党支部党员2023年度组织生活会个人对照检查材料",
                                   "张三同志在党支部2025年度组织生活会上的发言",
                                   "镇党委副书记对照检查材料",
                                   # a post or a person beside the unit makes it a person's
                                   "县统计局党组书记、局长2025年度民主生活会个人对照检查材料",
                                   "市住建局局长2025年度民主生活会对照检查材料",
                                   "市林业局领导班子成员个人对照检查材料",
                                   "王芳2025年度民主生活会对照检查材料", "2025年度民主生活会对照检查材料"])
def test_a_person_in_the_title_makes_an_individual_material(title):
    assert not substance.is_collective(title)


def test_blaming_others_is_not_checked_in_a_collective_material():
    paras = [("县委办领导班子对照检查材料", None)] + M.complete()[1:]
    items = M.PROBLEMS["theory"][1]
    paras = [(("一是个别班子成员学习浮于表面。", s) if t == items[0] else (t, s)) for t, s in paras]
    report = check(Document.from_texts([t for t, _ in paras]))
    assert "content.blames_others" not in {f.code for f in report.findings}
    individual = check(Document.from_texts([M.TITLE] + [t for t, _ in paras[1:]]))
    assert "content.blames_others" in {f.code for f in individual.findings}


def test_a_unit_line_over_the_title_makes_it_the_units_and_a_byline_under_it_a_persons():
    """The title block as 公文 set it: 「县统计局」 on its own line over 「2025年度民主生活会对照检查材料」
    is the 局's material; a byline under the title naming a post makes it that person's."""
    items = M.PROBLEMS["theory"][1]
    body = [(("一是个别干部学习浮于表面。", s) if t == items[0] else (t, s)) for t, s in M.complete()[1:]]
    title = "2025年度民主生活会对照检查材料"

    def codes(head):
        return {f.code for f in check(Document.from_texts(head + [t for t, _ in body])).findings}

    assert "content.blames_others" not in codes(["县统计局", title, "（2026年1月）"])
    assert "content.blames_others" in codes(["县统计局", title, "县统计局党组书记、局长 张三"])
    assert "content.blames_others" in codes([title])


def test_a_cause_that_repeats_the_problems_is_reported_one_that_names_a_root_is_not():
    words = {"学习", "系统性", "不强", "调研", "深入", "基层", "意见", "不够"}
    assert substance.cause_restates("一是学习系统性不强，调研不够深入，基层意见听得不够。", words) is not None
    assert substance.cause_restates("一是理想信念有所动摇，宗旨意识淡化，对群众感情不深，忘了初心。", words) is None


def test_a_measure_needs_an_action_a_time_or_an_owner():
    assert substance.vague_measure("一是进一步加强学习，不断提高政治站位。")
    assert not substance.vague_measure("二是年底前修订学习制度。")
    assert not substance.vague_measure("三是由办公室牵头开展自查。")
    assert not substance.vague_measure("四是每季度到基层蹲点调研一次。")
    assert not substance.vague_measure("5.建立任务督办台账。")


def test_findings_reach_the_report_with_their_paragraph_and_what_to_do():
    texts = [t for t, _ in M.complete()]
    texts[texts.index(M.MEASURES[0])] = "一是进一步加强理论学习，切实提高思想认识。"
    report = check(Document.from_texts(texts))
    vague = [f for f in report.findings if f.code == "content.measure_vague"]
    assert [f.paragraph for f in vague][:1] == [texts.index("一是进一步加强理论学习，切实提高思想认识。")]
    assert all(f.severity == "info" and "请" in f.message for f in report.findings
               if f.code.startswith("content."))
    generic = [f for f in report.findings if f.code == "content.generic"]
    assert generic and all("何时、何事、什么后果" in f.message and f.dimension for f in generic)


def test_a_disabled_code_is_not_reported():
    report = check(Document.from_texts([t for t, _ in M.complete()]), disabled={"content.generic"})
    assert "content.generic" not in {f.code for f in report.findings}


def test_knowledge_files_are_validated_naming_file_and_field(tmp_path):
    with pytest.raises(KnowledgeError, match=r"x.toml:check"):
        parse({"check": "content.nothing"}, "x.toml")
    with pytest.raises(KnowledgeError, match=r"x.toml:facts\[1\]: is not a valid regular expression"):
        parse({"check": "content.generic", "facts": ["ok", "(broken"]}, "x.toml")
    with pytest.raises(KnowledgeError, match=r"x.toml:min_restated_share: must be between 0 and 1"):
        parse({"check": "content.cause_restates", "min_restated_share": 3}, "x.toml")
    with pytest.raises(KnowledgeError, match=r"x.toml:colour: unknown key"):
        parse({"check": "content.generic", "colour": "red"}, "x.toml")
    # the keys dev 4 added are validated the same way
    with pytest.raises(KnowledgeError, match=r"x.toml:person_title"):
        parse({"check": "content.blames_others", "person_title": "(局长"}, "x.toml")
    with pytest.raises(KnowledgeError, match=r"x.toml:lost_by"):
        parse({"check": "content.praise_as_problem", "lost_by": "[损失"}, "x.toml")
    with pytest.raises(KnowledgeError, match=r"x.toml:indefinite"):
        parse({"check": "content.generic", "indefinite": "一些"}, "x.toml")


def test_an_organisation_file_adds_cue_words_and_a_broken_one_is_reported(tmp_path):
    org = tmp_path / "org"
    org.mkdir()
    (org / "our-facts.toml").write_text('check = "content.generic"\nfacts = ["智慧停车"]\n', encoding="utf-8")
    (org / "broken.toml").write_text('check = "content.generic"\nfacts = "not a list"\n', encoding="utf-8")
    k = load([("organisation", org)])
    assert not substance.generic("一是智慧停车推进慢。", k)
    assert substance.generic("一是智慧停车推进慢。", load())
    assert any("broken.toml:facts" in e for e in k.errors)
    # an organisation's own indefinite words join the shipped ones
    (org / "kinds.toml").write_text('check = "content.generic"\nindefinite = ["诸多"]\n', encoding="utf-8")
    k = load([("organisation", org)])
    assert not substance.generic("一是诸多青山镇干部学习不深。", load())
    assert substance.generic("一是诸多青山镇干部学习不深。", k)


@pytest.mark.parametrize("name", ["substance_heldout.json", "substance_heldout2.json",
                                  "substance_heldout3.json", "substance_dev2.json",
                                  "substance_dev3.json", "substance_set4.json",
                                  "substance_set5.json", "substance_dev4.json",
                                  "substance_heldout4.json", "substance_set6.json",
                                  "substance_dev5.json", "substance_set7.json",
                                  "substance_heldout5.json", "substance_heldout6.json",
                                  "substance_dev6.json", "substance_set8.json",
                                  "substance_heldout7.json", "substance_dev7.json",
                                  "substance_set9.json"])
def test_held_out_precision_and_recall(name):
    """The targets of issue 25 (precision ≥ 0.8, recall ≥ 0.7) on the held-out sets and the
    second development set (docs/review.md has which set was used for what)."""
    scores = substance_eval.scores(json.loads((FIXTURES / name).read_text(encoding="utf-8")))
    for code, s in scores.items():
        assert s["precision"] >= 0.8, (code, s["wrong"])
        assert s["recall"] >= 0.7, (code, s["wrong"])


# ------------------------------------------------------------------ the shapes dev 4 taught
# (substance_dev4.json: 统计, 气象, 海关, 社保, 团县委, a 村书记 speaking, 水利局党组, 高校班子)

@pytest.mark.parametrize("text", [
    "一是对数据质量眼里揉不得沙子，一个小数点也要让科室反复核对。",        # exactness as intolerance of error
    "二是容不得半点差错，审单意见逐字逐句把关，同志们觉得我太“抠”。",
    "三是一份活动方案要改五六遍，同事们有时跟不上节奏。",                  # rewrites counted
    "四是对每一份预报产品都要亲自审核签发，压力全揽在自己身上。",          # doing everything oneself
    "五是家里孩子上学、老人看病的事全推给爱人，一心扑在统计数据上。",      # the home left to the family
    "六是这几年光顾着村里的事，家里的地都荒了。",
    "七是一遇到灾害天气就整夜守在平台前，爱人对此颇有怨言。",              # the family's complaint
    "八是一年到头难得休一次假，孩子的家长会基本没去过。",                  # rest and family given up
    "九是宁可自己多跑路，腰椎病犯了也照常下乡。",                          # an illness worked through
    "十是把服务对象的事看得比自己的事还重，节假日值班总是抢着排自己。",    # the served above oneself
    "十一是把实验室当成了家。",
    "十二是接访时总是把来访妇女的事当自家的事。",
    # probes in still other words, each a shape rather than a phrase
    "十三是工作起来就忘了时间，经常忘了吃饭。",                  # absorbed past the basic needs
    "十四是对工作过于痴迷，把工作当成了生命。",
    "十五是一年四季不着家，孩子都说不认识我了。",                # away from home
    "十六是春节期间坚守岗位，没有回老家看望父母。",
    "十七是为了赶工期，连续一个月吃住在工地。",                  # living at work, always on call
    "十八是手机24小时开机，半夜接到电话也马上赶到现场。",
    "十九是满负荷运转，身体亮起了红灯。",                        # the body's warning
    "二十是对工作精雕细琢，有时影响了进度。",                    # exactness by its other names
    "二十一是习惯于高标准严要求，有时让同志们吃不消。",
    "二十二是看到工作没做好就睡不着觉。",                        # worrying over the work
    "二十三是心里总是装着群众，自己的事从来不放在心上。",
    "二十四是对下属太宽厚，总是替他们把事情做了。",              # others' work done for them
])
def test_more_shapes_of_praise_in_disguise(text):
    assert substance.praise(text) is not None


@pytest.mark.parametrize("text", [
    # the zeal that cost something real is the fault reported
    "一是有时工作过于追求速度，审核把关不细，出现过待遇多发的情况。",
    "二是对受助留守儿童的后续帮扶没有跟进。",              # children served, not the writer's family
    "三是光顾着抓经济指标，忽视了党建工作。",              # an imbalance of work, no sacrifice
    "四是没有把群众的事当成自己的事，办事推诿。",          # the virtue negated
    "五是家访只去了一次，还是在期末成绩出来以后。",
    "六是有好处的事抢着干，难办的事往后推。",              # self-interest, not hardship volunteered
    "七是报送的材料被退回后改了三遍才合格。",              # rewrites forced by a failure
    "八是一心扑在招商引资上，对安全生产重视不够，辖区发生了一起火灾。",   # the zeal cost a fire
    "九是作风过于强势，有时听不进不同意见。",              # 强势 is no virtue
    "十是痴迷于打牌，有时影响工作。",                      # absorbed, but not in the work
    "十一是一门心思钻在个人升迁上，对群众的事不上心。",
])
def test_faults_that_borrow_praises_words_are_not_praise(text):
    assert substance.praise(text) is None


@pytest.mark.parametrize("text", [
    # achievements listed clause after clause, one concession at the end — with or without 但
    "一是全年牵头办结行政处罚案件46起，罚没入库1300余万元，科室被评为全关“先进集体”，但案件办理的规范性还有待提高。",
    "二是去年村集体经济收入从8万元增加到了26万元，村里新修了3公里水泥路，装了60盏路灯，不过离群众的期盼还有距离。",
    "三是全年争取救助资金186万元，帮助1200多名妇女实现就业，县妇联被全国妇联表彰为“三八红旗集体”，工作中也存在宣传不够的问题。",
    "四是学习抓得比较紧，每天坚持读书看报，学习笔记记了厚厚几本，但学用结合还不够。",
])
def test_achievements_before_one_concession_take_the_item(text):
    assert substance.praise(text) is not None


def test_a_shortfall_first_is_not_an_achievement_item():
    assert substance.praise("一是我牵头的改造行动推进缓慢，原定120个小区只完成了47个，被评为后进。") is None


@pytest.mark.parametrize("text", [
    "一是个别报关企业诚信意识差，伪报瞒报时有发生。",          # those served or supervised
    "二是有的参保群众对政策一知半解，动不动就到窗口吵闹。",
    "三是现场关员有的工作作风生硬。",                          # the quantifier after the people
    "四是现在的年轻预报员吃不了苦，夜班值守时有脱岗现象。",    # a generation as a class
    "五是有的老党员思想保守，村里搞产业他们总是唱反调。",
    "六是上面来的任务太多，表格一个接一个，我们村干部疲于应付。",  # the load from above
    "七是一些村妇联主席年龄偏大、能力偏弱。",
    "八是查档群众有时提的要求不合理。",
    "九是少数基层站所执行政策走样。",                          # units under the writer
    "十是所辖乡镇对河长制工作重视不够。",
    "十一是分管的科室作风散漫，上班时间玩手机。",
    "十二是班子其他成员分工负责的工作推进慢。",
    "十三是窗口工作人员存在“冷硬横推”现象。",                  # a kind of staff
    "十四是临聘人员流动性大，业务不熟。",
    "十五是个别村“两委”干部优亲厚友。",
])
def test_others_of_every_kind_as_the_subject(text):
    assert substance.blames_others(text)


@pytest.mark.parametrize("text", [
    "一是一些群众反映窗口办事慢，我没有及时过问。",            # others complaining are witnesses
    "二是部分家长对作业布置有看法，学校没有及时解释。",
    "三是年轻干部的老毛病我都有：说得多做得少。",              # the writer in the class
    "四是家里老人住院几次都没顾上去陪护。",                    # 老人 is the writer's family
    "五是对上级部署的任务落实不力，有的打了折扣。",            # the writer's task, governed
    "六是作为一名老党员，带头作用发挥不够。",
    "七是联系群众不够紧密，对群众的所思所盼了解不全。",        # the writer serving them
    "八是办理群众来信时，曾把一封来信搁置了两周。",
    "九是分管的科室干部队伍建设抓得不实。",                    # their 建设 is the writer's task
    "十是临聘人员管理制度没有建立起来。",
    "十一是人员不足，很多工作推不动。",
    "十二是年轻干部培养使用不够。",                            # the others as the writer's task
    "十三是有的干部教育管理不到位。",
])
def test_others_as_witnesses_family_or_the_writers_own_class_are_not_blamed(text):
    assert not substance.blames_others(text)


def test_a_root_free_cause_in_other_words_restates_a_rooted_one_does_not():
    problems = [
        "二是去年四季度入库审核时，我听信乡镇的汇报，没有到企业现场核实。",
        "七是调研走过场，到基层多是听汇报、看台账。",
        "八是我对乡镇统计员的业务指导抓得不够。",
    ]
    from addin_server.checks.correspondence import content_words
    words = set().union(*(content_words(p) for p in problems))
    paraphrase = "（二）对统计质量的把关不够严格，下基层核实少，坐在办公室听汇报多，对乡镇统计员指导不够。"
    assert substance.cause_restates(paraphrase, words) is not None
    for rooted in ("三是全面从严治党主体责任没有压实，对乡镇统计员指导不够。",
                   "三是存在“等靠要”思想，总认为核实是乡镇的事，自己主动作为不够。"):
        assert substance.cause_restates(rooted, words) is None, rooted


def test_a_root_is_a_quality_of_mind_the_problems_have_not_already_named():
    from addin_server.checks.correspondence import content_words
    problems = ["五是对基金安全的风险意识不强，稽核工作多是走程序。", "六是窗口服务态度冷硬。",
                "七是跨部门数据没有打通，全县发展大局考虑少。"]
    words = set().union(*(content_words(p) for p in problems))
    said = "".join(problems)
    # 风险意识 is the problems' own word: repeating it is no root
    repeated = "二是风险意识不强，稽核走程序，窗口服务冷硬，对队伍教育管理抓得松。"   # half the problems' words
    assert substance.cause_restates(repeated, words, problems_text=said) is not None
    assert substance.cause_restates(repeated, words) is None   # without the problems' text it would pass as rooted
    # a quality of mind no list names (大局意识), new to the problems, is a root
    new_root = "三是大局意识不强，考虑问题多从本部门出发，对全县发展大局考虑少。"
    assert substance.cause_restates(new_root, words, problems_text=said) is None


@pytest.mark.parametrize("text", [
    "一是按期完成整改任务，确保整改取得实效。",            # a promised time that states none
    "二是近期对照问题清单，认真抓好整改落实。",            # 对照 with no check after it
    "三是立即整改，切实转变工作作风。",
    "四是进一步完善基金监管制度机制。",                    # 完善 and a document named by its kind
    "五是建立健全长效机制，巩固整改成果。",
    "六是严格落实中央八项规定精神，持续推进作风建设常态化长效化。",   # 八项 counts nothing
    "七是以“气象服务提升年”为抓手，全面提升服务水平。",    # a campaign's name, no act
    "八是深入开展“统计法治宣传月”活动，营造良好氛围。",
    "九是加强对站所负责人的管理，切实提高服务水平。",      # 负责人 managed, not appointed
    "十是力争短期内见到成效。",
    "十一是在今后的工作中，更加注重调查研究。",
])
def test_measures_that_only_sound_concrete_are_vague(text):
    assert substance.vague_measure(text)


@pytest.mark.parametrize("text", [
    "一是对照问题清单逐项自查，发现问题当场交办。",
    "二是对今年以来的采购合同开展一次全面复查。",            # one occasion is a count
    "三是每学期对学习困难的学生至少家访一次。",              # a school's calendar is a rhythm
    "四是修订《县水旱灾害防御应急预案》。",
    "五是下半年抓好团干部作风建设。",                        # only a deadline: still a deadline
    "六是明确一名负责人跟踪办理。",
    "七是春节前走访困难党员。",                              # a moment everyone can date
    "八是换届前把遗留问题处理完。",
    "九是下周起坚持跟班作业。",                              # a start
    "十是用一个月时间集中整治。",                            # a span
    "十一是由我负总责，分管领导具体抓。",                    # owners in other words
    "十二是从下个月开始，每次党组会先学习。",                # a rhythm by occasion
])
def test_measures_with_an_action_a_time_or_an_owner_are_not_vague(text):
    assert not substance.vague_measure(text)


@pytest.mark.parametrize("text", [
    "一是对统计法律法规学得不系统。",                            # 系统 after 不 is a predicate
    "二是有些乡镇统计员身兼数职。",                              # 乡镇 is a common compound
    "三是防御预案多年没有修订。",                                # 预案 is no case
    "四是一些实事项目群众知晓率不高。",                          # a quantified kind names no project
    "五是一些骨干流失到民营医院。",                              # 民营 sorts, it does not name
    "六是备课熬到深夜，影响了第二天的精神状态。",                # a relative day is no date
    "七是有的医生收受“红包”的苗头没有及时发现。",                # misconduct as a risk is no case
    "八是对冒领养老金的问题缺少有效防范。",
    "九是腰椎病犯了也照常下乡。",                                # 下乡 is the act, not a place
    "十是调研走马观花，没有摸清村里的真实情况。",                # 村里 is where, not which
    "十一是在主题教育期间，学习不够深入。",                      # a campaign every material names
    "十二是工作期间有时玩手机。",
    "十三是年轻干部的老毛病我都有。",                            # 老毛 is no 老王
    "十四是我任局长以来，调研少，有事向书记汇报不及时。",        # 任、向 before a post are no surname
    "十五是党建与生产经营“两张皮”。",                            # a set phrase's number
    "十六是没有做到当天的事当天办。",                            # a slogan's 当天
    "十七是对营造政治清明的环境用力不够。",                      # 清明 without 节
    "十八是服务春耕生产不到位，片面追求高考升学率。",            # seasons and exams as kinds
])
def test_common_nouns_relative_days_and_kinds_of_misconduct_are_no_facts(text):
    assert substance.generic(text), substance.facts(text)


@pytest.mark.parametrize("text", [
    "一是对“退休一件事”联办改革推进不力。",                      # a quoted name with what it names
    "二是对“官僚化”苗头，我只在例会上提了提。",                  # the one occasion it was left to
    "三是家访只去了一次。",                                      # the one time it was done
    "四是负责的社区出租屋信息没有及时更新，上级检查时被扣了分。",
    "五是学院有6门课程教学大纲多年未更新。",
    # a time as people tell it, a person as colleagues name one, a count in its measure word, a rank
    "六是上个月局务会上，我对分歧意见没有充分讨论就拍了板。",
    "七是春耕期间化肥价格上涨，我没有及时组织调研。",
    "八是那年抗洪，我在指挥部待着，很少到堤坝上去。",
    "九是老王反映的宅基地问题，我拖了半年才答复。",
    "十是张书记交办的事拖着没办。",
    "十一是中秋节收了下属送的两盒月饼。",
    "十二是有一回群众到办公室找我，我让他去找科室。",
    "十三是区里开展营商环境评估时，我局排名倒数第二。",
    "十四是我在乡镇工作二十多年，对新政策学得不深。",             # a count of years, not 多年
])
def test_episodes_and_quoted_names_are_facts(text):
    assert not substance.generic(text)


def test_the_command_lists_checks_and_judges_files_and_sentences(tmp_path):
    import subprocess

    def run(*args):
        return subprocess.run([sys.executable, "-m", "addin_server", "substance", *args],
                              capture_output=True, text=True, env={**__import__("os").environ,
                                                                   "ADDIN_SERVER_CONFIG_DIR": str(tmp_path)})

    listed = run()
    assert listed.returncode == 0 and "generic.toml" in listed.stdout and "内置" in listed.stdout
    bad = tmp_path / "bad.toml"
    bad.write_text('check = "content.generic"\nfacts = ["(broken"]\n', encoding="utf-8")
    checked = run("--check", str(bad))
    assert checked.returncode == 1 and "bad.toml:facts[0]" in checked.stderr
    judged = run("二是去年8月在青山镇防汛时我没有到现场。")
    assert judged.returncode == 0 and "青山镇" in judged.stdout and "月在" not in judged.stdout
    vague = run("--as", "measure", "进一步加强学习，不断提高认识。")
    assert vague.returncode == 1 and "措施空泛" in vague.stdout


def test_others_acting_first_and_collective_titles_with_the_year_at_the_end():
    """Others who act on something (对/把 after them) are the subject even when the object is a
    campaign named …教育; a unit's material keeps its theme before the year (年 at the end)."""
    assert substance.blames_others("有的青年教师对党纪学习教育认识不到位，学习效果不理想。")
    assert not substance.blames_others("年轻干部培养使用不够，梯队建设滞后。")
    assert substance.is_collective("××区人民法院党组主题教育专题民主生活会对照检查材料（2023年）")
    assert substance.is_collective("中共××区××街道工作委员会深入贯彻中央八项规定精神学习教育专题民主生活会对照检查材料（2025年）")
    assert not substance.is_collective("××县农业农村局党组书记、局长2024年度民主生活会个人对照检查材料")


@pytest.mark.parametrize("text", [
    "对“两个结合”特别是“第二个结合”的理解停留在字面上，没能用来指导工作。",   # counts inside slogans
    "对“三个规定”记录报告落实情况检查不够严。",
    "对偏远村的实际情况了解不多。",                                          # a kind of village
    "总想着各项工作都要在全省系统争先进位。",                                # a whole jurisdiction
])
def test_slogans_kinds_and_jurisdictions_are_no_facts(text):
    assert substance.generic(text)


def test_a_named_village_and_a_counted_slogan_with_a_real_number_stay_facts():
    assert not substance.generic("今年到桃花岭村走访只有两次，对留守老人的情况了解不及时。")
    assert not substance.generic("“两个结合”专题研讨全年只开了1次。")


def test_a_root_as_a_heading_over_the_problems_listed_as_its_manifestation_restates():
    problems = ["一是对意识形态阵地把关不严，讲座报告会审批流于形式。", "二是执行民主集中制打折扣，重大事项会前沟通少。",
                "三是采购程序不规范，去年有2个项目先采购后补手续。"]
    words = set().union(*(content_words(p) for p in problems))
    listed = "（二）党性修养有所放松。主要表现在对意识形态阵地把关不严、执行民主集中制打折扣、采购程序不规范等方面。"
    assert substance.cause_restates(listed, words) is not None
    after = "担当精神不足。意识形态阵地把关不严、采购程序不规范，都是担当不够的表现。"
    assert substance.cause_restates(after, words) is not None
    shows = "二是担当意识有所减退，意识形态阵地把关不严、采购程序不规范、民主集中制执行打折扣，都说明自己担当作为不够。"
    assert substance.cause_restates(shows, words) is not None
    # the same heading over an analysis of the root, not the problems again, is a cause
    analysed = ("（二）党性修养有所放松。主要表现在把自己混同于一般群众，放松了党性锻炼和思想改造，"
                "对党员义务和标准的认识淡化，自我革命的勇气有所减退。")
    assert substance.cause_restates(analysed, words) is None


# ------------------------------------------------------------------ the shapes set 6 and dev 5 taught
# (substance_set6.json, substance_dev5.json): praise judged by shape — a virtue with no fault
# before the turn, only a mild shortfall after it — and blaming by the subject of the opening.
# Probes in other words than the sets'.

@pytest.mark.parametrize("text", [
    "一是我对财务数据把关很严，每笔报销都要逐笔核对，但对科室同志的业务指导还不够。",   # strictness
    "二是班子成员干劲很足，遇到急难任务说干就干，有时对长远规划考虑偏少。",               # zeal, speed
    "三是我业务功底比较扎实，但在理论学习上下的功夫相对不足。",                           # ability
    "四是我一有警情就第一个赶到现场，结果对所里的内务管理抓得不够。",                     # no turn word but 结果
    "五是我周末也泡在车间里，节假日也很少休息，对青年职工的思想动态了解不多。",           # no turn: the first mild clause
    "六是我手机从不离手，群众的电话随时接，有时影响了自己的学习时间。",                   # a virtue said with 不
    "七是连续五年没有发生重大安全事故，企业投诉同比下降30%，但在智慧监管上还有差距。",   # a negated loss
    "八是看到下属的方案不满意，索性自己动手重做，没有给年轻人锻炼的机会。",               # others' work redone
])
def test_a_virtue_conceded_into_a_mild_shortfall_is_praise_whatever_its_words(text):
    assert substance.praise(text) is not None


@pytest.mark.parametrize("text", [
    "一是业务能力强，但监管不力，造成国有资产损失。",              # a real fault and loss after the turn
    "二是对下属要求过于宽松，有时批评教育不够。",                  # a virtue's absence
    "三是我心软，群众来求情就想办法帮着办，有时违反了程序。",      # a violation, however mildly put
    "四是节假日也接受管理服务对象宴请，有时影响了工作效率。",      # a perk before the turn
    "五是一有问题就推给下属，担当不够。",                          # 一有…就 shirking, not rushing in
    "六是过于追求排名，有时决策不够科学。",                        # the object is itself a fault
    "七是工作热情不高，对新业务钻研不够。",                        # the virtue negated
    "八是对安全工作抓得紧，但去年还是发生了一起较大事故。",        # a real loss
    "九是放不下架子，与群众交流不够。",                            # 放不下 a fault here
    "十是监管不严，但没有发生事故，整改还不够及时。",              # a fault before the turn
])
def test_a_fault_or_a_loss_on_either_side_of_the_turn_is_no_praise(text):
    assert substance.praise(text) is None


@pytest.mark.parametrize("text", [
    "一是有的实习生违规查阅患者隐私信息。",                        # persons named by their ending
    "二是个别养殖户私自向河道排放粪污。",
    "三是有的课题组经费报销不规范。",
    "四是去年汛期抢险中，施工队擅自撤离堤防值守点。",              # a setting first, a crew as subject
    "五是有的老教师觉得自己快退休了，不愿意参加教研活动。",        # 自己 is theirs
    "六是我院个别医生收受医药代表宴请。",                          # 我院: the unit, not the writer
])
def test_others_named_by_any_person_or_team_noun_are_blamed(text):
    assert substance.blames_others(text)


@pytest.mark.parametrize("text", [
    "一是有的账户长期不动，清理不及时。",                          # 账户 names no person
    "二是部分专家学者的意见没有充分听取。",                        # what they say, the writer's to hear
    "三是审计组建设不够，人员结构老化。",                          # the team the writer's task
    "四是在对个别干部的考核中，失之于宽。",                        # others inside the setting, governed
    "五是领导小组存在议而不决的现象。",                            # the writer's own body
    "六是督导组指出的问题整改不彻底。",                            # a team as witness, not as doer
    "七是我对有的实习生带教不够，自己示范少。",                    # the writer acting
    "八是有的老党员的困难没有及时了解。",
])
def test_others_as_objects_settings_or_witnesses_are_not_blamed(text):
    assert not substance.blames_others(text)


@pytest.mark.parametrize("text", [
    "一是对工作标准要求较高，习惯于亲自把关，有时对下属放手不够。",        # a degree between: 较高
    "二是我责任心比较强，怕出差错，很多事情都要亲自过问，导致基层同志主动性发挥不够。",
    "三是本人长期在基层一线工作，吃苦耐劳，但理论素养相对欠缺。",          # the genre's set words
    "四是班子成员团结协作、干劲十足，但对长远发展谋划不够。",
])
def test_virtues_with_a_degree_or_in_the_genres_set_words_are_conceded_praise(text):
    assert substance.praise(text) is not None


@pytest.mark.parametrize("text", [
    "一是我对待群众热情周到，有求必应，有时没有坚持原则。",    # a real fault after the turn
    "二是责任心不强，怕出问题，遇到难事绕着走。",
    "三是干劲不足，工作标准不高，有时应付了事。",
    "四是我效率不高，材料经常拖延，完成不够及时。",
    "五是我是技术出身，但抓党建的办法不多。",                  # a background is no virtue
])
def test_virtues_negated_or_followed_by_a_real_fault_are_no_praise(text):
    assert substance.praise(text) is None


@pytest.mark.parametrize("text", [
    "一是个别承包商拖欠农民工工资。",
    "二是辖区有的小区物业不作为。",
    "三是新招录的公务员眼高手低，不愿意到基层。",     # a trade opening the clause with a habit
    "四是驾驶员经常私自出车。",
])
def test_others_named_by_a_trades_ending_are_blamed(text):
    assert substance.blames_others(text)


@pytest.mark.parametrize("text", [
    "一是作为党员经常不参加组织生活。",               # the writer, 作为
    "二是党员意识淡化，有时对自己要求不严。",         # a quality, not a person doing
    "三是协商民主作用发挥不够。",
    "四是部分商业网点消防隐患排查不彻底。",
    "五是我对承包商监管不严。",
    "六是有些商户的诉求没有及时回应。",
])
def test_trade_words_as_qualities_objects_or_the_writer_are_not_blamed(text):
    assert not substance.blames_others(text)


# ------------------------------------------------------------------ margins beyond set 7's wordings
# The classes set 7's misses belong to, probed in other words than any set's: devotion told as
# deeds, achievements counted and then judged by the writer, doing it oneself, the team's ability;
# blaming a crew named with no quantifier; a root heading over the problems listed again; a rule
# of conduct as a measure.

@pytest.mark.parametrize("text", [
    "一是防汛最紧张的那段时间，我推掉了探亲假，带队吃住在大堤上，对局里的日常事务过问少了。",     # leave given up
    "二是春运期间我和站上同志一起坚守岗位，只是对青年职工的思想引导不够。",                       # at one's post
    "三是秋收防火期间连续二十天值班，有时对其他分管工作顾不上。",                                 # on and on
    "四是为了完成脱贫攻坚任务，舍小家顾大家，但对党建工作研究偏少。",                             # the family put after
    "五是急诊人手紧张时，我把自己当成普通住院医师排班，但医院管理上的谋划相对不足。",             # rank put aside
    "六是全年排查燃气隐患1200余处，调处矛盾纠纷86起，效果较好，但经验总结不够。",                 # counted, then judged
    "七是项目推进中我事事都要亲自盯，每周要自己去工地看一次，导致中层干部主动性发挥不够。",       # doing it oneself
    "八是班子成员技术上个个是行家，但对党务工作比较陌生。",                                       # the team's ability
])
def test_devotion_told_as_deeds_and_counted_feats_judged_by_the_writer_are_praise(text):
    assert substance.praise(text) is not None


@pytest.mark.parametrize("text", [
    "一是春节期间虽然坚守岗位，但值班时多次离岗，被市里通报。",            # a real fault after the turn
    "二是全年排查隐患80处，但有30处整改不到位，后来发生了一起事故。",       # a real loss
    "三是连续值守不到位，有2个夜班无人在岗。",                              # the deed itself failed
    "四是过于追求考核排名，为了名次搞突击、做表面文章。",                  # the object a fault
    "五是干工作爱讲条件，分配任务时挑肥拣瘦。",                            # bargaining, a real fault
    "六是带队检查的15家企业中，有6家问题没有复查。",                        # those checked, not a feat
])
def test_devotion_or_counts_beside_a_real_fault_or_loss_are_no_praise(text):
    assert substance.praise(text) is None


@pytest.mark.parametrize("text", [
    "一是项目外聘监理人员责任心不强，旁站记录多次补签。",            # people with no quantifier, their fault
    "二是易地搬迁安置点居民“等政府送上门”思想严重。",
    "三是物业保安队伍纪律松弛，夜间巡逻走过场。",                    # a crew
    "四是驻点帮扶工作队管理混乱，台账弄虚作假。",                    # 管理混乱: the crew's own disorder
    "五是进修医生积极性不高，病历书写敷衍。",
])
def test_people_or_a_crew_opening_the_item_with_their_fault_are_blamed(text):
    assert substance.blames_others(text)


@pytest.mark.parametrize("text", [
    "一是对外聘监理人员管理松散，旁站记录多次补签。",                # governed by 对: the writer's
    "二是我对驻村工作队管理松散，没有定期听取汇报。",                # the writer acting
    "三是党员意识淡薄，有时把自己混同于一般群众。",                  # a quality named by a group's word
    "四是群众观念淡薄，接待来访时态度生硬。",
    "五是施工队伍管理不到位，安全交底走过场。",                      # 管理 the writer's task
    "六是联系群众不够，服务态度生硬。",                              # the writer serving them
])
def test_the_writers_failing_towards_people_or_a_quality_is_not_blaming(text):
    assert not substance.blames_others(text)


def test_a_root_heading_over_the_problems_listed_again_with_no_marker_restates():
    problems = ["一是对外包服务合同履约情况很少过问，保洁质量下降。", "二是节日期间收到下属单位送的月饼，没有登记上交。",
                "三是信访积案化解推进缓慢，有3件超过办理时限。", "四是对青年干部谈心谈话少，思想动态掌握不准。"]
    words = set().union(*(content_words(p) for p in problems))
    said = "\n".join(problems)
    for heading in ["（二）宗旨意识有所淡化。", "二是廉洁自律意识方面：", "2.担当精神不足；"]:
        listed = heading + "外包服务合同履约很少过问，收到月饼没有登记上交，信访积案化解推进缓慢，青年干部谈心谈话少。"
        assert substance.cause_restates(listed, words, problems_text=said) is not None, heading
    # the same headings over an analysis of the root: a way of thinking told, or its own words
    thinking = "（二）宗旨意识有所淡化。总觉得信访积案是历史遗留，把化解积案看成额外负担，合同履约也当作小事。"
    assert substance.cause_restates(thinking, words, problems_text=said) is None
    own = "二是廉洁自律意识方面：对“小节”的危害估计不足，放松了自我约束，没有守住拒礼拒贿的防线。"
    assert substance.cause_restates(own, words, problems_text=said) is None


@pytest.mark.parametrize("text", [
    "一是到企业调研一律轻车简从，不得安排地方陪同。",
    "二是出差期间一概不接受当地宴请。",
    "三是今后评审会不再收受评审费以外的任何礼品。",
    "四是重大开支事项一律先报党组会议研究。",
])
def test_a_concrete_rule_of_conduct_is_an_action(text):
    assert not substance.vague_measure(text)


@pytest.mark.parametrize("text", [
    "一是今后一律从严要求自己。",
    "二是坚决不再犯类似错误。",
    "三是不得有丝毫松懈，始终保持清醒头脑。",
    "四是严禁搞形式主义、官僚主义。",
])
def test_a_rule_that_names_no_act_is_still_vague(text):
    assert substance.vague_measure(text)


# ------------------------------------------------------------------ the subject by structure (dev 6)
# Others as the subject whatever the quantifier: a short noun phrase opening the clause that ends in
# a staff head (a post, a trade, …员), then its predicate; probed in wordings no set holds, beside
# the writer's own failing towards them and the heads that only modify another noun.

@pytest.mark.parametrize("text", [
    "一是档案室管理员借阅登记随意，丢过材料。",                # an …员 with no quantifier
    "二是窗口几位年轻科员接待群众不耐烦。",                    # a place, a count, a kind, the head
    "三是车间班组长们安全交底走过场。",                        # a post and 们
    "四是项目部技术员小王、小李他们资料造假。",                # named colleagues after the head
    "五是局里执法大队那边，协管员素质参差不齐。",              # where, as a setting first
    "六是科室主任们各管一摊，遇到交叉事项互相推诿。",
    "七是下面的人报喜不报忧，真实情况反映不上来。",            # those below the writer
    "八是外包公司偷工减料，工程质量不过关。",                  # the firm the unit hired
    "九是新提拔的中层干部不敢管、不愿管。",                    # a verb in a modifier of when
    "十是有的同志对政策掌握不准，解答群众咨询照本宣科。",      # they act on it first: theirs
])
def test_staff_opening_the_clause_are_its_subject_with_or_without_a_quantifier(text):
    assert substance.blames_others(text)


@pytest.mark.parametrize("text", [
    "一是对窗口科员的业务培训不够。",                          # governed by 对
    "二是党员身份意识淡化。",                                  # a quality of the writer's class
    "三是干部交流轮岗推进慢。",                                # the writer's task about them
    "四是人员不足，很多工作推不动。",                          # their shortage, the writer's lot
    "五是带教年轻护士不够用心。",                              # the writer's verb first
    "六是组织党员开展志愿服务少。",
    "七是班子成员之间谈心谈话少。",                            # the writer's own body
    "八是党组成员下基层调研不够经常。",
    "九是提拔干部不够大胆。",                                  # the writer's act on them
    "十是村干部报酬待遇偏低的问题没有解决好。",                # their lot, the writer's to settle
    "十一是主任办公会议事规则执行不严。",                      # a meeting named after a post
    "十二是对外包公司监管不严。",
    "十三是青年干部思想动态掌握不准。",                        # the writer's handling of them
    "十四是干部职工思想政治工作做得不细。",
])
def test_staff_as_objects_qualities_or_the_writers_own_body_are_not_the_subject(text):
    assert not substance.blames_others(text)


# ------------------------------------------------------------------ praise by its classes (dev 6)
# Self-praise read by the parts it is made of — an every-word and the writer's own hand (天天、每一张
# … 亲自、自己去), the hours at their extremes, persisting until it satisfies (不…不罢休), the team's
# expertise with its field between, being the one everyone turns to — conceded into a side effect
# (分散了…精力、跟不上、相对薄弱、因此推迟). Probed in wordings no set holds, beside real faults.

@pytest.mark.parametrize("text", [
    "一是每次下乡我都要自己去把农户的账本翻一遍，乡镇干部反倒插不上手。",
    "二是项目上的图纸每一张都要亲自过目，设计院的同志有时觉得束手束脚。",
    "三是科室的年轻人个个都是技术上的尖子，只是政治理论学习相对薄弱。",
    "四是稿子不改到自己满意不罢休，经常熬到后半夜，节奏上有时跟不上。",
    "五是全乡的群众有事都喜欢找我，我也从不推辞，结果一些该由站所办的事都压到了自己身上，站所同志锻炼少了。",
    "六是样样工作都想亲自抓，一定程度上分散了抓班子建设的精力。",
    "七是一连熬了十几个通宵赶材料，因此推迟了支部的主题党日。",
    "八是一份报表的数据要自己一个个核过才放心，有时候影响了上报时效。",
    "九是这些年一直冲在招商一线，一年有两百多天在外地跑项目，机关内部管理相对松了一些。",
    "十是来访的群众我都亲自接待，有时候接待时间过长影响了其他工作。",
    "十一是抗洪抢险中三天三夜没合眼，但对后勤保障考虑不周。",
    "十二是推进重点项目时常常一个人顶几个人用，统筹谋划的时间少了。",
])
def test_self_praise_by_its_classes_conceded_into_a_side_effect(text):
    assert substance.praise(text) is not None


@pytest.mark.parametrize("text", [
    "一是总是自己说了算，班子其他成员的意见听得少。",          # the writer's hand is the fault
    "二是天天在办公室看材料，下基层少。",                      # an every-word, no hand of the writer's
    "三是深夜还在外面应酬，影响了第二天的工作。",              # the hour, not the work
    "四是每周都要亲自跑一趟的项目，我只去过两次。",            # the virtue's absence
    "五是个个都是行家的班子，却出了3起安全事故。",             # a loss
    "六是天不亮就出门打牌，对工作过问少了。",                  # a real fault
    "七是学习不深不透，理论功底相对薄弱。",                    # no virtue at all
    "八是对分管工作都亲自过问不够，多是听汇报。",              # the virtue negated
    "九是冲在一线的同志保障不够，我过问少了。",                # others in front, the writer's lapse
    "十是习惯自己拍板，搞“一言堂”，班子成员意见大。",
])
def test_the_classes_beside_a_real_fault_or_no_virtue_are_no_praise(text):
    assert substance.praise(text) is None


def test_a_pattern_names_its_parts_from_the_files_classes_and_an_unknown_one_is_an_error():
    _, _, fields = parse({"check": "content.praise_as_problem", "classes": {"every": "天天|每周"},
                          "virtue": ["{every}[^，]{0,4}亲自"]}, "x.toml")
    assert fields["virtue"][0].search("每周都要亲自跑") and not fields["virtue"][0].search("亲自跑")
    with pytest.raises(KnowledgeError, match=r"x.toml:virtue\[0\]: names an unknown class \{often\}"):
        parse({"check": "content.praise_as_problem", "classes": {"every": "天天"}, "virtue": ["{often}亲自"]}, "x.toml")
    with pytest.raises(KnowledgeError, match=r"x.toml:classes.every: is not a valid regular expression"):
        parse({"check": "content.praise_as_problem", "classes": {"every": "(天天"}}, "x.toml")


def test_a_root_label_names_its_heading_group_and_a_marker_alone_is_a_label_too():
    with pytest.raises(KnowledgeError, match=r"x.toml:root_label: must name the group \(\?P<heading>"):
        parse({"check": "content.cause_restates", "root_label": "主要表现在"}, "x.toml")
    problems = ["一是对群众健康科普需求回应不够，宣传形式老一套。", "二是对下属单位的经费使用监督不严，只管批钱不问效果。"]
    words = set().union(*(content_words(p) for p in problems))
    said = "\n".join(problems)
    # the root a heading, a marker, the problems again: one label, one list
    listed = "1.宗旨意识有所淡化。主要表现在对群众健康科普需求回应不够、宣传形式老一套，对下属单位经费只批不问。"
    assert substance.cause_restates(listed, words, problems_text=said) is not None
    analysed = "2.宗旨意识有所淡化。总认为科普是宣传部门的事，把群众的需求当成了额外负担。"
    assert substance.cause_restates(analysed, words, problems_text=said) is None


@pytest.mark.parametrize("text, blamed", [
    ("三是相关职能部门配合不够，联合执法难以开展。", True),        # units beside the writer's
    ("七是市局业务处室下达任务层层加码，基层疲于应付。", True),    # units above it
    ("八是其他科室推诿扯皮，影响了整体进度。", True),
    ("一是上级部门部署的工作落实不到位，存在打折扣现象。", False),  # their deed over the writer's task
    ("二是与相关部门沟通协调不够，形成合力不足。", False),          # the writer's own failing
    ("四是兄弟单位的好经验好做法学得不够。", False),
    ("五是对外包服务企业的监管不严，2025年3月发生数据泄露1起。", False),
    ("十是相关部门反映的问题整改不及时。", False),
])
def test_other_units_as_the_subject_are_blamed_their_deeds_as_the_writers_task_are_not(text, blamed):
    assert bool(substance.blames_others(text, substance.knowledge())) is blamed


@pytest.mark.parametrize("text", [
    "一是对“00后”年轻干部的所思所想了解不深，交流的机会不多。",      # a generation, no number
    "二是对业务规范要求近乎苛刻，一份案卷要反复退改，影响了进度。",    # 案卷 is a file, no case
    "三是学习不够系统，没有形成系统的思维和方法。",                    # 系统 as an adjective
])
def test_a_generation_a_file_and_an_adjective_are_no_facts(text):
    assert substance.generic(text, substance.knowledge())


@pytest.mark.parametrize("text", [
    "一是2023年以后才开始推进档案数字化。",          # a year is still a number
    "二是张某案办理中没有及时向党组报告。",          # a case's name
    "三是不动产登记系统上线后，群众反映办件慢。",     # a named system
])
def test_numbers_cases_and_named_systems_stay_facts(text):
    assert not substance.generic(text, substance.knowledge())


@pytest.mark.parametrize("text, generic", [
    ("四是攻坚克难的劲头不足。学校推进“双减”课后服务时，我以家远为由只承担了最低课时。", False),
    ("五是处理一起邻里纠纷时，我图省事只做了口头调解。", False),     # an occasion, then the writer
    ("一是工作忙时，我有时放松了学习。", True),                       # a habit, not an episode
    ("二是平时，我对自己要求不严。", True),
    ("三是遇到困难时，我总是先想到退缩。", True),
])
def test_the_writer_acting_at_a_told_occasion_is_an_episode(text, generic):
    assert substance.generic(text, substance.knowledge()) is generic


# ------------------------------------------------------------------ praise and others by their parts
# (substance_dev7.json, held-out 7: a virtue in words no class had — 舍得花力气、抓得过细、都很拼、
# 从不静音 — caught by the classes of praise.toml, not by their phrases)

@pytest.mark.parametrize("text", [
    "一是对材料质量抠得太细，一个数据要核三四遍，有时同志们跟不上。",          # handling + excess + care
    "二是对分管领域的每项数据都抓得过严，统计人员有时觉得压力大。",
    "三是对业务钻研得太深，常常一个问题琢磨到深夜，对政治理论学习相对少了一些。",
    "四是对这份事业舍得下功夫，只是对新媒体还比较陌生。",                      # toil willingly spent
    "五是干工作一向很拼，身体也出了些小毛病，对自身学习有所放松。",            # zeal + the body's cost
    "六是对群众的事情太上心，谁来找都亲自接待，分管的其他工作有时顾不过来。",
    "七是手机从不关机，群众什么时候打电话都接，有时精力跟不上。",              # a pause never taken
    "八是春节、国庆都在岗位上度过，对个人学习有所放松。",                      # the hours off, at work
    "九是长期扎在项目工地上，周末也照常到现场，对理论学习有所放松。",
    "十是工作起来不分白天黑夜，有时忽略了同志们的感受。",
    "十一是我把全部心思都放在了脱贫攻坚上，三年没有回过老家，对父母尽孝不够。",  # the family's due
    "十二是凡事都想做到最好，常常把工作带回家，陪孩子的时间少。",
    "十三是我对自己分管的工作放不开手，大事小情都要过一遍，同志们的主动性没有充分调动起来。",
    "十四是工作中总有一股不服输的劲头，有时候给同志们压力过大。",
    "十五是对标一流、追求卓越，有时目标定得偏高。",
    "十六是工作热情高而方法简单，有时效果不理想。",                            # 而 as the turn
    "十七是接待来访总想一次答复到位，往往一坐就是好几个小时，其他工作只能往后放。",
    "十八是能到现场就亲自去，刮风下雨也照常出，办公室的事务被挤到了后面。",
    "十九是我这个人比较较真，看到不规范的地方就忍不住要管，有时让同事觉得不近人情。",  # a fault noticed
    "二十是对待工作有股“钻劲”，一个难题不啃下来就吃不下饭，有时对身边同志的情绪照顾不到。",
    "二十一是习惯于“高标准、快节奏”，给科室定的目标常常比上级要求还高，大家跟着压力不小。",
    "二十二是工作中总是身先士卒，急难险重任务都抢在前面，对发挥班子其他成员作用重视不够。",
    "二十三是分管的业务多，经常身兼数职，白天跑现场、晚上写材料，学习时间被挤占。",
    "二十四是始终把群众的事放在第一位，个人的事一拖再拖，体检都好几年没去了。",
    "二十五是带队驻村期间几乎天天在村里，一个月难得回一次家，对机关的日常工作顾及较少。",
    "二十六是在项目推进中始终坚持一线工作法，大部分时间都在工地，对机关内部管理关注不够。",
    "二十七是工作上一直秉持“今天再晚也要把事办完”的习惯，有时候让身边同志加班较多。",
    "二十八是工作上只讲奉献不讲条件，组织安排什么就干什么，对个人的成长规划考虑得少。",
    "二十九是对自己管得过严，从不接受任何宴请，有时显得不合群。",              # a perk refused
    "三十是全年共走访企业120余家，协调解决问题86个，推动3个重点项目落地，但总结宣传不够。",
    "三十一是凡是涉及群众利益的事总想办得周全再周全，反复征求意见，有时错过了最佳推进时机。",
    "三十二是我分管的工作多，常常顾此失彼，但从来没有因为个人原因耽误过工作。",  # the boast after the turn
    "三十三是多年来坚持每天最早到岗、最晚离开，对年轻干部的传帮带还不够。",
    "三十四是对群众反映的问题总想一竿子插到底，亲自跑、亲自问，有时越过了分管同志。",
    "三十五是对分管的审批事项盯得很紧，每份件都要过目签字，有时企业觉得程序走得慢。",
    "三十六是把全部时间都花在了业务上，理论学习有时只能挤在睡前。",
    "三十七是对群众的急难愁盼事情总是想办法当天解决，有时候对规定程序执行得不够严格。",
    "三十八是在防汛关键期连续二十多天住在办公室，对其他工作有所放松。",
    "三十九是工作标准定得比较高，对同志们的要求也相应高一些，有的同志感觉压力较大。",
    "四十是作为分管生产的副总，对安全生产抓得过紧过细，有时让基层班组觉得管得太多。",
    "四十一是接诊时总想多问几句、多查一项，有时患者等候时间长了些。",
    "四十二是我对自己的要求一直很严，工作上从不允许出现半点差错，有时也把这种要求带给了身边同志，让大家比较紧张。",
    "四十三是工作中总是把困难留给自己、把方便让给别人，有时放松了对同志们的严格要求。",
    "四十四是对专业技术有一种执念，总想把每个工艺参数都吃透，有时在技术细节上花的时间过多。",
    "四十五是在脱贫攻坚中把贫困户的事当成自己家的事，自掏腰包帮扶，有时方法不够规范。",
    "四十六是习惯于当“救火队员”，哪里有急事就冲到哪里，对常规工作的统筹安排欠缺。",
    "四十七是工作中存在“完美主义”倾向，对材料字斟句酌，有时降低了工作效率。",
    "四十八是对困难群众心太软，总是尽力帮助，有时对政策规定把握不够严。",
    "四十九是面对急难险重任务从不退缩、冲锋在前，对干部队伍的梯队建设谋划不够。",
    "五十是办案时总想把每一个细节都查清楚，宁可多跑几趟也不留疑点，有时办案周期拉得较长。",
    "五十一是对纳税人的咨询总是有问必答、耐心细致，一个问题讲好几遍，窗口排队时间有时较长。",
    "五十二是在抢险救灾中总冲在最危险的地方，对队员的安全防护交代得不够细。",
    "五十三是对分管领域的每一个项目都如数家珍，但对全局工作的统筹思考不够。",
    "五十四是工作上一直以“钉钉子”精神抓落实，一抓到底，有时对基层的实际困难体谅不够。",
    "五十五是上任以来几乎没有休过一个完整的假期，身体出现了一些小问题。",
])
def test_praise_by_its_parts_whatever_the_words(text):
    assert substance.praise(text) is not None


@pytest.mark.parametrize("text", [
    "一是事必躬亲，分管科室的6个案件因等我审批延误了5天，群众有投诉。",        # a harm counted
    "二是凡事亲力亲为，导致今年3个项目因等我签字推迟了半个月开工。",
    "三是一心扑在招商引资上，对安全生产重视不够，辖区发生了一起火灾。",
    "四是加班加点搞形式，报表材料层层加码，基层负担重。",                      # formalism
    "五是节假日也接受服务对象宴请。",
    "六是对老乡、同学的请托从不拒绝，打招呼办事。",                            # never refusing the wrong thing
    "七是管得过死，企业办事要跑五六趟，营商环境评价排名靠后。",
    "八是对下属要求过于宽松，纪律松弛。",                                      # a virtue's absence
    "九是想得太多，顾虑个人得失，不敢担当。",
    "十是深夜还在微信工作群布置任务，要求下属马上回复，加重了基层负担。",
    "十一是对信访干部关心不够，个别同志因长期超负荷工作产生倦怠情绪。",        # others' cost
    "十二是一开会就是大半天，议而不决，效率不高。",
    "十三是总想为自己多争取一些待遇，有时斤斤计较。",
    "十四是工作中出现了一些问题，审核松了一些，3笔资金拨付错误。",
    "十五是看到问题不愿管，怕得罪人，有时失之于宽。",                          # noticed, not acted on
    "十六是对金融工作的人民性认识还不够深刻，有时把业务指标放在首位。",        # the wrong thing first
    "十七是一心想着早出政绩，对长远发展考虑不多，上马的产业项目亏损200余万元。",
    "十八是对科室工作放手过度，很少过问，导致全年有5笔报销单据不合规。",
    "十九是工作热情很高，但不该参加的宴请也参加过，有时影响不好。",           # a perk taken
    "二十是因为担心出错，遇到难事就请示上级，不敢自己拍板。",
    "二十一是大部分时间坐在办公室，很少到工地一线，项目进度心中无数。",
    "二十二是每天最晚到岗、最早离开，作风松散。",
    "二十三是求胜心切，为了排名靠前，对统计数据进行了修饰，被上级约谈。",
    "二十四是要求大家加班冲刺却不讲方法，造成3名同志累倒住院。",             # harm done to others
    "二十五是业余时间大多用在刷手机上，理论学习挤不出时间。",
    "二十六是把方便留给自己、把困难推给别人，遇到难事绕着走。",
    "二十七是对安全生产抓得不紧不细，全年发生2起轻伤事故。",
    "二十八是对违规行为心太软，该处理的没有处理，有时失之于宽。",            # soft on a wrong
    "二十九是习惯于当“甩手掌柜”，对分管工作过问少。",
    "三十是办案时粗枝大叶，有2起案件因证据不足被退回补充侦查。",
    "三十一是抢险救灾中指挥不当，造成1名队员受伤。",
    "三十二是工作中急于求成，方法简单粗暴，引发群众不满。",               # impatience is no virtue
])
def test_real_faults_and_others_costs_are_no_praise(text):
    assert substance.praise(text) is None


@pytest.mark.parametrize("text, blamed", [
    ("一是惠民资金被个别村干部优亲厚友、平均分配。", True),                  # the agent of a passive
    ("二是多次被上级部门通报，整改不及时。", False),                         # a sanction of the writer
    ("三是业务科室存在“等靠要”思想，工作推着才动。", True),                  # they 存在 a conduct
    ("四是干部队伍建设存在短板，年龄断层明显。", False),                     # the body the writer builds
    ("五是街道和社区对网格工作重视不够，人员配备不足。", True),              # bodies coordinated
    ("六是各部门之间协调不够，形成合力不足。", False),
    ("七是外包公司的服务质量不高，保洁经常不到位。", True),                  # their conduct after 的
    ("八是基层干部的待遇保障不够，我反映问题不积极。", False),
    ("九是档案数字化工作滞后，主要是外包公司人员不足、进度拖拉。", True),     # named as the cause
    ("十是整改推进慢，主要原因是我统筹不够。", False),
    ("十一是保洁工作交给物业公司负责，他们经常敷衍了事。", True),            # a hand-over, then 他们
    ("十二是对困难群众帮扶不够，他们的诉求回应不及时。", False),
    ("十三是安全生产上，个别企业主心存侥幸。", True),                        # a field as a setting
    ("十四是记者部几个年轻记者采访浮在面上，稿子多是照抄通稿。", True),
    ("十五是文物保管部的同志对库房温湿度记录不及时，多处数据空白。", True),   # 不及时 is no setting
    ("十六是思想不集中，学习时常常走神。", False),
    ("十七是一些承包商拖欠农民工工资，引发群众上访。", True),
    ("十八是对承包商拖欠农民工工资的问题督办不力，引发群众上访。", False),   # the writer's 对
    ("十九是局属二级单位财务管理不规范，白条入账现象依然存在。", True),      # a unit's own management
    ("二十是干部管理不规范，考核流于形式。", False),                          # the writer's management
    ("二十一是服务窗口中有人对群众冷言冷语，办事效率低。", True),            # someone among them
    ("二十二是乡镇一级对项目前期工作不重视，导致我局审批频频卡壳。", True),
    ("二十三是第三方评估机构出具的报告质量不高，走过场。", True),            # their work found wanting
    ("二十四是选用第三方评估机构把关不严，评估报告质量不高。", False),       # the writer's choice
    ("二十五是合作社负责人法律意识淡薄，财务账目不公开。", True),            # those in charge of a body
    ("二十六是主要负责人责任落实不到位，对党风廉政建设抓得不紧。", False),    # the writer's own post
    ("二十七是对机关科室之间推诿扯皮的问题缺乏有效治理。", False),           # the writer's 对
    ("二十八是窗口单位的服务态度还不够好，群众办事仍有“脸难看”的情况。", True),
    ("二十九是本单位的服务质量不高，群众有意见。", False),                   # the writer's own unit
    ("三十是在项目审批环节，有关职能部门的效率不高，企业反映多次跑腿。", True),  # a setting with 环节
    ("三十一是信息化建设方面，软件开发商交付的系统漏洞多、维护不及时。", True),
    ("三十二是科室之间各自为政，信息不共享。", True),                         # bodies at odds
    ("三十三是统筹科室工作不够，信息不共享。", False),
])
def test_others_as_the_subject_in_every_construction(text, blamed):
    assert bool(substance.blames_others(text, substance.knowledge())) is blamed


@pytest.mark.parametrize("title", ["××市图书馆党支部2025年度组织生活会支部委员会对照检查材料",
                                   "××市住房公积金管理中心领导班子2024年度民主生活会对照检查材料"])
def test_a_collective_material_never_gets_blames_others_in_any_construction(title):
    items = M.PROBLEMS["theory"][1]
    others = ["一是外包公司的服务质量不高，保洁经常不到位。", "二是业务科室存在“等靠要”思想，工作推着才动。"]
    body = [t for t, _ in M.complete()[1:]]
    body = [others.pop(0) if t in items[:2] and others else t for t in body]

    def codes(head):
        return {f.code for f in check(Document.from_texts([head] + body)).findings}

    assert "content.blames_others" not in codes(title)
    assert "content.blames_others" in codes(M.TITLE)


@pytest.mark.parametrize("text", [
    "3.我注意到局里有的科长只满足于完成上级交办的任务，工作标准不高。",   # the writer only reporting
    "④我发现窗口部分同志对新政策掌握不熟，解释口径不一。",
    "2024年9月，物业公司在小区管网改造中未按方案施工，造成两次停水。",     # a date alone as the setting
    "其三，今年支部例会，两名支委多次缺席，交办的事推一推动一动。",          # an occasion told by its time
    "8.市场、住建等部门对联合执法重视不够，检查时常常缺位。",               # bodies listed with 等
    "10）有的同志认为上级考核指标太多，把精力放在凑材料上。",               # 考核 is theirs to judge
    "其十，县里对乡里的督查考核名目太多，填表报数占用大量精力。",           # the unit above, by place
])
def test_others_behind_a_report_a_date_or_a_list_are_blamed(text):
    assert substance.blames_others(text)


@pytest.mark.parametrize("text", [
    "一是我发现有的同志思想有波动，但没有及时谈心谈话。",                   # the writer's omission
    "二是我发现问题不及时，对苗头性问题警觉不够。",                         # no others at all
    "三是与财政、发改等部门沟通协调不够，项目资金拨付慢。",                 # the writer's work with them
    "四是2024年9月，我在小区管网改造中没有盯紧施工方案，造成两次停水。",   # the writer after the date
    "五是财政、审计等部门反映我局预算执行进度慢。",                         # bodies as witnesses
])
def test_the_writer_behind_a_report_a_date_or_a_list_is_not_blaming(text):
    assert not substance.blames_others(text)


@pytest.mark.parametrize("text", ["三是干部培养主动性不足，习惯等上级部署，缺少提前研判。",
                                  "一是年轻干部教育针对性不强，谈心谈话少。"])
def test_the_quality_of_the_writers_task_about_people_is_not_blaming_them(text):
    # 干部培养 is the writer's task: its 主动性 is the writer's (1,528 of 10,000 generated
    # materials were flagged by the rule for 「外包公司的服务质量不高」 before this).
    assert not substance.blames_others(text)


def test_generated_materials_blame_no_one():
    """bench.generate's materials (the scale benchmark's) are written in the writer's own voice:
    the substance checks' blaming stays silent on every paragraph of a hundred of them."""
    from bench.generate import material

    flagged = [t for seed in range(100) for t, _ in material(seed=seed, target_chars=6000)
               if substance.blames_others(t)]
    assert flagged == []
