"""Renderer of the rendered "cat vs non-cat" data set (classic h5 layout).

Every image is drawn with PIL at 128x128 and downsampled to 64x64: a cartoon cat (face
close-up, sitting, lying or walking; black, white, grey, orange, brown or cream fur;
plain, tabby or calico) or a non-cat (dogs, foxes, rabbits, bears, birds, cups, houses,
cars, plants, balls, empty scenes) on a varied background with clutter, then blurred,
relit, colour-cast and given sensor noise. Subjects are framed as close-ups near the centre
(the head is always large, as in the classic photos) and always stand out from the
background (MIN_CONTRAST), light on dark or dark on light: a linear model on raw pixels
cannot use that, a network with hidden units can. Everything is drawn from one seeded
generator, so a build is deterministic. See course/datasets/catvnoncat.md.
"""


import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from helpers.generators.h5files import write_classic_h5

S = 128  # drawing resolution; images are downsampled to 64x64
JIT = 0.035  # how far the subject's centre moves from the image centre (fraction of the side)
SCALE = (0.9, 1.05)  # range of subject sizes
P_BG = [0.3, 0.3, 0.15, 0.15, 0.0, 0.1]  # plain, gradient, grass, indoor, noise, sky
CLUTTER = 2  # at most this many random shapes behind the subject
P_POSE = [0.15, 0.1, 0.65, 0.1]  # cats: sitting, lying, face close-up, walking
KINDS = ["dog", "fox", "rabbit", "bear", "bird", "cup", "house", "car", "plant", "ball", "scene"]
P_KIND = [0.3, 0.15, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025]
GAIN = (0.5, 1.4)  # brightness
CONTRAST = (0.5, 1.3)
CAST = 25  # colour cast, +- per channel
NOISE = (2, 8)  # sensor noise standard deviation
BLUR = (0.3, 1.2)
MIN_CONTRAST = 45  # least luminance difference between a subject and the background behind it
SEED = 2
TRAIN_COUNTS = (72, 137)  # cats, non-cats, as the classic data set
TEST_COUNTS = (33, 17)
CLASSES = np.array([b"non-cat", b"cat"])

FUR = {"black": (35, 32, 35), "white": (235, 232, 225), "grey": (130, 130, 138), "orange": (214, 128, 52),
       "brown": (120, 80, 50), "cream": (226, 196, 150)}
ANIMAL_FUR = [(150, 100, 60), (200, 170, 120), (90, 70, 50), (230, 225, 215), (40, 35, 30), (200, 110, 40)]


def _jitter(rng, color, amount=25):
    return tuple(int(np.clip(c + rng.integers(-amount, amount + 1), 0, 255)) for c in color)


def _background(rng):
    kind = rng.choice(["plain", "gradient", "grass", "indoor", "noise", "sky"], p=P_BG)
    img = np.zeros((S, S, 3), dtype=np.float64)
    yy, xx = np.mgrid[0:S, 0:S] / S
    c1 = rng.integers(0, 256, 3).astype(float)
    c2 = rng.integers(0, 256, 3).astype(float)
    if kind == "plain":
        img[:] = c1
    elif kind == "gradient":
        t = (yy * np.cos(rng.uniform(0, np.pi)) + xx * np.sin(rng.uniform(0, np.pi)))
        t = (t - t.min()) / (np.ptp(t) + 1e-9)
        img = c1 * (1 - t[..., None]) + c2 * t[..., None]
    elif kind == "grass":
        base = np.array([60, 130, 50]) + rng.integers(-30, 30, 3)
        img[:] = base
        img += rng.normal(0, 18, (S, S, 1))
    elif kind == "indoor":
        horizon = rng.integers(S // 2, S - 20)
        img[:horizon] = c1
        img[horizon:] = c2 * 0.7
    elif kind == "noise":
        small = rng.integers(0, 256, (8, 8, 3)).astype(np.uint8)
        img = np.asarray(Image.fromarray(small).resize((S, S), Image.BILINEAR), dtype=float)
    else:
        horizon = rng.integers(S // 2, S - 10)
        sky = np.array([120, 170, 230]) + rng.integers(-30, 30, 3)
        img[:horizon] = sky * (0.7 + 0.3 * yy[:horizon, :, None])
        img[horizon:] = np.array([90, 140, 70]) + rng.integers(-30, 30, 3)
    return Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))


