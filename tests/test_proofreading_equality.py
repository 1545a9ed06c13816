"""The proofreader's results on a fixed sample (bench/proof_equality.py) are the ones recorded in
tests/fixtures/proof_equality.jsonl: a change to its mechanics (its speed) must change none of
them — every hit's span, replacement, code, message, safety, details and gain, every finding of
a whole material. A change meant to change results regenerates the file:

    python -m bench.proof_equality --sample --write tests/fixtures/proof_equality.jsonl
"""
from bench import proof_equality


def test_the_proofreaders_results_are_the_recorded_ones():
    expected = proof_equality.read(proof_equality.SAMPLE)
    assert len(expected) > 300
    assert sum(len(r.get("hits", r.get("findings", ()))) for r in expected.values()) > 100
    diff = proof_equality.differences(expected, sample=True)
    assert not diff, "\n".join(diff) + (
        "\n(if the change is meant to change results: python -m bench.proof_equality --sample "
        "--write tests/fixtures/proof_equality.jsonl)")
