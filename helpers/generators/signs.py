"""Renderer of the hand-signs data set (the classic SIGNS h5 layout): a hand showing 0-5 raised fingers.

Every image is drawn with PIL at 192x192 and downsampled to 64x64: a forearm (bare or in a
sleeve) entering from the bottom of the frame, a palm, four fingers and a thumb, each finger
either raised (a long capsule) or folded (a knuckle on the top of the palm; a folded thumb
lies across the palm). The label is the number of raised fingers, and which fingers are raised
varies for 1, 2 and 3 (2 is index + middle or thumb + index, ...). The hand has one of a
continuous range of skin tones from very light to very dark, a random size, rotation
(+-ROT degrees), position and left/right mirroring, and lies on a plain, gradient, textured or
two-tone background with clutter; the picture is then shaded, blurred, relit, colour-cast and
given sensor noise. The hand's position, size and angle vary, so the classes are not fixed
pixel patterns: a model has to find fingers wherever they are, which a small ConvNet does
better than a fully connected net. Everything is drawn from one seeded generator, so a build is
deterministic. See course/datasets/signs.md.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from helpers.generators.h5files import write_classic_h5

S = 192  # drawing resolution; images are downsampled to SIZE x SIZE
SIZE = 64
SEED = 1
TRAIN_PER_CLASS = 180  # 1080 training images, as the classic SIGNS data set
TEST_PER_CLASS = 20  # 120 test images
CLASSES = np.array([0, 1, 2, 3, 4, 5])

ROT = 15.0  # degrees, either way
SCALE = (0.3, 0.36)  # palm width as a fraction of the image side
SHIFT = 0.06  # how far the palm's centre moves from its home position (fraction of the side)
GAIN = (0.65, 1.3)  # brightness
CONTRAST = (0.7, 1.2)
CAST = 10  # colour cast, +- per channel
BLUR = (0.4, 1.6)  # Gaussian blur radius at the drawing resolution
NOISE = (1.0, 3.0)  # sensor noise standard deviation, at 64x64
MIN_CONTRAST = 50  # least luminance difference between the skin and the background behind the hand
P_BG = [0.3, 0.25, 0.2, 0.1, 0.15]  # plain, gradient, texture, stripes, wall and floor
CLUTTER = 1  # at most this many random shapes in the background
SATURATION = (0.1, 0.6)  # background colours are pulled towards grey by a factor in this range
CENTRE_Y = 0.66  # home position of the palm's centre, from the top (fraction of the side)

# Skin tones from very light to very dark (sRGB), interpolated continuously.
SKIN = np.array([(255, 228, 206), (241, 204, 177), (224, 172, 135), (198, 140, 100),
                 (161, 106, 70), (120, 76, 50), (86, 54, 38), (58, 38, 28)], dtype=float)

# Fingers in the hand's own frame (palm width = 1, palm centre at the origin, y pointing down):
# base x on the top edge of the palm, length, width, splay angle (degrees, + = outwards to the pinky).
FINGERS = {"index": (-0.36, 0.95, 0.23, -7.0), "middle": (-0.12, 1.05, 0.24, -2.0),
           "ring": (0.12, 0.98, 0.23, 3.0), "pinky": (0.36, 0.76, 0.21, 9.0)}
PALM_H = 1.05  # palm height
# The raised fingers of each sign, with their probabilities.
POSES = {
    0: [((), 1.0)],
    1: [(("index",), 0.85), (("thumb",), 0.15)],
    2: [(("index", "middle"), 0.8), (("thumb", "index"), 0.2)],
    3: [(("index", "middle", "ring"), 0.8), (("thumb", "index", "middle"), 0.2)],
    4: [(("index", "middle", "ring", "pinky"), 1.0)],
    5: [(("thumb", "index", "middle", "ring", "pinky"), 1.0)],
}


def _skin(rng):
    t = rng.uniform(0, len(SKIN) - 1)
    k = min(int(t), len(SKIN) - 2)
    color = SKIN[k] * (1 - (t - k)) + SKIN[k + 1] * (t - k) + rng.uniform(-8, 8, 3)
    return np.clip(color, 0, 255)


def _lum(color):
    return 0.3 * color[0] + 0.59 * color[1] + 0.11 * color[2]


def _rgb(color):
    return tuple(int(round(c)) for c in np.clip(color, 0, 255))


def _mute(color, sat):
    grey = color.mean()
    return grey + sat * (color - grey)


def _background(rng):
    kind = rng.choice(["plain", "gradient", "texture", "stripes", "wall"], p=P_BG)
    yy, xx = np.mgrid[0:S, 0:S] / S
    sat = rng.uniform(*SATURATION)
    c1, c2 = (_mute(rng.integers(0, 256, 3).astype(float), sat) for _ in range(2))
    if kind == "plain":
        img = np.broadcast_to(c1, (S, S, 3)).copy()
    elif kind == "gradient":
        a = rng.uniform(0, 2 * np.pi)
        t = xx * np.cos(a) + yy * np.sin(a)
        t = (t - t.min()) / (np.ptp(t) + 1e-9)
        img = c1 * (1 - t[..., None]) + c2 * t[..., None]
    elif kind == "texture":  # blotchy noise between two colours, like fabric or a wall
        cells = int(rng.integers(4, 16))
        small = rng.uniform(0, 1, (cells, cells)).astype(np.float32)
        t = np.asarray(Image.fromarray(small, mode="F").resize((S, S), Image.BICUBIC), dtype=float)
        t = np.clip(t, 0, 1) * rng.uniform(0.3, 1.0)
        img = c1 * (1 - t[..., None]) + c2 * t[..., None] + rng.normal(0, 6, (S, S, 1))
    elif kind == "stripes":
        a = rng.uniform(0, np.pi)
        period = rng.uniform(0.08, 0.3)
        t = 0.5 + 0.5 * np.sign(np.sin(2 * np.pi * (xx * np.cos(a) + yy * np.sin(a)) / period))
        t *= rng.uniform(0.15, 0.6)
        img = c1 * (1 - t[..., None]) + c2 * t[..., None]
    else:  # a wall and a table or floor
        horizon = int(rng.integers(S // 5, 4 * S // 5))
        img = np.empty((S, S, 3))
        img[:horizon] = c1
        img[horizon:] = c2 * 0.8
    image = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    for _ in range(int(rng.integers(0, CLUTTER + 1))):
        color = _rgb(rng.integers(0, 256, 3))
        x, y = rng.integers(-20, S, 2)
        w, h = rng.integers(15, 70, 2)
        shape = rng.integers(0, 3)
        if shape == 0:
            draw.rectangle([x, y, x + w, y + h], fill=color)
        elif shape == 1:
            draw.ellipse([x, y, x + w, y + h], fill=color)
        else:
            draw.line([(x, y), (x + w, y + h)], fill=color, width=int(rng.integers(3, 9)))
    return image


class _Pen:
    """Draws in the hand's own frame: palm width 1, palm centre at the origin, y pointing down."""

    def __init__(self, draw, centre, unit, angle, mirror):
        self.draw, self.centre, self.unit = draw, np.asarray(centre, dtype=float), unit
        c, s = np.cos(angle), np.sin(angle)
        self.m = unit * np.array([[c, -s], [s, c]]) @ np.diag([-1.0 if mirror else 1.0, 1.0])

    def pt(self, x, y):
        return tuple(self.centre + self.m @ (x, y))

    def capsule(self, p0, p1, width, fill, outline, edge):
        """A rounded stick from p0 to p1 (hand coordinates) of the given width, with an outline."""
        a, b = self.pt(*p0), self.pt(*p1)
        for w, color in ((width * self.unit + 2 * edge, outline), (width * self.unit, fill)):
            r = w / 2
            self.draw.line([a, b], fill=color, width=max(1, int(round(w))))
            for x, y in (a, b):
                self.draw.ellipse([x - r, y - r, x + r, y + r], fill=color)

    def polygon(self, points, fill, outline, edge):
        self.draw.polygon([self.pt(x, y) for x, y in points], fill=fill, outline=outline,
                          width=max(1, int(round(edge))))