def _clutter(rng, draw, n):
    for _ in range(n):
        color = tuple(int(c) for c in rng.integers(0, 256, 3))
        x, y = rng.integers(-10, S, 2)
        w, h = rng.integers(8, 40, 2)
        if rng.random() < 0.5:
            draw.rectangle([x, y, x + w, y + h], fill=color)
        else:
            draw.ellipse([x, y, x + w, y + h], fill=color)


def _lum(color):
    return 0.3 * color[0] + 0.59 * color[1] + 0.11 * color[2]


def _contrasting(rng, img, make_color):
    """Draw colours with make_color() until one stands out from the centre of the background."""
    centre = np.asarray(img, dtype=np.float64)[S // 4:3 * S // 4, S // 4:3 * S // 4].reshape(-1, 3).mean(0)
    for _ in range(20):
        color = make_color()
        if abs(_lum(color) - _lum(centre)) >= MIN_CONTRAST:
            break
    return color


def _ellipse(draw, cx, cy, rx, ry, fill):
    draw.ellipse([cx - rx, cy - ry, cx + rx, cy + ry], fill=fill)


def _rot(points, cx, cy, angle):
    c, s = np.cos(angle), np.sin(angle)
    return [(cx + (x - cx) * c - (y - cy) * s, cy + (x - cx) * s + (y - cy) * c) for x, y in points]


def _head(rng, draw, cx, cy, r, fur, ears="pointy", snout=0.0, eye_color=None, tilt=0.0, nose=(230, 140, 150),
          pattern="plain"):
    dark = tuple(max(0, c - 60) for c in fur)
    # ears
    if ears == "pointy":
        for side in (-1, 1):
            base1 = (cx + side * r * 0.15, cy - r * 0.6)
            base2 = (cx + side * r * 0.95, cy - r * 0.2)
            tip = (cx + side * r * 0.75, cy - r * 1.45)
            draw.polygon(_rot([base1, base2, tip], cx, cy, tilt), fill=fur)
            inner = [(cx + side * r * 0.35, cy - r * 0.55), (cx + side * r * 0.8, cy - r * 0.35),
                     (cx + side * r * 0.7, cy - r * 1.15)]
            draw.polygon(_rot(inner, cx, cy, tilt), fill=(230, 160, 170))
    elif ears == "floppy":
        for side in (-1, 1):
            _ellipse(draw, cx + side * r * 0.95, cy + r * 0.1, r * 0.35, r * 0.75, dark)
    elif ears == "long":
        for side in (-1, 1):
            pts = [(cx + side * r * 0.2, cy - r * 0.5), (cx + side * r * 0.6, cy - r * 0.5),
                   (cx + side * r * 0.55, cy - r * 2.2), (cx + side * r * 0.3, cy - r * 2.2)]
            draw.polygon(_rot(pts, cx, cy, tilt + side * 0.15), fill=fur)
            inner = [(cx + side * r * 0.3, cy - r * 0.6), (cx + side * r * 0.5, cy - r * 0.6),
                     (cx + side * r * 0.45, cy - r * 2.0), (cx + side * r * 0.35, cy - r * 2.0)]
            draw.polygon(_rot(inner, cx, cy, tilt + side * 0.15), fill=(230, 170, 180))
    elif ears == "round":
        for side in (-1, 1):
            _ellipse(draw, cx + side * r * 0.75, cy - r * 0.75, r * 0.35, r * 0.35, fur)
    _ellipse(draw, cx, cy, r, r * 0.9, fur)
    if pattern == "tabby":  # the "M" of stripes on the forehead
        dark = tuple(max(0, c - 80) for c in fur)
        for k in (-1, 0, 1):
            draw.line([(cx + k * r * 0.22, cy - r * 0.78), (cx + k * r * 0.18, cy - r * 0.35)], fill=dark,
                      width=max(2, int(r * 0.09)))
        for k in (-1, 1):
            draw.line([(cx + k * r * 0.75, cy - r * 0.05), (cx + k * r * 0.98, cy + r * 0.05)], fill=dark,
                      width=max(2, int(r * 0.07)))
    elif pattern == "calico":
        color = [(30, 25, 20), (214, 128, 52), (240, 240, 235)][rng.integers(0, 3)]
        k = rng.choice([-1, 1])
        _ellipse(draw, cx + k * r * 0.5, cy - r * 0.5, r * 0.4, r * 0.32, color)
    if snout:
        _ellipse(draw, cx, cy + r * 0.45, r * 0.45 * snout, r * 0.35 * snout, tuple(min(255, c + 30) for c in fur))
    eye = eye_color or tuple(int(c) for c in rng.choice([[90, 170, 60], [200, 170, 40], [80, 140, 200], [60, 40, 20]]))
    ey = cy - r * 0.1
    for side in (-1, 1):
        ex = cx + side * r * 0.4
        if ears == "pointy" and snout == 0:
            _ellipse(draw, ex, ey, r * 0.2, r * 0.14, eye)
            _ellipse(draw, ex, ey, r * 0.05, r * 0.13, (10, 10, 10))
        else:
            _ellipse(draw, ex, ey, r * 0.11, r * 0.11, (15, 15, 15))
    ny = cy + r * (0.55 if snout else 0.25)
    if ears == "pointy" and snout == 0:
        draw.polygon([(cx - r * 0.1, ny - r * 0.05), (cx + r * 0.1, ny - r * 0.05), (cx, ny + r * 0.08)], fill=nose)
        wc = (245, 245, 245) if sum(fur) < 300 else (40, 40, 40)
        for side in (-1, 1):
            for k in (-1, 0, 1):
                draw.line([(cx + side * r * 0.2, ny + r * 0.05), (cx + side * r * 1.1, ny + k * r * 0.18)],
                          fill=wc, width=max(1, int(r * 0.03)))
    else:
        _ellipse(draw, cx, ny, r * 0.12, r * 0.09, (20, 20, 20))


def _stripes(rng, draw, cx, cy, rx, ry, fur):
    dark = tuple(max(0, c - 70) for c in fur)
    for k in range(rng.integers(3, 7)):
        x = cx - rx + (k + 0.5) * 2 * rx / 6
        draw.line([(x, cy - ry * 0.9), (x + rng.uniform(-5, 5), cy + ry * 0.5)], fill=dark, width=max(2, int(rx * 0.08)))


def _patches(rng, draw, cx, cy, rx, ry):
    for _ in range(rng.integers(2, 5)):
        color = [(30, 25, 20), (214, 128, 52), (240, 240, 235)][rng.integers(0, 3)]
        _ellipse(draw, cx + rng.uniform(-rx, rx) * 0.6, cy + rng.uniform(-ry, ry) * 0.6, rx * 0.35, ry * 0.3, color)


def _cat(rng, img, draw):
    fur = _contrasting(rng, img, lambda: _jitter(rng, FUR[rng.choice(list(FUR))]))
    pattern = rng.choice(["plain", "tabby", "calico"], p=[0.5, 0.3, 0.2])
    pose = rng.choice(["sitting", "lying", "face", "walking"], p=P_POSE)
    scale = rng.uniform(*SCALE)
    cx, cy = rng.uniform(0.5 - JIT, 0.5 + JIT) * S, rng.uniform(0.52 - JIT, 0.52 + JIT) * S
    tilt = rng.uniform(-0.3, 0.3)
    side = rng.choice([-1, 1])
    if pose == "face":  # a close-up of the head
        r = S * 0.3 * scale
        hx, hy = cx, cy + r * 0.2
    elif pose == "sitting":  # head and chest, the body leaving the frame at the bottom
        r = S * 0.24 * scale
        hx, hy = cx, cy - S * 0.02
        _ellipse(draw, cx, cy + S * 0.42 * scale, S * 0.3 * scale, S * 0.3 * scale, fur)
        _markings(rng, draw, pattern, cx, cy + S * 0.42 * scale, S * 0.3 * scale, S * 0.3 * scale, fur)
    elif pose == "lying":  # body stretched out behind the head, front paws under the chin
        r = S * 0.24 * scale
        hx, hy = cx - side * S * 0.06, cy - S * 0.02
        bx, by, rx, ry = cx + side * S * 0.16, cy + S * 0.26 * scale, S * 0.42 * scale, S * 0.16 * scale
        draw.line([(bx + side * rx * 0.8, by), (bx + side * rx * 1.1, by - ry * 1.4)], fill=fur, width=int(S * 0.05 * scale))
        _ellipse(draw, bx, by, rx, ry, fur)
        _markings(rng, draw, pattern, bx, by, rx, ry, fur)
        for k in (-1, 1):
            _ellipse(draw, hx + k * r * 0.45, hy + r * 0.95, r * 0.28, r * 0.16, fur)
    else:  # walking: body and legs to one side, head turned to the viewer
        r = S * 0.22 * scale
        hx, hy = cx + side * S * 0.1, cy - S * 0.04
        bx, by, rx, ry = cx - side * S * 0.14, cy + S * 0.2 * scale, S * 0.32 * scale, S * 0.14 * scale
        for lx in (-0.7, -0.35, 0.35, 0.7):
            draw.rectangle([bx + lx * rx - 5 * scale, by, bx + lx * rx + 5 * scale, by + ry * 2.2], fill=fur)
        draw.line([(bx - side * rx * 0.9, by), (bx - side * rx * 1.3, by - ry * 1.6)], fill=fur, width=int(S * 0.045 * scale))
        _ellipse(draw, bx, by, rx, ry, fur)
        _markings(rng, draw, pattern, bx, by, rx, ry, fur)
    _head(rng, draw, hx, hy, r, fur, "pointy", tilt=tilt, pattern=pattern)


def _markings(rng, draw, pattern, cx, cy, rx, ry, fur):
    if pattern == "tabby":
        _stripes(rng, draw, cx, cy, rx, ry, fur)
    elif pattern == "calico":
        _patches(rng, draw, cx, cy, rx, ry)


def _animal(rng, img, draw, kind):
    fur = _contrasting(rng, img, lambda: _jitter(rng, ANIMAL_FUR[rng.integers(0, len(ANIMAL_FUR))]))
    scale = rng.uniform(*SCALE)
    cx, cy = rng.uniform(0.5 - JIT, 0.5 + JIT) * S, rng.uniform(0.52 - JIT, 0.52 + JIT) * S
    tilt = rng.uniform(-0.3, 0.3)
    if kind == "dog":
        ears = rng.choice(["floppy", "pointy"], p=[0.7, 0.3])
        if rng.random() < 0.45:
            _head(rng, draw, cx, cy + 8, S * 0.28 * scale, fur, ears, snout=1.0, tilt=tilt)
        else:
            rx, ry = S * 0.32 * scale, S * 0.14 * scale
            for lx in (-0.7, -0.4, 0.4, 0.7):
                draw.rectangle([cx + lx * rx - 5, cy, cx + lx * rx + 5, cy + ry * 2], fill=fur)
            _ellipse(draw, cx, cy, rx, ry, fur)
            _head(rng, draw, cx + rx * 0.9, cy - ry, S * 0.15 * scale, fur, ears, snout=1.0, tilt=tilt)
    elif kind == "fox":
        fur = _jitter(rng, (205, 95, 35))
        _head(rng, draw, cx, cy + 6, S * 0.27 * scale, fur, "pointy", snout=1.3, tilt=tilt)
    elif kind == "rabbit":
        _ellipse(draw, cx, cy + 20 * scale, S * 0.2 * scale, S * 0.18 * scale, fur)
        _head(rng, draw, cx, cy - 5, S * 0.14 * scale, fur, "long", tilt=tilt)
    elif kind == "bear":
        _head(rng, draw, cx, cy, S * 0.27 * scale, fur, "round", snout=0.9, tilt=tilt)
    else:  # bird
        body = _jitter(rng, [(200, 40, 40), (40, 90, 200), (230, 200, 40), (90, 90, 90)][rng.integers(0, 4)])
        _ellipse(draw, cx, cy, S * 0.18 * scale, S * 0.12 * scale, body)
        _ellipse(draw, cx + S * 0.15 * scale, cy - S * 0.1 * scale, S * 0.08 * scale, S * 0.08 * scale, body)
        bx, by = cx + S * 0.22 * scale, cy - S * 0.1 * scale
        draw.polygon([(bx, by - 4), (bx + 14 * scale, by), (bx, by + 4)], fill=(240, 170, 30))
        _ellipse(draw, cx + S * 0.16 * scale, cy - S * 0.12 * scale, 3, 3, (0, 0, 0))


def _object(rng, img, draw, kind):
    color = _contrasting(rng, img, lambda: tuple(int(c) for c in rng.integers(20, 240, 3)))
    scale = rng.uniform(*SCALE)
    cx, cy = rng.uniform(0.5 - JIT, 0.5 + JIT) * S, rng.uniform(0.52 - JIT, 0.52 + JIT) * S
    if kind == "cup":
        draw.rectangle([cx - 22 * scale, cy - 25 * scale, cx + 22 * scale, cy + 25 * scale], fill=color)
        draw.ellipse([cx + 15 * scale, cy - 12 * scale, cx + 38 * scale, cy + 12 * scale], outline=color, width=6)
    elif kind == "house":
        draw.rectangle([cx - 30 * scale, cy - 10 * scale, cx + 30 * scale, cy + 35 * scale], fill=color)
        draw.polygon([(cx - 38 * scale, cy - 10 * scale), (cx + 38 * scale, cy - 10 * scale), (cx, cy - 45 * scale)],
                     fill=_jitter(rng, (150, 40, 30)))
        draw.rectangle([cx - 8 * scale, cy + 10 * scale, cx + 8 * scale, cy + 35 * scale], fill=(60, 40, 20))
    elif kind == "car":
        draw.rectangle([cx - 40 * scale, cy - 5 * scale, cx + 40 * scale, cy + 18 * scale], fill=color)
        draw.polygon([(cx - 22 * scale, cy - 5 * scale), (cx + 20 * scale, cy - 5 * scale), (cx + 10 * scale, cy - 25 * scale),
                      (cx - 15 * scale, cy - 25 * scale)], fill=color)
        for wx in (-24, 24):
            _ellipse(draw, cx + wx * scale, cy + 18 * scale, 10 * scale, 10 * scale, (20, 20, 20))
    elif kind == "plant":
        draw.polygon([(cx - 18 * scale, cy + 10 * scale), (cx + 18 * scale, cy + 10 * scale), (cx + 12 * scale, cy + 40 * scale),
                      (cx - 12 * scale, cy + 40 * scale)], fill=_jitter(rng, (170, 90, 50)))
        for _ in range(6):
            a = rng.uniform(-2.6, -0.5)
            _ellipse(draw, cx + np.cos(a) * 22 * scale, cy + 5 + np.sin(a) * 30 * scale, 8 * scale, 14 * scale,
                     _jitter(rng, (50, 140, 50)))
    else:  # ball or fruit
        _ellipse(draw, cx, cy, 28 * scale, 28 * scale, color)
        draw.arc([cx - 28 * scale, cy - 10 * scale, cx + 28 * scale, cy + 10 * scale], 0, 180, fill=(250, 250, 250), width=3)


def render(rng, is_cat):
    """
    Draw one image.

    rng -- numpy Generator; is_cat -- bool
    Returns image -- (64, 64, 3) uint8
    """
    img = _background(rng)
    draw = ImageDraw.Draw(img)
    _clutter(rng, draw, int(rng.integers(0, CLUTTER + 1)))
    if is_cat:
        _cat(rng, img, draw)
    else:
        kind = rng.choice(KINDS, p=P_KIND)
        if kind in ("dog", "fox", "rabbit", "bear", "bird"):
            _animal(rng, img, draw, kind)
        elif kind != "scene":
            _object(rng, img, draw, kind)
    if rng.random() < 0.5:
        _clutter(rng, draw, int(rng.integers(0, 2)))
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(*BLUR)))
    if rng.random() < 0.5:
        img = img.transpose(Image.FLIP_LEFT_RIGHT)
    arr = np.asarray(img.resize((64, 64), Image.LANCZOS), dtype=np.float64)
    gain = rng.uniform(*GAIN)
    cast = rng.uniform(-CAST, CAST, 3)
    arr = (arr - 128) * rng.uniform(*CONTRAST) + 128
    arr = arr * gain + cast + rng.normal(0, rng.uniform(*NOISE), arr.shape)
    return np.clip(np.round(arr), 0, 255).astype(np.uint8)


