"""Every finding code, once: its default severity and a short description.

Below everything that names a code: the checks that report them (checks/report.py builds its
findings on them), the framework files that switch them off (`disabled_checks`, validated when a
framework is read) and the front ends that show them.
"""
from __future__ import annotations

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITIES = (ERROR, WARNING, INFO)

# Adding a code? Give it a row in tests/test_messages.py (MESSAGE_CASES): the test iterates over
# CODES and fails for a code without one, so every message is checked for plain, actionable Chinese.
CODES: dict[str, tuple[str, str]] = {
    "section.missing": (ERROR, "缺少必备部分"),
    "section.out_of_order": (WARNING, "主要部分的顺序与惯例不符"),
    "section.empty": (ERROR, "部分只有标题、没有内容"),
    "section.duplicated": (WARNING, "同一部分出现了两次"),
    "dimension.missing": (ERROR, "缺少框架要求的对照方面"),
    "dimension.duplicated": (WARNING, "同一对照方面出现了两次"),
    "dimension.out_of_order": (WARNING, "对照方面的顺序与框架不一致"),
    "dimension.empty": (ERROR, "对照方面只有标题、没有具体问题"),
    "dimension.unrecognised": (WARNING, "存在问题中的标题对应不上框架的任何对照方面"),
    "items.too_few": (WARNING, "对照方面列出的问题条目少于要求"),
    "numbering.skipped": (WARNING, "序号跳号"),
    "numbering.repeated": (WARNING, "序号重复"),
    "placeholder.unfilled": (ERROR, "仍有未替换的填写提示"),
    "placeholder.filler": (WARNING, "疑似未替换的占位文字（如 XXX、×××）"),
    "remedy.unmatched": (WARNING, "问题没有对应的整改措施"),
    "document.empty": (ERROR, "文档没有正文内容"),
    # Writing lint (checks/lint.py); each can be switched off by code.
    "lint.halfwidth_punctuation": (WARNING, "中文句子中使用了半角标点"),
    "lint.unpaired_marks": (WARNING, "引号或括号不成对"),
    "lint.document_number_brackets": (WARNING, "文号年份未使用六角括号〔〕"),
    "lint.doubled_punctuation": (WARNING, "标点重复或连用"),
    "lint.problem_as_achievement": (WARNING, "存在问题写成了成绩"),
    "lint.problem_as_suggestion": (WARNING, "存在问题写成了对他人的建议"),
    "lint.paragraph_too_long": (INFO, "段落过长"),
    # Proofreading (checks/proof/, rule files in checks/proof/data/); each switchable by code.
    "proof.typo": (WARNING, "错别字"),
    "proof.garbled": (WARNING, "字词错乱（颠倒、多字、同音误用）"),
    "proof.doubled": (WARNING, "字词重复"),
    "proof.formulation": (WARNING, "规范表述有误（固定提法的用词、完整和顺序）"),
    "proof.outdated_reference": (WARNING, "提法与材料年度不符（党代会、全会、五年规划）"),
    "proof.number": (WARNING, "数字用法不规范（GB/T 15835）"),
    "proof.marks": (WARNING, "标点符号用法不规范（GB/T 15834）"),
    "proof.skipped": (INFO, "段落过长，没有做校对"),
    "length.too_short": (WARNING, "全文字数少于框架建议"),
    "length.too_long": (WARNING, "全文字数超过框架建议"),
    # Substance (checks/substance/, knowledge in checks/substance/data/): advice on what the
    # material says, what 督导组 send materials back for; each switchable by code.
    "content.generic": (INFO, "问题没有具体事实，大而空"),
    "content.praise_as_problem": (INFO, "以表扬代批评，或问题中成绩谈得多"),
    "content.blames_others": (INFO, "个人材料查摆的是他人的问题"),
    "content.cause_restates": (INFO, "原因剖析只是重复问题，没有讲根源"),
    "content.measure_vague": (INFO, "整改措施没有具体做法、时限和责任人"),
    # .docx format against GB/T 9704 (review/format_lint.py; needs the file, not only the text).
    "format.page_size": (WARNING, "纸张不是 A4"),
    "format.page_margins": (WARNING, "页边距与 GB/T 9704 不符"),
    "format.font": (WARNING, "字体与 GB/T 9704 不符"),
    "format.size": (WARNING, "字号与 GB/T 9704 不符"),
    "format.line_spacing": (INFO, "行距与 GB/T 9704 不符"),
    # Batch review (review/batch.py): found by comparing materials, not in one material alone.
    "review.similar": (WARNING, "与其他材料大段相同"),
    "review.carried_over": (WARNING, "照搬上年度问题"),
    "review.boilerplate": (INFO, "与本批多份材料句子雷同（千篇一律）"),
}