def _rounded_rect(x0, y0, x1, y1, r, n=6):
    pts = []
    for cx, cy, a0 in ((x1 - r, y0 + r, -90), (x1 - r, y1 - r, 0), (x0 + r, y1 - r, 90), (x0 + r, y0 + r, 180)):
        for a in np.radians(np.linspace(a0, a0 + 90, n)):
            pts.append((cx + r * np.cos(a), cy + r * np.sin(a)))
    return pts


def _hand(rng, image, label, skin):
    """The image with a hand of colour skin showing `label` raised fingers drawn over it."""
    poses, probs = zip(*POSES[label], strict=True)
    raised = set(poses[rng.choice(len(poses), p=probs)])
    unit = rng.uniform(*SCALE) * S
    angle = np.radians(rng.uniform(-ROT, ROT))
    mirror = bool(rng.random() < 0.5)
    # the palm's centre: a little below the middle, so that raised fingers stay in the frame
    centre = (S * (0.5 + rng.uniform(-SHIFT, SHIFT)), S * (CENTRE_Y + rng.uniform(-SHIFT, SHIFT)))

    layer = Image.new("RGB", (S, S))
    mask = Image.new("L", (S, S), 0)
    pens = [_Pen(ImageDraw.Draw(layer), centre, unit, angle, mirror),
            _Pen(ImageDraw.Draw(mask), centre, unit, angle, mirror)]
    edge_color = skin * rng.uniform(0.55, 0.72)
    crease = skin * rng.uniform(0.72, 0.85)
    edge = max(1.0, unit * 0.035)
    sleeve = _rgb(rng.integers(0, 256, 3)) if rng.random() < 0.5 else None
    wrist_w = rng.uniform(0.72, 0.85)
    h2 = PALM_H / 2
    # lengths and splay vary a little from hand to hand
    spread = rng.uniform(0.6, 1.6)
    stretch = rng.uniform(0.88, 1.08)

    def both(method, *args, colors):
        for pen, (fill, outline) in zip(pens, (colors, (255, 255)), strict=True):
            getattr(pen, method)(*args, fill, outline, edge)

    # forearm, leaving the frame at the bottom
    both("polygon", [(-wrist_w / 2, h2 - 0.1), (wrist_w / 2, h2 - 0.1), (wrist_w * 0.6, 4.0), (-wrist_w * 0.6, 4.0)],
         colors=(_rgb(skin * 0.93), _rgb(edge_color)))
    if sleeve is not None:
        cuff = h2 + rng.uniform(0.35, 0.9)
        dark = _rgb(np.array(sleeve) * 0.6)
        both("polygon", [(-wrist_w * 0.62, cuff), (wrist_w * 0.62, cuff), (wrist_w * 0.75, 4.0),
                         (-wrist_w * 0.75, 4.0)], colors=(sleeve, dark))
    # raised fingers, behind the palm
    tips = []
    for name, (bx, length, width, splay) in FINGERS.items():
        if name in raised:
            a = np.radians(splay * spread + rng.uniform(-3, 3))
            length *= stretch * rng.uniform(0.95, 1.05)
            base = (bx, -h2 + 0.15)
            tip = (bx + length * np.sin(a), -h2 - length * np.cos(a) + 0.1)
            both("capsule", base, tip, width, colors=(_rgb(skin), _rgb(edge_color)))
            tips.append((tip, a, width))
    # the palm
    both("polygon", _rounded_rect(-0.5, -h2, 0.5, h2, 0.18), colors=(_rgb(skin), _rgb(edge_color)))
    # folded fingers: knuckles along the top of the palm, curled fingers across it
    for name, (bx, _length, width, _splay) in FINGERS.items():
        if name not in raised:
            top = -h2 - rng.uniform(0.02, 0.1)
            both("capsule", (bx, top + 0.05), (bx, top + 0.32), width * 1.02, colors=(_rgb(skin * 0.97), _rgb(crease)))
    # the thumb, on the index side: raised out sideways, or folded across the palm
    tb = (-0.42, 0.22)
    if "thumb" in raised:
        a = np.radians(rng.uniform(35, 60))
        length = 0.75 * stretch
        both("capsule", tb, (tb[0] - length * np.sin(a), tb[1] - length * np.cos(a)), 0.27,
             colors=(_rgb(skin), _rgb(edge_color)))
    else:
        end = (rng.uniform(-0.05, 0.15), rng.uniform(-0.15, 0.05))
        both("capsule", tb, end, 0.26, colors=(_rgb(skin * 1.02), _rgb(crease)))
    # nails on raised fingertips
    draw = pens[0].draw
    for (tx, ty), a, width in tips:
        nx, ny = pens[0].pt(tx + 0.08 * np.sin(a), ty + 0.08 * np.cos(a))
        r = width * unit * 0.28
        draw.ellipse([nx - r, ny - r, nx + r, ny + r], fill=_rgb(skin * 0.8 + np.array([235, 200, 190]) * 0.2))

    # shading: light from a random side falls across the hand
    a = rng.uniform(0, 2 * np.pi)
    yy, xx = np.mgrid[0:S, 0:S] / S
    shade = 1 + rng.uniform(0.05, 0.25) * ((xx - 0.5) * np.cos(a) + (yy - 0.5) * np.sin(a)) * 2
    hand = np.asarray(layer, dtype=float) * shade[..., None]
    # a soft shadow on the background
    bg = np.asarray(image, dtype=float)
    if rng.random() < 0.6:
        dx, dy = rng.integers(-8, 9, 2)
        shadow = np.asarray(mask.filter(ImageFilter.GaussianBlur(6)), dtype=float) / 255
        shadow = np.roll(shadow, (int(dy), int(dx)), axis=(0, 1)) * rng.uniform(0.2, 0.45)
        bg = bg * (1 - shadow[..., None])
    alpha = np.asarray(mask.filter(ImageFilter.GaussianBlur(0.7)), dtype=float)[..., None] / 255
    return Image.fromarray(np.clip(bg * (1 - alpha) + hand * alpha, 0, 255).astype(np.uint8))


