"""The claim of c1w2-numpy-basics, against the numbers the notebook measures."""

ASSIGNMENT = "c1w2-numpy-basics"


def test_vectorised_code_is_much_faster_than_loops(run_of):
    speedups = run_of(ASSIGNMENT).variables["speedups"]
    assert set(speedups) == {"dot product", "element-wise product", "matrix-vector product", "element-wise exp"}
    # the notebook says "faster by one to three orders of magnitude"
    assert all(s >= 10 for s in speedups.values()), speedups
