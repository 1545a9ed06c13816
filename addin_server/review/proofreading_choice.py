"""Whether a batch review proofreads its materials (`--proofreading`, the review page's
「检查错别字」), and what its report says when it does not.

Kept apart from batch.py, which imports the whole checker: the command line reads the limit
for its help without importing it.
"""
from __future__ import annotations

# Proofreading (错别字, 规范表述, numbers and marks: checks/proof) is most of a material's check
# (~60% of its CPU, docs/performance.md) and what a reviewer of a whole system's materials needs
# least. "auto" proofreads a set of at most this many of this year's materials — an office's or a
# county's set, a few hundred — and leaves it out above (measured: docs/performance.md,
# "Proofreading in a batch review").
PROOFREADING_CHOICES = ("auto", "on", "off")
PROOFREAD_AT_MOST = 1000
CLI_HOW_TO_PROOFREAD = "如需检查请加 --proofreading on"


def proofreads(choice: str, files: int) -> bool:
    """Whether a review of `files` materials proofreads them under `choice` (PROOFREADING_CHOICES)."""
    if choice not in PROOFREADING_CHOICES:
        raise ValueError(f"proofreading must be one of {PROOFREADING_CHOICES}, not {choice!r}")
    return choice == "on" or (choice == "auto" and files <= PROOFREAD_AT_MOST)


def proofreading_skipped(choice: str, files: int, how_to_proofread: str) -> dict:
    """What the report says of a review that did not proofread: `note`, one line of its header."""
    if choice == "auto":
        why = f"本次共 {files} 份材料，超过 {PROOFREAD_AT_MOST} 份，未检查错别字"
    else:
        why = "本次审阅按要求未检查错别字"
    return {"checked": False, "choice": choice, "files": files, "limit": PROOFREAD_AT_MOST,
            "note": f"{why}（文字校对：错别字、规范表述、数字和标点），「文字校对」一栏为「未检查」；{how_to_proofread}"}