def _render(rng, label):
    """One (SIZE, SIZE, 3) uint8 image of a hand showing `label` fingers."""
    skin = _skin(rng)
    for _ in range(20):  # a background that the hand stands out from
        image = _background(rng)
        centre = np.asarray(image, dtype=float)[S // 4:3 * S // 4, S // 4:3 * S // 4].reshape(-1, 3).mean(0)
        if abs(_lum(skin) - _lum(centre)) >= MIN_CONTRAST:
            break
    image = _hand(rng, image, label, skin)
    image = image.filter(ImageFilter.GaussianBlur(rng.uniform(*BLUR)))
    small = np.asarray(image.resize((SIZE, SIZE), Image.LANCZOS), dtype=float)
    mean = small.mean()
    small = (small - mean) * rng.uniform(*CONTRAST) + mean
    small = small * rng.uniform(*GAIN) + rng.uniform(-CAST, CAST, 3)
    small += rng.normal(0, rng.uniform(*NOISE), small.shape)
    return np.clip(np.round(small), 0, 255).astype(np.uint8)


def make(seed, per_class):
    """
    Render per_class images of each of the 6 classes, in a shuffled order.

    Arguments:
    seed -- seed of numpy.random.default_rng
    per_class -- number of images per class

    Returns:
    x -- (6 * per_class, 64, 64, 3) uint8 images
    y -- (6 * per_class,) int64 labels in 0..5, the number of raised fingers
    """
    rng = np.random.default_rng(seed)
    y = rng.permutation(np.repeat(np.arange(len(CLASSES), dtype=np.int64), per_class))
    x = np.stack([_render(rng, int(label)) for label in y])
    return x, y


def make_signs_dataset(seed=SEED):
    """
    The whole data set, keyed as the classic h5 files.

    Arguments:
    seed -- training images come from default_rng(seed), test images from default_rng(seed + 1000)

    Returns:
    data -- dict with "train_set_x" (1080, 64, 64, 3) uint8, "train_set_y" (1080,) int64,
            "test_set_x" (120, 64, 64, 3) uint8, "test_set_y" (120,) int64,
            "list_classes" array([0, 1, 2, 3, 4, 5])
    """
    train_x, train_y = make(seed, TRAIN_PER_CLASS)
    test_x, test_y = make(seed + 1000, TEST_PER_CLASS)
    return {"train_set_x": train_x, "train_set_y": train_y, "test_set_x": test_x, "test_set_y": test_y,
            "list_classes": CLASSES.copy()}


def write_signs(out_dir, seed=SEED):
    """Write train_signs.h5 and test_signs.h5 into out_dir; returns their paths."""
    return write_classic_h5(out_dir, "signs", make_signs_dataset(seed))
