"""Issue 26: the proofreader stays quiet on the genre's own words and on doubled characters that
belong to two words, and finds same-sounding and look-alike characters no list names."""
from __future__ import annotations

import pytest

from addin_server.checks import check, proof
from addin_server.checks.proof import lexicon
from addin_server.checks.proof.rules import RuleError, parse_rule
from addin_server.model import Document


def proof_findings(text, year=None):
    return [f for f in proof.proofread_text(text, year=year) if f.code.startswith("proof.")]


def apply(text, finding):
    for e in sorted(finding.fix.edits, key=lambda e: e.start, reverse=True):
        text = text[:e.start] + e.replacement + text[e.end:]
    return text


@pytest.mark.parametrize("text", [
    "各党支部要认真开好党组织组织生活会。",      # 党组织|组织生活会
    "加强教师师德师风建设。",                   # 教师|师德
    "今年评审审减率达到12%。",                 # 评审|审减率
    "提升耕地地力水平，守住耕地红线。",          # 耕地|地力
    "敢于红红脸、出出汗，真正咬咬耳朵、扯扯袖子。",  # fixed reduplications
    "对群众来信来访要件件有着落、事事有回音。",
    "2024年上半年完成整改任务8项。",
    "做到担责尽责，学纪知纪明纪守纪，牢记三个敬畏，固本培元。",
    "任命王沿同志为办公室主任。",                # a name after 任命
    "到沁沿县调研乡村振兴工作。",                # a place before 县
    "他提出了“调沿”这个说法。",                  # a quotation
    "二是对师德师风建设要求理解不深。",            # 是 is grammar, not a unit of 师德师风
    "统一数据报送口径，一数一源，校外培训机构依法依规开展业务。",  # parallel frames A?A?
    "“十三五”期间，依托现有平台。",              # a numeral is meant as written
    "安徽监狱援鄂抗疫工作队临时党支部，视情处理。",  # words newer than jieba's dictionary
    "山上的落石砸坏了护栏。",                    # a rare word official prose writes
])
def test_genre_text_and_shared_characters_stay_quiet(text):
    assert proof_findings(text, year=2024) == []


def test_a_word_cut_short_needs_the_longer_word_in_the_material():
    # 法规 and 力量 are in every material: no evidence that 统计法 or 创新力 was cut short.
    quiet = Document.from_texts(["认真学习统计法，", "提升自主创新力，", "遵守党内法规，凝聚奋进力量。"])
    assert [f for f in check(quiet).findings if f.code.startswith("proof.")] == []
    # The material writes 学习机制 itself: 「学习机，」 is that word cut short.
    cut = Document.from_texts(["缺乏深入学习机，", "要建立常态化学习机制，坚持学习机制化。"])
    found = [f for f in check(cut).findings if f.code == "proof.garbled"]
    assert found and "学习机制" in found[0].message


@pytest.mark.parametrize("text, after, sure", [
    ("要深入调沿，了解实情。", "要深入调研，了解实情。", False),
    ("认真开展批平与自我批评。", "认真开展批评与自我批评。", True),
])
def test_same_sound_non_word_is_corrected_with_its_sureness(text, after, sure):
    (f,) = proof_findings(text)
    assert f.code == "proof.typo" and apply(text, f) == after
    assert f.fix.safe is sure
    assert ("请核对" in f.message) is not sure and "把握" in f.details


def test_confusables_come_from_sound_fuzzy_readings_and_shape():
    assert lexicon.fuzzy_readings("zhang") == {"zang", "zhan"}
    assert lexicon.fuzzy_readings("lin") == {"nin", "ling"}
    kinds = dict(lexicon.confusables("己"))
    assert kinds["已"] == "shape" and kinds["几"] == "sound"
    assert dict(lexicon.confusables("沿"))["研"] == "sound"


def test_the_projects_own_terms_join_the_dictionary():
    words = lexicon.genre_words()
    assert {"担责", "学纪", "三个敬畏", "固本培元"} <= words
    # every item of a shipped sequence rule (the 四个意识's members …) is a word
    rules = proof.proofreader().rules.of("sequence")
    assert all(item in words for rule in rules for item in rule.items
               if 2 <= len(item) <= 8 and all("\u4e00" <= c <= "\u9fff" for c in item))
    assert lexicon.frequency("组织生活会") >= lexicon.GENRE_COUNT


