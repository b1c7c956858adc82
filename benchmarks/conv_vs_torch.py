"""Time the course's fast convolution (helpers.fast_layers) against PyTorch's CPU conv2d.

    python benchmarks/conv_vs_torch.py [--dtype float32|float64] [--repeat N] [--profile]

For each shape the course uses, both sides compute the forward pass and the backward pass
(gradients of the input, the filters and the biases) on the same data. PyTorch runs
``torch.nn.functional.conv2d`` on its native NCHW layout (the layout conversion is done once,
outside the timing) with autograd for the backward; the fast layer runs channels-last, as
the course does. Each timing is the best of ``--repeat`` runs, the two libraries
interleaved, so both see the same machine load. ``--profile`` also splits the fast layer's
time into its steps (im2col copy, GEMMs, adding the windows back).

PyTorch is an optional benchmark dependency only (not in requirements.txt): without it
the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np

from helpers import fast_layers as fl

# (name, input shape (m, n_H, n_W, n_C_prev), f, n_C, stride, pad)
SHAPES = [
    ("ConvNet conv1: 32x32x3 -> 8 filters 3x3", (32, 32, 32, 3), 3, 8, 1, 1),
    ("ConvNet conv2: 16x16x8 -> 16 filters 3x3", (32, 16, 16, 8), 3, 16, 1, 1),
    ("ResNet stem: 16x16x3 -> 8 filters 3x3", (64, 16, 16, 3), 3, 8, 1, 1),
    ("ResNet 1x1: 8x8x8 -> 4 filters", (64, 8, 8, 8), 1, 4, 1, 0),
    ("ResNet 3x3: 8x8x4 -> 4 filters", (64, 8, 8, 4), 3, 4, 1, 1),
    ("ResNet shortcut 1x1 stride 2: 8x8x8 -> 16", (64, 8, 8, 8), 1, 16, 2, 0),
    ("full-size SIGNS: 64x64x3 -> 8 filters 4x4", (64, 64, 64, 3), 4, 8, 1, 2),
    ("wider: 32x32x16 -> 32 filters 3x3", (32, 32, 32, 16), 3, 32, 1, 1),
]


def best_of(fn, repeat):
    best = float("inf")
    for _ in range(repeat):
        tic = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - tic)
    return best


def profile(A, W, b, hp, dZ, repeat):
    """Milliseconds of the fast layer's steps."""
    stride, pad = hp["stride"], hp["pad"]
    f, _, C, n_C = W.shape
    A_pad = fl.zero_pad(A, pad)
    win = fl.windows(A_pad, f, f, stride)
    m, n_H, n_W = win.shape[:3]
    cols = win.reshape(m * n_H * n_W, -1)
    dZ2 = dZ.reshape(-1, n_C)
    steps = {
        "pad": lambda: fl.zero_pad(A, pad),
        "im2col copy": lambda: win.reshape(m * n_H * n_W, -1),
        "GEMM forward": lambda: cols @ W.reshape(-1, n_C),
        "GEMM dW": lambda: dZ2.T @ cols,
        "db": lambda: np.ones(dZ2.shape[0], dZ2.dtype) @ dZ2,
        "dA (f*f GEMMs + strided adds)": lambda: _dA_only(dZ2, W, A_pad.shape, stride, m, n_H, n_W),
    }
    return {k: 1000 * best_of(v, repeat) for k, v in steps.items()}


def _dA_only(dZ2, W, shape, stride, m, n_H, n_W):
    f, _, C, _ = W.shape
    dA = np.zeros(shape, dZ2.dtype)
    he, we = stride * (n_H - 1) + 1, stride * (n_W - 1) + 1
    for i in range(f):
        for j in range(f):
            dA[:, i:i + he:stride, j:j + we:stride, :] += (dZ2 @ W[i, j].T).reshape(m, n_H, n_W, C)
    return dA


