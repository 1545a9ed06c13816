"""A unit's accounts are words (words/genre.toml [[compounds]]): 村账 (a village's accounts,
村级账务), 组账, 镇账, 校账 … were read as 账 alone and «corrected» to the unit's head (村长, 组长,
校长) — found by a reviewer reading a finding that changed 村账 into 村长."""
import pytest

from addin_server.checks.proof import proofread_text


def _proof(text: str):
    return [f for f in proofread_text(text) if f.code.startswith("proof.")]


@pytest.mark.parametrize("word", ["村账", "组账", "乡账", "镇账", "社账", "校账", "局账", "院账", "队账",
                                  "村账务", "村账目", "村账户"])
@pytest.mark.parametrize("sentence", ["部分{}管理不规范，存在漏洞。", "对{}的监督检查不够，问题整改不到位。"])
def test_a_units_accounts_are_not_taken_for_its_head(word, sentence):
    assert _proof(sentence.format(word)) == []


def test_account_words_in_a_rural_material_read_clean():
    text = ("村账乡代管制度落实不到位，村账存在白条入账问题，记账不规范，对账不及时，挂账多年，"
            "三资台账不全，查账发现村级账务公开不及时，村长对村账管理不严。")
    assert _proof(text) == []


def test_the_old_form_of_a_units_accounts_is_still_corrected_to_the_new():
    found = _proof("部分村帐管理不规范，存在漏洞。")
    assert len(found) == 1 and "村账" in found[0].message and "村长" not in found[0].message
    assert [e.replacement for e in found[0].fix.edits] == ["账"]


def test_a_slip_beside_a_units_accounts_is_still_found():
    found = _proof("深入调沿，检查村账管理情况。")
    assert [f.message[:11] for f in found] == ["「调沿」可能是「调研」"]


@pytest.mark.parametrize("text", ["城建办办理的群众来信有3件超期。", "综治办办结的矛盾纠纷回访不及时。",
                                  "城管局局长带队检查不够经常。", "派出所所长带班巡逻制度落实不严。"])
def test_a_units_short_name_before_a_word_of_its_last_character_is_not_doubled(text):
    # 城建|办 then 办理: a short name no dictionary holds, ending in the unit's character.
    assert _proof(text) == []


def test_a_character_typed_twice_after_a_plain_word_is_still_found():
    assert [f.code for f in _proof("要认真真落实整改要求。")] == ["proof.doubled"]


@pytest.mark.parametrize("text", ["对网上的不实传言没有及时澄清。", "对不实举报及时澄清正名。",
                                  "经核查，反映问题查证不实。"])
def test_a_report_found_untrue_is_not_taken_for_a_slip(text):
    assert _proof(text) == []


@pytest.mark.parametrize("text", ["我有3次因检查任务请假，会后补学不够及时。", "支部书记领学时照本宣科。",
                                  "以考促学、以学促干的机制还不健全。"])
def test_the_genres_words_for_study_are_not_slips(text):
    # 补学 (studying afterwards what a meeting studied) was read as 小学 by shape (the lead's trial).
    assert _proof(text) == []