def test_spelling_rule_file_is_validated_with_file_and_field():
    base = {"extends": "spelling", "code": "proof.typo", "min_gain": 10, "sure_gain": 5,
            "stray_max_freq": 1, "min_word_count": 1, "cost": {"sound": 0, "fuzzy": 1, "shape": 1, "missing": 1, "transposed": 1}}
    with pytest.raises(RuleError, match="mine.toml:sure_gain"):
        parse_rule(base, "mine", "mine.toml")
    with pytest.raises(RuleError, match="mine.toml:cost.shape"):
        parse_rule({**base, "sure_gain": 12, "cost": {"sound": 0, "fuzzy": 1}}, "mine", "mine.toml")


def test_planted_slips_are_found_with_precision_and_clean_sentences_stay_quiet():
    """Floors on the planted sets (bench/proof_sets.py); the held-out half was never tuned on."""
    from bench import proof_sets
    from bench.proofreading import score_clean, score_planted

    for part in ("dev", "heldout"):
        r = score_planted(proof_sets.planted(part), proof_sets.sentences(part))
        precision, recall, _ = r["sentence_detection"]
        assert precision >= 0.9 and recall >= 0.45, (part, r)
        kinds = r["by_kind"]
        # Without the missing-character kind (no pass finds it yet): 0.59 dev, 0.67 held-out.
        found = sum(kinds[k]["found"] for k in kinds if k != "missing")
        assert found / sum(kinds[k]["planted"] for k in kinds if k != "missing") >= 0.55, kinds
    clean = score_clean(proof_sets.clean_materials())
    assert clean["sentence_share"] <= 0.02, clean


def test_real_slips_of_official_documents_keep_their_floor():
    """The public set's development part (ECSpell's official-document train split, MIT; its
    test split is never read): floors under today's figures (correction F1 0.31, 0.2% of clean
    sentences alarmed), so a change that loses real corrections or cries wolf fails here."""
    from bench import proof_sets
    from bench.proofreading import score_public

    pairs = proof_sets.public("dev")
    assert len(pairs) > 1000 and not set(pairs) & set(proof_sets.public("heldout"))
    r = score_public(pairs)
    precision, recall, f1 = r["sentence_correction"]
    assert precision >= 0.5 and f1 >= 0.28, r
    assert r["clean_share"] <= 0.01, r


def test_the_public_scorer_counts_sentences_and_characters():
    from bench.proof_sets import Pair
    from bench.proofreading import score_public

    r = score_public([Pair("要深入调沿，了解实情。", "要深入调研，了解实情。"),
                      Pair("加强组织领导。", "加强组织领导。")])
    assert r["slips"] == 1 and r["clean"] == 1 and r["clean_alarmed"] == 0
    assert r["sentence_correction"] == (1.0, 1.0, 1.0)
    assert r["char_correction"] == (1.0, 1.0, 1.0)


def test_the_server_loads_the_dictionaries_in_the_background_at_start():
    from addin_server.app import create_app

    create_app()
    (thread,) = proof._warming
    thread.join(timeout=60)
    assert not thread.is_alive()
    # Everything a first check needs is loaded: a check now reads no file.
    assert lexicon._compiled and lexicon._dictionary_cut.cache_info().currsize == 1


@pytest.mark.parametrize("text, after", [
    ("坚持以人民为中心的发展想思。", "坚持以人民为中心的发展思想。"),
])
def test_neighbours_back_to_front_are_reported_as_garbled(text, after):
    (f,) = proof_findings(text)
    assert f.code == "proof.garbled" and apply(text, f) == after and f.fix.safe is False


def test_a_real_word_that_breaks_a_genre_collocation_is_questioned():
    (f,) = proof_findings("坚决贯彻落石中央部署。")
    assert f.code == "proof.typo" and apply("坚决贯彻落石中央部署。", f) == "坚决贯彻落实中央部署。"
    assert f.fix.safe is False and "贯彻落实" in f.message
    # The same word where no collocation names the other stays as written.
    assert proof_findings("山上的落石砸坏了护栏。") == []


