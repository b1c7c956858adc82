"""Time the road-scene detector: its forward pass on one scene and on the whole test set.

    python benchmarks/detector.py [--repeat N]

"forward" is the network alone (``Detector.predict``: six convolutions with batch norm and
leaky ReLU, then the 1x1 output convolution, float32); "detect" adds the course's own
post-processing (``yolo_head``, score filter, per-class non-max suppression) for every
scene. Each figure is the best of ``--repeat`` runs. It prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import time

from helpers.detection.evaluate import detect
from helpers.training.yolo import load_detector, load_test_scenes


def best_of(repeat, function):
    times = []
    for _ in range(repeat):
        tic = time.perf_counter()
        function()
        times.append(time.perf_counter() - tic)
    return min(times)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python benchmarks/detector.py")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    detector = load_detector()
    images = load_test_scenes()["images"]
    n = len(images)
    one = best_of(args.repeat, lambda: detector.predict(images[:1]))
    every = best_of(args.repeat, lambda: detector.predict(images))
    raw = detector.predict(images)
    post = best_of(args.repeat, lambda: [detect(r, detector.anchors, 0.6) for r in raw])
    print(f"detector forward pass, one 128x128 scene:   {1000 * one:7.1f} ms")
    print(f"detector forward pass, {n} test scenes:     {every:7.2f} s  ({1000 * every / n:.1f} ms per scene, "
          f"batches of 64)")
    print(f"post-processing (score .6, NMS), {n} scenes: {post:7.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
