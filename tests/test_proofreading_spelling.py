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
                         ".news-counts", ".verbal_nouns", ".verbs"]
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