def test_the_compiled_lexicon_is_kept_in_the_cache_folder_and_read_back(tmp_path, monkeypatch):
    kept = list(lexicon._compiled)
    monkeypatch.setenv("ADDIN_SERVER_CACHE_DIR", str(tmp_path))
    try:
        lexicon._compiled.clear()
        built = lexicon.compiled()
        files = sorted(p.suffix for p in tmp_path.iterdir())
        assert files == [".counts", ".homophones", ".learned_words", ".marisa", ".marshal", ".news",
                         ".news-counts", ".paired_words", ".phrase_homophones",
                         ".phrase_mask_keys", ".phrase_masks", ".phrase_stretches",
                         ".real_word_readings",
                         ".real_word_suspects", ".sound_longer", ".verbal_nouns", ".verbs"]
        lexicon._compiled.clear()
        read = lexicon.compiled()  # from the files this time
        assert read is not built and read["freq"].get("调研") == built["freq"].get("调研") > 0
        assert read["genre_words"] == built["genre_words"]
        assert [t[2] for t in lexicon.tokens("学纪知纪明纪守纪")] == ["学纪知纪", "明纪", "守纪"]
    finally:
        lexicon._compiled[:] = kept


def test_a_verb_before_a_word_ending_in_it_is_not_a_stray_duplicate():
    from addin_server.checks.proof import proofread_text

    assert not proofread_text("针对“调研不强”的问题，到社区报到服务。")


def test_text_a_damaged_document_brings_never_breaks_the_dictionary():
    from addin_server.checks.proof import lexicon, proofread_text

    counts = lexicon.frequencies()[0]
    for word in ("\x00", "学习\x00机制", "\ud800", "中\ud800国"):
        assert counts.get(word) is None and word not in counts
        assert all(w for w, _ in counts.prefix_counts(word))
    assert proofread_text("学习\x00机制\ud800不够深入，有待加强。") is not None


@pytest.mark.parametrize("text, after", [
    ("县级以上人民政府应当将建设工程康震工作所需经费列入本级预算。",
     "县级以上人民政府应当将建设工程抗震工作所需经费列入本级预算。"),
    ("其他成员以北京市有关淡味同志为主担任。", "其他成员以北京市有关单位同志为主担任。"),
    ("中央政治局每年照开民主生活会。", "中央政治局每年召开民主生活会。"),
])
def test_a_word_typed_by_its_reading_is_questioned(text, after):
    # An input method's whole-word slip (单位 typed dan wei, 淡味 taken), or a rare word one
    # character away from a common one: a suggestion, never a one-click fix.
    (f,) = proof_findings(text)
    assert f.code == "proof.typo" and apply(text, f) == after and f.fix.safe is False


def test_a_cache_folder_that_cannot_be_written_only_costs_time(tmp_path, monkeypatch):
    # The compiled lexicon is then built in memory: the tries made there answer as the mapped
    # ones do (word counts, prose counts, words by reading, verbs).
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    kept = list(lexicon._compiled)
    monkeypatch.setenv("ADDIN_SERVER_CACHE_DIR", str(blocker / "sub"))
    try:
        lexicon._compiled.clear()
        built = lexicon.compiled()
        assert built["freq"].get("调研") > 0 and built["news"].get("调研", 0) > 0
        assert "强化" in lexicon._homophone_words("墙画") and "研究" in built["verbs"]
        assert lexicon.prose_log_probability("调研") > lexicon.prose_log_probability("调沿")
    finally:
        lexicon._compiled[:] = kept


# Issue 26, fourth round: slips the gates used to hide, and real words an input method offered
# for a homophone. Sentences written for these tests (none from the public set).