def time_both(fl, torch, F, A, W, b, hp, dZ, tA, tW, tb, tdZ, repeat):
    """Best-of-repeat seconds: fast forward, fast forward+backward, torch forward, torch both."""
    stride, pad = hp["stride"], hp["pad"]

    def fast_fwd():
        fl.conv_forward(A, W, b, hp)

    def fast_both():
        _, c = fl.conv_forward(A, W, b, hp)
        fl.conv_backward(dZ, c)

    def torch_fwd():
        with torch.no_grad():
            F.conv2d(tA, tW, tb, stride=stride, padding=pad)

    def torch_both():
        tA.grad = tW.grad = tb.grad = None
        F.conv2d(tA, tW, tb, stride=stride, padding=pad).backward(tdZ)

    best = {k: float("inf") for k in ("ff", "fb", "tf", "tb")}
    for _ in range(repeat):   # interleaved, so that both see the same load
        for key, fn in (("ff", fast_fwd), ("fb", fast_both), ("tf", torch_fwd), ("tb", torch_both)):
            best[key] = min(best[key], best_of(fn, 1))
    return best


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dtype", default="float32", choices=["float32", "float64"])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    try:
        import torch
        import torch.nn.functional as F
    except ImportError:
        print("PyTorch is not installed: this optional benchmark needs it "
              "(`pip install torch` into the venv; it is not a course dependency). Skipping.")
        return 0

    dtype = np.dtype(args.dtype)
    tdtype = {"float32": torch.float32, "float64": torch.float64}[args.dtype]
    print(f"numpy {np.__version__}, torch {torch.__version__} ({torch.get_num_threads()} threads), "
          f"{args.dtype}, best of {args.repeat}; times in ms for forward + backward")
    print(f"{'shape':44s} {'fast fwd':>9s} {'fast f+b':>9s} {'torch fwd':>9s} {'torch f+b':>9s} {'ratio':>6s}")
    rng = np.random.default_rng(0)
    ratios = []
    for name, shape, f, n_C, stride, pad in SHAPES:
        A = rng.standard_normal(shape).astype(dtype)
        W = (rng.standard_normal((f, f, shape[3], n_C)) * 0.1).astype(dtype)
        b = rng.standard_normal((1, 1, 1, n_C)).astype(dtype)
        hp = {"stride": stride, "pad": pad}
        Z, cache = fl.conv_forward(A, W, b, hp)
        dZ = rng.standard_normal(Z.shape).astype(dtype)

        tA = torch.tensor(A.transpose(0, 3, 1, 2).copy(), dtype=tdtype, requires_grad=True)
        tW = torch.tensor(W.transpose(3, 2, 0, 1).copy(), dtype=tdtype, requires_grad=True)
        tb = torch.tensor(b.reshape(-1), dtype=tdtype, requires_grad=True)
        tdZ = torch.tensor(dZ.transpose(0, 3, 1, 2).copy(), dtype=tdtype)

        # the same numbers on both sides
        tZ = F.conv2d(tA, tW, tb, stride=stride, padding=pad)
        tZ.backward(tdZ)
        dA, dW, db = fl.conv_backward(dZ, cache)
        tol = 1e-3 if dtype == np.float32 else 1e-9
        assert np.allclose(Z, tZ.detach().numpy().transpose(0, 2, 3, 1), rtol=tol, atol=tol)
        assert np.allclose(dA, tA.grad.numpy().transpose(0, 2, 3, 1), rtol=tol, atol=tol * 10)
        assert np.allclose(dW, tW.grad.numpy().transpose(2, 3, 1, 0), rtol=tol, atol=tol * 100)

        best = time_both(fl, torch, F, A, W, b, hp, dZ, tA, tW, tb, tdZ, args.repeat)
        ratio = best["fb"] / best["tb"]
        ratios.append(ratio)
        print(f"{name:44s} {1000 * best['ff']:9.1f} {1000 * best['fb']:9.1f} "
              f"{1000 * best['tf']:9.1f} {1000 * best['tb']:9.1f} {ratio:5.2f}x")
        if args.profile:
            for step, ms in profile(A, W, b, hp, dZ, args.repeat).items():
                print(f"    {step:40s} {ms:8.1f} ms")
    print(f"fast / torch (forward + backward): worst {max(ratios):.2f}x, "
          f"geometric mean {float(np.exp(np.mean(np.log(ratios)))):.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
