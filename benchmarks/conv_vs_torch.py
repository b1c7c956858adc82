"""Time the course's fast convolution (helpers.fast_layers) against PyTorch's CPU conv2d.

    python benchmarks/conv_vs_torch.py [--dtype float32|float64] [--repeat N] [--profile] [--markdown]

For each shape the course uses, both sides compute the forward pass and the backward pass
(gradients of the input, the filters and the biases) on the same data. PyTorch runs
``torch.nn.functional.conv2d`` on its native NCHW layout (the layout conversion is done once,
outside the timing) with autograd for the backward; the fast layer runs channels-last, as
the course does. Each timing is the best of ``--repeat`` runs, the two libraries
interleaved, so both see the same machine load. ``--profile`` also splits the fast layer's
time into its steps (im2col copy, GEMMs, adding the windows back). ``--markdown`` prints the
table as Markdown (the README's performance section). The course's targets: the fast layer
within 1.5x of PyTorch's time for forward + backward, and within 2x for the forward pass alone;
the last column says which shapes meet both. On a machine that other jobs keep busy, wall-clock
ratios swing widely; ``--threads 1 --cpu-time`` times the CPU time of one thread instead.

PyTorch is an optional benchmark dependency only (not in requirements.txt): without it
the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np

from helpers import fast_layers as fl

CLOCK = time.perf_counter                     # --cpu-time: time.thread_time
TARGET_BOTH, TARGET_FORWARD = 1.5, 2.0       # fast / torch, forward + backward and forward alone

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
    # the road-scene detector (helpers.detection.network, trained in batches of 32 by
    # helpers.training.yolo; the notebook runs its forward pass in batches of 64)
    ("detector 1: 128x128x3 -> 16 3x3 stride 2", (32, 128, 128, 3), 3, 16, 2, 1),
    ("detector 2: 64x64x16 -> 32 3x3 stride 2", (32, 64, 64, 16), 3, 32, 2, 1),
    ("detector 3: 32x32x32 -> 64 3x3 stride 2", (32, 32, 32, 32), 3, 64, 2, 1),
    ("detector 4: 16x16x64 -> 64 3x3", (32, 16, 16, 64), 3, 64, 1, 1),
    ("detector 5: 16x16x64 -> 128 3x3 stride 2", (32, 16, 16, 64), 3, 128, 2, 1),
    ("detector 6: 8x8x128 -> 128 3x3", (32, 8, 8, 128), 3, 128, 1, 1),
    ("detector out: 8x8x128 -> 55 1x1", (32, 8, 8, 128), 1, 55, 1, 0),
    # the face encoder (helpers.faces.encoder, batches of 24 people x 4 portraits in
    # helpers.training.faces)
    ("faces 1: 64x64x3 -> 16 3x3 stride 2", (96, 64, 64, 3), 3, 16, 2, 1),
    ("faces 2: 32x32x16 -> 32 3x3 stride 2", (96, 32, 32, 16), 3, 32, 2, 1),
    ("faces 3: 16x16x32 -> 64 3x3", (96, 16, 16, 32), 3, 64, 1, 1),
    ("faces 4: 16x16x64 -> 64 3x3 stride 2", (96, 16, 16, 64), 3, 64, 2, 1),
    ("faces 5: 8x8x64 -> 128 3x3 stride 2", (96, 8, 8, 64), 3, 128, 2, 1),
    # the style network (helpers.style.features: one 96x96 image, 32 filters of each size)
    ("style 3x3: 96x96x3 -> 32", (1, 96, 96, 3), 3, 32, 1, 1),
    ("style 5x5: 96x96x3 -> 32", (1, 96, 96, 3), 5, 32, 1, 2),
    ("style 7x7: 96x96x3 -> 32", (1, 96, 96, 3), 7, 32, 1, 3),
    ("style 11x11: 96x96x3 -> 32", (1, 96, 96, 3), 11, 32, 1, 5),
]


def best_of(fn, repeat):
    best = float("inf")
    for _ in range(repeat):
        tic = CLOCK()
        fn()
        best = min(best, CLOCK() - tic)
    return best


def profile(A, W, b, hp, dZ, repeat):
    """Milliseconds of the fast layer's steps, on the paths it takes for this shape."""
    stride, pad = hp["stride"], hp["pad"]
    f, _, C, n_C = W.shape
    A_pad = fl.zero_pad(A, pad)
    win = fl.windows(A_pad, f, f, stride)
    m, n_H, n_W = win.shape[:3]
    cols = win.reshape(m * n_H * n_W, -1)
    dZ2 = dZ.reshape(-1, n_C)
    W2 = W.reshape(-1, n_C)
    Z = cols @ W2
    if C <= fl.FEW_CHANNELS_FORWARD:
        cols = fl._columns_channels_first(A, f, f, stride, pad).reshape(len(W2), -1).T
        forward = {"im2col, channels-first": lambda: fl._columns_channels_first(A, f, f, stride, pad),
                   "GEMM forward": lambda: cols @ W2}
        again = {"backward: im2col again, channels-first": forward["im2col, channels-first"]}
    else:
        forward = {"pad": lambda: fl.zero_pad(A, pad),
                   "im2col copy": lambda: win.reshape(m * n_H * n_W, -1),
                   "GEMM forward": lambda: cols @ W2}
        again = {"backward: pad + im2col again": lambda: fl.windows(fl.zero_pad(A, pad), f, f, stride).reshape(
            m * n_H * n_W, -1)}
    dA = ("channels-first GEMM + f*f plane adds" if C <= fl.FEW_CHANNELS_BACKWARD else
          "one GEMM + col2im" if stride > 1 else "f*f GEMMs + strided adds")
    steps = {**forward,
             "bias": lambda: np.add(Z, b.reshape(1, n_C), out=Z),
             **again,
             "GEMM dW": lambda: dZ2.T @ cols,
             "db": lambda: np.ones(dZ2.shape[0], dZ2.dtype) @ dZ2,
             f"dA ({dA})": lambda: fl.input_gradient(dZ2, W, A_pad.shape, stride, (m, n_H, n_W))}
    return {k: 1000 * best_of(v, repeat) for k, v in steps.items()}


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
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--threads", type=int, default=None,
                        help="threads of both libraries (default: each library's own default)")
    parser.add_argument("--cpu-time", action="store_true",
                        help="with --threads 1: time the CPU time of the calling thread instead of the wall "
                             "clock, which the machine's other jobs disturb much less")
    args = parser.parse_args(argv)
    try:
        import torch
        import torch.nn.functional as F
    except ImportError:
        print("PyTorch is not installed: this optional benchmark needs it "
              "(`pip install torch` into the venv; it is not a course dependency). Skipping.")
        return 0

    if args.cpu_time:
        if args.threads != 1:
            parser.error("--cpu-time needs --threads 1 (other threads' time would not be counted)")
        global CLOCK
        CLOCK = time.thread_time
    if args.threads:
        from threadpoolctl import threadpool_limits
        threadpool_limits(args.threads)
        torch.set_num_threads(args.threads)
    dtype = np.dtype(args.dtype)
    tdtype = {"float32": torch.float32, "float64": torch.float64}[args.dtype]
    from threadpoolctl import threadpool_info
    blas = ", ".join(f"{p['internal_api']} {p['num_threads']} threads" for p in threadpool_info()
                     if p["user_api"] == "blas")
    print(f"numpy {np.__version__} ({blas}), torch {torch.__version__} ({torch.get_num_threads()} threads), "
          f"{args.dtype}, best of {args.repeat}; {'CPU' if args.cpu_time else 'wall-clock'} times in ms; "
          f"ratio = fast / torch")
    if args.markdown:
        print("\n| shape | fast fwd | torch fwd | ratio fwd | fast fwd+bwd | torch fwd+bwd | ratio fwd+bwd | targets |")
        print("|---|---:|---:|---:|---:|---:|---:|---|")
    else:
        print(f"{'shape':44s} {'fast fwd':>9s} {'torch fwd':>9s} {'ratio':>6s} {'fast f+b':>9s} "
              f"{'torch f+b':>9s} {'ratio':>6s}  targets (fwd {TARGET_FORWARD}x, f+b {TARGET_BOTH}x)")
    rng = np.random.default_rng(0)
    ratios, ratios_fwd = [], []
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
        ratio, ratio_fwd = best["fb"] / best["tb"], best["ff"] / best["tf"]
        ratios.append(ratio)
        ratios_fwd.append(ratio_fwd)
        met = "met" if ratio <= TARGET_BOTH and ratio_fwd <= TARGET_FORWARD else "OUTSIDE"
        ms = {k: 1000 * v for k, v in best.items()}
        if args.markdown:
            print(f"| {name} | {ms['ff']:.2f} | {ms['tf']:.2f} | {ratio_fwd:.2f}x | {ms['fb']:.2f} | "
                  f"{ms['tb']:.2f} | {ratio:.2f}x | {met} |")
        else:
            print(f"{name:44s} {ms['ff']:9.2f} {ms['tf']:9.2f} {ratio_fwd:5.2f}x {ms['fb']:9.2f} "
                  f"{ms['tb']:9.2f} {ratio:5.2f}x  {met}", flush=True)
        if args.profile:
            for step, ms in profile(A, W, b, hp, dZ, args.repeat).items():
                print(f"    {step:40s} {ms:8.1f} ms")
    for label, values in (("forward + backward", ratios), ("forward", ratios_fwd)):
        print(f"\nfast / torch ({label}): worst {max(values):.2f}x, "
              f"geometric mean {float(np.exp(np.mean(np.log(values)))):.2f}x")
    outside = sum(r > TARGET_BOTH or rf > TARGET_FORWARD for r, rf in zip(ratios, ratios_fwd, strict=True))
    print(f"{len(ratios) - outside} of {len(ratios)} shapes within both targets")
    return 0


if __name__ == "__main__":
    sys.exit(main())