@pytest.mark.parametrize("text, after", [
    # A rare character forming no word, a look-alike of a common one (rare_char_min_gain).
    ("要进一步加大政筞支持力度，确保各项任务落地见效。", "要进一步加大政策支持力度，确保各项任务落地见效。"),
    ("结合实际抓好菅理，堵塞制度漏洞。", "结合实际抓好管理，堵塞制度漏洞。"),
    # A document's title in 《》 is prose (quoted_prose_chars).
    ("认真学习《关于嘉强新时代基层党组织建设的意见》，逐条对照检查。",
     "认真学习《关于加强新时代基层党组织建设的意见》，逐条对照检查。"),
    # 社会, 科技 begin the commonest words: no place ends before them (marker_word_count).
    ("坚持以人民为中心，推动径济社会高质量发展。", "坚持以人民为中心，推动经济社会高质量发展。"),
    ("全县上下坚持遵重科技创新。", "全县上下坚持尊重科技创新。"),
    # 代表 begins 代表大会 here: no name follows it.
    ("提请市人民代表大会常务委员会组陈人员名单。", "提请市人民代表大会常务委员会组成人员名单。"),
    # Before 厅/区: the change writes the office or place the dictionary knows (公安厅, 居民区);
    # 书己、镇长: a name runs up to its marker, never across a mark.
    ("省公女厅召开全省治安工作会议。", "省公安厅召开全省治安工作会议。"),
    ("他长期在社区工作，熟悉锯民区情况。", "他长期在社区工作，熟悉居民区情况。"),
    ("他担任镇党委书己、镇长，主持全面工作。", "他担任镇党委书记、镇长，主持全面工作。"),
    # A real word the input method offered for a far commoner homophone (real_word_min_gain).
    ("健全城乡最低生活暴涨制度，兜牢民生底线。", "健全城乡最低生活保障制度，兜牢民生底线。"),
    ("加快关键核心计数攻关，提升自主创新能力。", "加快关键核心技术攻关，提升自主创新能力。"),
])
def test_slips_the_gates_used_to_hide_are_corrected(text, after):
    (f,) = proof_findings(text)
    assert f.code == "proof.typo" and apply(text, f) == after


@pytest.mark.parametrize("text", [
    "王珵同志任办公室主任。",                      # a rare character in a name
    "任命张珵为办公室副主任。",
    "东阳八婺公司参加了这次会议。",                  # …and in a place's name
    "他在发言中引用了“借水开花自一奇，水沉为骨玉为肌”。",  # verse in “” stays as written
    "认真学习《论语》。",                            # a short title
    "他曾任张家口市委副书记。",                      # 市委 is no common word that hides a place
    "龙陵县龙山镇党委书记参加会议。",
    "他来自王家庄村，在村里长大。",                # a place of its own name
    # The marker closing a name the dictionary does not know is the name's own: not 沿线, 存在.
    "组织安排我到沁沿县工作三年。",
    "他出生在李存庄，后来参军。",
    "他在张坪村驻村两年。",
    "会议由代表李媛主持。",                          # 代表 before a name
    "相关税费由乙方负担，甲方不另行支付。",            # 乙方 is rare in prose but right
    "他刻意回避问题，没有触及思想根源。",
    "村里的桂花开了，满院飘香。",                    # 桂花 where it is meant
    "深入学习贯彻党的二十届三中全会精神。",
    "开展批评和自我批评要敢于红红脸、出出汗。",
    "中央开出一剂剂破除顽瘴痼疾的良方，一桩桩、一件件抓到底。",  # reduplications, not 积极
    "科学编制“十五五”发展规划，明确目标任务。",
    "健全城乡最低生活保障制度，兜牢民生底线。",
])
def test_their_look_alikes_stay_quiet(text):
    assert proof_findings(text, year=2025) == []


def test_real_word_suspects_are_rare_in_official_prose_with_a_far_commoner_homophone():
    suspects = lexicon.real_word_suspects()
    assert "桂花" in suspects and "暴涨" in suspects
    assert lexicon.real_word_readings("桂花") == ("规划",)
    # The genre's words are written in official prose: never suspects.
    for word in ("规划", "保障", "技术", "落实", "整改", "党组"):
        assert word not in suspects