def make(seed, n_cat, n_non):
    """
    Render a shuffled set of n_cat cats and n_non non-cats.

    Returns X -- (n_cat + n_non, 64, 64, 3) uint8; labels -- (n_cat + n_non,) int64, 1 = cat
    """
    rng = np.random.default_rng(seed)
    labels = np.array([1] * n_cat + [0] * n_non, dtype=np.int64)
    rng.shuffle(labels)
    X = np.stack([render(rng, bool(y)) for y in labels])
    return X, labels


def make_cat_dataset(seed=SEED):
    """
    The whole data set, keyed as the classic h5 files.

    Returns dict with "train_set_x" (209, 64, 64, 3) uint8, "train_set_y" (209,) int64,
    "test_set_x" (50, 64, 64, 3), "test_set_y" (50,), "list_classes" [b'non-cat', b'cat']
    """
    train_x, train_y = make(seed, *TRAIN_COUNTS)
    test_x, test_y = make(seed + 1000, *TEST_COUNTS)
    return {"train_set_x": train_x, "train_set_y": train_y, "test_set_x": test_x, "test_set_y": test_y,
            "list_classes": CLASSES}


def write_cat_dataset(out_dir, seed=SEED):
    """Write train_catvnoncat.h5 and test_catvnoncat.h5 into out_dir; returns their paths."""
    return write_classic_h5(out_dir, "catvnoncat", make_cat_dataset(seed))
