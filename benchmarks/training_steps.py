"""Time one training step (forward and backward in training mode) of the course's convolutional networks.

    python benchmarks/training_steps.py [--repeat N] [--profile] [--cpu-time]

The networks and batches the training scripts and notebooks use: the road-scene detector
(helpers.detection.network, 32 scenes of 128x128, float32, as helpers.training.yolo trains
it), the face encoder (helpers.faces.encoder, 96 portraits of 64x64, float32, as
helpers.training.faces trains it) and the plain 28-convolution network of c4w2 (helpers.resnet,
32 images of 16x16, float64). The data are random: the time of a step does not depend on
them. Each figure is the best of ``--repeat`` steps, with the machine's default threads;
``--cpu-time`` runs BLAS on one thread and counts the CPU time of that thread instead, which
other jobs on the machine disturb much less than the wall clock.
``--profile`` adds the share of the step spent in each kind of layer (cProfile, cumulative
time of the layer functions). It prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time

import numpy as np


def detector_step():
    from helpers.detection import network as net

    rng = np.random.default_rng(0)
    n_anchors, n_classes = 5, 6
    parameters = net.init_parameters(n_anchors, n_classes, seed=0)
    bn_state = net.init_bn_state(parameters)
    X = rng.random((32, 128, 128, 3), dtype=np.float32)

    def step():
        raw, cache = net.forward(parameters, bn_state, X, n_anchors, train=True)
        net.backward(np.ones_like(raw) / raw.size, cache)
    return step


def face_encoder_step():
    from helpers.faces import encoder

    rng = np.random.default_rng(0)
    parameters = encoder.init_parameters(seed=0)
    bn_state = encoder.init_bn_state(parameters)
    X = rng.random((96, 64, 64, 3), dtype=np.float32)

    def step():
        Y, cache = encoder.forward(parameters, bn_state, X, train=True)
        encoder.backward(np.ones_like(Y) / Y.size, cache, parameters)
    return step


def plain_network_step():
    from helpers import resnet

    rng = np.random.default_rng(0)
    parameters = resnet.network_parameters(np.random.default_rng(1), 3)
    bn_params = resnet.network_bn_params(parameters)
    X = rng.random((32, 16, 16, 3))

    def step():
        scores, cache = resnet.plain_network_forward(X, parameters, bn_params)
        resnet.plain_network_backward(np.ones_like(scores) / scores.size, cache)
    return step


# the layers whose share of a step --profile shows (cumulative time, calls inside them included)
LAYERS = ("conv_forward", "conv_backward", "spatial_batchnorm_forward", "spatial_batchnorm_backward",
          "leaky_relu_forward", "leaky_relu_backward", "relu_forward", "relu_backward", "pool_forward",
          "pool_backward")

NETWORKS = {"detector, batch 32 x 128x128x3, float32": detector_step,
            "face encoder, batch 96 x 64x64x3, float32": face_encoder_step,
            "c4w2 plain network, batch 32 x 16x16x3, float64": plain_network_step}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--cpu-time", action="store_true", help="one BLAS thread, CPU time of that thread")
    args = parser.parse_args(argv)
    clock = time.perf_counter
    if args.cpu_time:
        from threadpoolctl import threadpool_limits
        threadpool_limits(1)
        clock = time.thread_time
    print(f"{'network':48s} {'step (ms)':>10s}")
    for name, make in NETWORKS.items():
        step = make()
        step()                                              # first call: allocations, imports
        best = float("inf")
        for _ in range(args.repeat):
            tic = clock()
            step()
            best = min(best, clock() - tic)
        print(f"{name:48s} {1000 * best:10.1f}", flush=True)
        if args.profile:
            profiler = cProfile.Profile()
            profiler.runcall(step)
            stats = pstats.Stats(profiler).stats
            total = max(s[3] for s in stats.values())            # the step itself
            shares = {}
            for (_, _, function), s in stats.items():
                if function in LAYERS:
                    shares[function] = shares.get(function, 0) + s[3]
            for function, seconds in sorted(shares.items(), key=lambda item: -item[1]):
                print(f"    {function:44s} {100 * seconds / total:5.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