def test_the_public_development_halves_keep_their_floor_with_a_table_learned_from_the_other():
    """The fair development figure: each half of the public set's development part scored with
    a confusion set learned from the other half only (bench.proofreading.score_twofold), floors
    under today's figures (sentence correction F1 0.44 and 0.41 after the fifth round; 0.43 and
    0.40 before it, 0.37 and 0.34 before the fourth); the shipped table — and the paired words
    learned from it — are in use again after."""
    from bench.proofreading import score_twofold

    before = lexicon.learned("贝"), lexicon.paired_words()
    for half, floor in ((0, 0.42), (1, 0.39)):
        r = score_twofold(half)
        assert r["sentence_correction"][2] >= floor and r["clean_share"] <= 0.01, (half, r)
    assert (lexicon.learned("贝"), lexicon.paired_words()) == before


def test_a_slip_beside_a_slip_is_read_with_a_lower_bar_only_in_its_sentence():
    # 股定 for 固定 gains 9.8, under min_gain 10: alone it is left as written…
    alone = "每月安排股定时间集中学习。"
    assert proof_findings(alone) == []
    # …beside a sure slip in the same sentence it is read with second_slip_min_gain (8)…
    both = "每月安排股定时间集中学习，认真开展批平与自我批评。"
    fixed = both
    for f in sorted(proof_findings(both), key=lambda f: f.fix.edits[0].start, reverse=True):
        fixed = apply(fixed, f)
    assert fixed == "每月安排固定时间集中学习，认真开展批评与自我批评。"
    # …never in another sentence, and never one-click (a suggestion to check).
    apart = "每月安排股定时间集中学习。认真开展批平与自我批评。"
    assert [apply(apart, f) for f in proof_findings(apart)] == [
        "每月安排股定时间集中学习。认真开展批评与自我批评。"]
    second = next(f for f in proof_findings(both) if "股定" in f.message)
    assert not second.fix.safe
    # A clean sentence is never read with the lower bar: nothing found, nothing lowered.
    assert proof_findings("每月安排固定时间集中学习，认真开展批评与自我批评。") == []


def test_the_dev_only_report_leaves_every_held_out_part_out():
    from bench.proofreading import report_sets

    report = report_sets(dev_only=True)
    assert "planted, dev" in report
    assert "heldout" not in report and "held-out" not in report


def test_a_reading_whose_word_the_text_cannot_write_is_skipped_not_a_crash(monkeypatch):
    """The pair indexes (lexicon.pair_index, triple_index) name the candidates; the words a
    candidate writes are then looked up in the text itself (_formed_words). Where the two
    disagree — an index built with other counts than the rule's — the candidate is skipped,
    never max() of nothing."""
    from addin_server.checks.proof import engine, proofreader

    text = "要深入调沿，了解实情。"
    rule = next(r for r in proofreader().rules.of("spelling"))
    toks = lexicon.tokens(text)
    k = next(i for i, t in enumerate(toks) if t[2] == "沿")
    freq = lexicon.frequencies()[0]
    found = engine._best_spelling(rule, text, toks, k, freq)
    assert found is not None and found.replacement == "研"
    monkeypatch.setattr(engine, "_formed_words", lambda *args: [])
    assert engine._best_spelling(rule, text, toks, k, freq) is None


@pytest.mark.parametrize("text, after", [
    # A character of a fixed four-character phrase typed by its reading or shape: it writes no
    # word with a neighbour, but the phrase is whole with it (jieba's idioms and set phrases).
    ("严厉打击排污单位弄须作假行为。", "严厉打击排污单位弄虚作假行为。"),
    ("做到有法心依、执法必严、违法必究。", "做到有法必依、执法必严、违法必究。"),
    ("要因地制意、因时制宜，完善应急预案。", "要因地制宜、因时制宜，完善应急预案。"),
])
def test_a_broken_fixed_phrase_is_completed_as_a_suggestion(text, after):
    (f,) = proof_findings(text)
    assert f.code == "proof.typo" and apply(text, f) == after
    assert not f.fix.safe   # a writer may play on an idiom: never one click


@pytest.mark.parametrize("text, after", [
    # Two common words one learned confusion apart: the words around decide (体制改革, 党组书记).
    ("深化医药卫生体质改革。", "深化医药卫生体制改革。"),
    ("市场监管总局党组书籍、副局长", "市场监管总局党组书记、副局长"),
    # Two words side by side where a set phrase was meant, one typed as a word of its reading.
    ("联席会议成员调整的，由所在单位提出，练习会议确定。", "联席会议成员调整的，由所在单位提出，联席会议确定。"),
])
def test_a_word_paired_with_another_is_chosen_by_the_longer_word_around_it(text, after):
    (f,) = proof_findings(text)
    assert f.code == "proof.typo" and apply(text, f) == after and not f.fix.safe


@pytest.mark.parametrize("text", [
    "做到有法可依、有法必依、执法必严。",        # 有法可依 is a phrase of its own
    "坚持尽力而为、量力而行，因地制宜、分类指导。",
    "加强体质锻炼，增强学生体质。",             # 体质 where it is meant
    "他阅读了大量书籍，撰写心得。",
    "公安机关依法侦查，检察院审查起诉。",
    "主要负责人履行推进法治建设第一责任人职责。",  # 法治 is the genre's own word, not 法制
    "按规定的时间间隔开展巡查。",
    "每周安排一次练习，会议由办公室组织。",
])
def test_whole_phrases_and_paired_words_where_they_are_meant_stay_quiet(text):
    assert proof_findings(text) == []


def test_the_phrase_index_holds_idioms_set_phrases_and_the_genres_words():
    assert "虚" in lexicon.phrase_fills("弄?作假")
    assert lexicon.is_phrase("联席会议") and lexicon.is_phrase("形式主义")
    assert not lexicon.is_phrase("加强管理")
    assert "体质" in lexicon.paired_words() and "书籍" in lexicon.paired_words()
    assert lexicon.phrase_homophone("练习会议") == "联席会议"
    assert lexicon.phrase_homophone("联席会议") is None


@pytest.mark.parametrize("text, after", [
    # A real word typed for another of the same reading (one character), where the word meant
    # writes a longer dictionary word with the words beside it and the text as written none.
    ("结合实际制定实时方案，明确责任分工。", "结合实际制定实施方案，明确责任分工。"),
    ("按时足额缴纳社会保鲜、住房公积金。", "按时足额缴纳社会保险、住房公积金。"),
])
def test_a_real_word_of_the_same_reading_is_chosen_by_the_longer_word_it_breaks(text, after):
    (f,) = proof_findings(text)
    assert f.code == "proof.typo" and apply(text, f) == after and not f.fix.safe


@pytest.mark.parametrize("text", [
    "系统实时监测水位变化，发现异常及时报告。",   # the longer word (系统实施) lies away from the change
    "要及时补足短板弱项，把这笔钱用于补足以前的欠款。",  # 不足以 would split 以前
    "市水务局党组召开专题民主生活会，区水务局局长主持。",
    "饭菜清淡可口，群众满意。",
    "全心全意依靠群众，诚心倚靠组织。",
])
def test_real_words_of_the_same_reading_where_they_are_meant_stay_quiet(text):
    assert proof_findings(text) == []


def test_the_same_reading_index_holds_stretches_of_longer_words():
    assert "全局性" in lexicon.sound_longer("全剧性")
    assert "实施方案" in lexicon.sound_longer("实时方案")
    assert "全剧" in lexicon.sound_longer_words() and "工作" not in lexicon.sound_longer_words()
    assert lexicon.sound_longer("全局性") == () and lexicon.sound_longer("\ud800性") == ()


@pytest.mark.parametrize("text, after", [
    # The genre's working verbs jieba counts rarely (排查 42 times, 压实 32): a character of
    # one typed by its reading had no common word to be read as.
    ("定期开展安全隐患排茶，及时消除风险。", "定期开展安全隐患排查，及时消除风险。"),
    ("加强风险研盘，做好应对准备。", "加强风险研判，做好应对准备。"),
])
def test_a_slip_in_the_genres_working_verbs_is_found(text, after):
    (f,) = proof_findings(text)
    assert f.code == "proof.typo" and apply(text, f) == after


def test_the_genres_working_verbs_stay_quiet():
    assert proof_findings("开展隐患排查和风险研判，抓实抓细各项工作，压实主体责任，对新提拔干部开展任前约谈。") == []
