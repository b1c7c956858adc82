"""Renderer of face portraits of many identities, for face verification (a FaceNet-style encoder).

An identity is a dict of fixed traits drawn from default_rng([SPLIT_SEEDS[split], k]) (see
identity): face shape (width, length, jaw, chin), skin tone (a continuous range from very light
to very dark, and warmth), eyes (spacing, height, size, shape, colour), eyebrows (thickness,
tilt, gap), nose (length, width), mouth (height, width, lip thickness and colour), ears, hair
(colour, style: short, long, bald, curly, bun, ponytail or fringe; volume, hairline, parting),
glasses (none, round or square frames, colour), facial hair (none, stubble, moustache, goatee or
full beard) and marks (freckles, a mole). The three splits draw their identities from different
seeds, so validation and test identities are never seen in training.

A portrait is render_face(person, rng): everything rng draws is nuisance. Pose (yaw: features
slide sideways on a cylinder and the face narrows; pitch: features move up or down; roll: the
whole picture turns; scale and position), expression (neutral, smile, grin, open mouth, frown;
raised brows; blinking; gaze), clothes, background (plain, gradient or blurred shapes),
occlusion (a hat or beanie, a scarf or hand over the lower face, sunglasses instead of glasses)
and lighting (a shading gradient across the face from a random direction, brightness, contrast,
colour cast). There is no sensor noise in the stored images (it makes them incompressible); a
training script adds it as an augmentation.

lookalike(person, rng) makes a different identity close to a given one: the hair style, glasses
and facial hair are kept, every continuous trait is nudged a little, and a few fine traits
(eyes, brows, nose, mouth, ears, jaw, marks) are redrawn (see lookalike).

Every portrait is drawn with PIL at twice its size (128x128 for 64x64) on a canvas with margins,
turned by the roll angle and cropped, shaded (in flat steps) and downsampled with Lanczos; then
brightness, contrast and colour cast are applied in NumPy. See course/datasets/faces.md.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from helpers.generators.npzfiles import write_npz

IMAGE_SIZE = 64
SPLIT_SEEDS = {"train": 11, "val": 22, "test": 33}  # identity seeds; splits never share an identity
N_IDENTITIES = {"train": 2000, "val": 100, "test": 200}
TEST_PER_IDENTITY = 4  # portraits of each test identity in faces_test.npz (8 would make it 8 MB)
LOOKALIKE_OF = tuple(range(0, 200, 8))  # the 25 test identities given a look-alike in faces_test.npz
LOOKALIKE_PER_IDENTITY = 4
# The last word of a nuisance seed: default_rng([s, k]) and default_rng([s, k, 0, 0]) are the same
# stream (SeedSequence pads with zeros), so a portrait's seed ends with a non-zero tag.
PORTRAIT_TAG = 1
LOOKALIKE_TAG = 2  # a look-alike's traits: default_rng([s, k, 0, 0, LOOKALIKE_TAG])
LOOKALIKE_PORTRAIT_TAG = 3  # its portraits: default_rng([s, k, seed, j, LOOKALIKE_PORTRAIT_TAG])

UP = 2  # drawing resolution / image resolution
MARGIN = 0.15  # canvas margin on every side, fraction of the side (room for the roll)
HEAD = 0.25  # half width of an average face, fraction of the side

# Continuous identity traits and their ranges (the units are in the comments of identity()).
TRAITS = {
    "face_width": (0.86, 1.14), "face_length": (1.12, 1.45), "jaw": (0.0, 1.0), "chin": (0.0, 1.0),
    "skin_tone": (0.0, 1.0), "skin_warmth": (-1.0, 1.0),
    "eye_spacing": (0.3, 0.44), "eye_height": (-0.14, 0.02), "eye_size": (0.13, 0.2),
    "eye_shape": (0.4, 0.7), "brow_thickness": (0.04, 0.11), "brow_tilt": (-0.06, 0.08),
    "brow_gap": (0.1, 0.2), "nose_length": (0.24, 0.4), "nose_width": (0.13, 0.27),
    "mouth_height": (0.48, 0.62), "mouth_width": (0.28, 0.5), "lip_thickness": (0.04, 0.09),
    "lip_red": (0.0, 1.0), "ear_size": (0.7, 1.3), "hair_shade": (0.0, 1.0), "hair_red": (0.0, 1.0),
    "hair_grey": (0.0, 1.0), "hair_volume": (0.0, 1.0), "hairline": (-0.72, -0.45),
    "parting": (-1.0, 1.0), "curl_phase": (0.0, 1.0), "freckle_phase": (0.0, 1.0),
}
# Traits a look-alike may redraw (besides nudging them): the fine ones, not hair, glasses or beard.
FINE = ("eye_spacing", "eye_height", "eye_size", "eye_shape", "eye_colour", "brow_thickness",
        "brow_tilt", "nose_length", "nose_width", "mouth_width", "mouth_height", "lip_thickness",
        "ear_size", "jaw", "chin", "freckles", "mole")
HAIR_STYLES = ("short", "long", "bald", "curly", "bun", "ponytail", "fringe")
P_HAIR = (0.26, 0.2, 0.1, 0.12, 0.08, 0.1, 0.14)
GLASSES = ("none", "round", "square")
P_GLASSES = (0.72, 0.14, 0.14)
BEARDS = ("none", "stubble", "moustache", "goatee", "full")
P_BEARD = (0.62, 0.1, 0.1, 0.08, 0.1)

# Skin tones from very light to very dark (sRGB), interpolated continuously.
SKIN = np.array([(255, 228, 206), (241, 204, 177), (224, 172, 135), (198, 140, 100),
                 (161, 106, 70), (120, 76, 50), (86, 54, 38), (58, 38, 28)], dtype=float)
HAIR = np.array([(22, 18, 16), (48, 32, 22), (86, 56, 34), (130, 92, 58), (184, 148, 96),
                 (226, 204, 150)], dtype=float)  # black to platinum blond
EYES = np.array([(70, 42, 22), (110, 70, 35), (60, 110, 160), (80, 120, 80), (120, 125, 130),
                 (40, 30, 25)], dtype=float)  # brown, hazel, blue, green, grey, dark
FRAMES = np.array([(20, 20, 22), (120, 70, 30), (170, 170, 175), (160, 30, 40), (30, 50, 120),
                   (200, 170, 60)], dtype=float)
P_BACKGROUND = (0.3, 0.35, 0.35)  # plain, gradient, blurred shapes
P_EXPRESSION = (0.38, 0.22, 0.14, 0.14, 0.12)  # neutral, smile, grin, open mouth, frown
YAW = 0.55  # radians, either way
PITCH = 0.35  # fraction of the largest vertical slide of the features, either way
ROLL = 12.0  # degrees, either way
SCALE = (0.88, 1.12)
SHIFT = 0.06  # fraction of the side, either way
GAIN = (0.7, 1.25)
CONTRAST = (0.75, 1.15)
CAST = 14  # colour cast, +- per channel
SHADE = (0.0, 0.55)  # strength of the light's gradient across the face
BANDS = 2  # the light's gradient across the person is rounded to steps of 1 / BANDS (flat shading)
P_HAT, P_LOWER, P_SUNGLASSES = 0.1, 0.08, 0.06  # occlusions


def _rgb(color):
    return tuple(int(round(c)) for c in np.clip(color, 0, 255))


def _mix(a, b, t):
    return _rgb(np.asarray(a, dtype=float) * (1 - t) + np.asarray(b, dtype=float) * t)


def _ramp(palette, t):
    """A colour at t in [0, 1] along a palette, linearly interpolated."""
    x = float(np.clip(t, 0, 1)) * (len(palette) - 1)
    i = min(int(x), len(palette) - 2)
    return palette[i] * (1 - (x - i)) + palette[i + 1] * (x - i)


def _colours(p):
    """Fill in the colours that follow from the continuous traits (skin, lips, hair, brows)."""
    skin = _ramp(SKIN, p["skin_tone"]) + p["skin_warmth"] * np.array([8.0, 0.0, -8.0])
    p["skin"] = _rgb(skin)
    p["lip_colour"] = _mix(skin * 0.82, (190, 70, 80), 0.15 + 0.3 * p["lip_red"])
    hair = _ramp(HAIR, p["hair_shade"] ** 1.4)
    if p["hair_red"] > 0.9:  # ginger
        hair = hair * 0.5 + np.array([170, 80, 35]) * 0.5
    if p["hair_grey"] > 0.9:  # grey or white
        hair = hair * 0.3 + np.full(3, 140 + 600 * (p["hair_grey"] - 0.9))
    p["hair_colour"] = _rgb(hair)
    p["brow_colour"] = _rgb(np.minimum(hair * 0.75, skin * 0.6))
    return p


def _draw_traits(p, rng, names):
    """Draw the named traits of p from rng (continuous ones uniformly in TRAITS)."""
    for name in names:
        if name in TRAITS:
            p[name] = float(rng.uniform(*TRAITS[name]))
        elif name == "eye_colour":
            p[name] = _rgb(EYES[int(rng.integers(len(EYES)))] + rng.uniform(-12, 12, 3))
        elif name == "hair_style":
            p[name] = HAIR_STYLES[int(rng.choice(len(HAIR_STYLES), p=P_HAIR))]
        elif name == "glasses":
            p[name] = GLASSES[int(rng.choice(len(GLASSES), p=P_GLASSES))]
            p["glasses_colour"] = _rgb(FRAMES[int(rng.integers(len(FRAMES)))])
        elif name == "beard":
            p[name] = BEARDS[int(rng.choice(len(BEARDS), p=P_BEARD))]
        elif name == "freckles":
            p[name] = bool(rng.random() < 0.12)
        elif name == "mole":
            has = rng.random() < 0.2
            p[name] = (float(rng.uniform(-0.6, 0.6)), float(rng.uniform(-0.2, 0.6))) if has else None
    return p


def identity(split, k):
    """
    The fixed traits of identity k of a split, drawn from default_rng([SPLIT_SEEDS[split], k]).

    Returns:
    person -- dict of the continuous traits of TRAITS (face_width: x an average face; face_length:
              height / width; jaw 0 tapered .. 1 square; chin 0 round .. 1 pointed; skin_tone 0 very
              light .. 1 very dark; eye_*, nose_*, mouth_*, brow_* in units of the face's half width
              (across) or half height (down from the face's centre)), the categorical ones
              (eye_colour, hair_style, glasses, glasses_colour, beard, freckles, mole: None or its
              (u, v) place) and the derived colours (skin, lip_colour, hair_colour, brow_colour)
    """
    rng = np.random.default_rng([SPLIT_SEEDS[split], k])
    p = _draw_traits({}, rng, list(TRAITS) + ["eye_colour", "hair_style", "glasses", "beard",
                                               "freckles", "mole"])
    if p["hair_style"] in ("long", "bun", "ponytail") and p["beard"] != "none" and rng.random() < 0.7:
        p["beard"] = "none"
    return _colours(p)


def lookalike(person, rng, closeness=0.85):
    """
    A different identity close to `person`.

    Kept: the hair style, the glasses (and their colour) and the facial hair. Nudged: every
    continuous trait, by a normal step of (1 - closeness) / 2 of its range (clipped to the range),
    so skin, hair colour and face shape stay close. Redrawn: max(2, round((1 - closeness) * 20))
    of the FINE traits (3 at the default closeness), chosen at random; a redrawn continuous trait
    moves by at least a third of its range, a redrawn eye colour changes its palette entry, and a
    redrawn freckles / mole flag flips.

    Arguments:
    person -- an identity dict (see identity)
    rng -- numpy.random.Generator: the only source of randomness
    closeness -- in (0, 1]: how close the look-alike is

    Returns:
    other -- an identity dict, with "redrawn": the tuple of the FINE traits that were redrawn
    """
    p = {key: value for key, value in person.items() if key != "redrawn"}
    step = (1 - closeness) / 2
    for name, (low, high) in TRAITS.items():
        p[name] = float(np.clip(p[name] + rng.normal() * step * (high - low), low, high))
    n = max(2, int(round((1 - closeness) * 20)))
    redrawn = tuple(FINE[i] for i in sorted(rng.choice(len(FINE), size=min(n, len(FINE)), replace=False)))
    for name in redrawn:
        if name in TRAITS:
            low, high = TRAITS[name]
            while True:
                value = float(rng.uniform(low, high))
                if abs(value - person[name]) >= (high - low) / 3:
                    break
            p[name] = value
        elif name == "eye_colour":
            old = int(np.argmin(((EYES - np.array(person[name])) ** 2).sum(axis=1)))
            i = (old + 1 + int(rng.integers(len(EYES) - 1))) % len(EYES)
            p[name] = _rgb(EYES[i] + rng.uniform(-12, 12, 3))
        elif name == "freckles":
            p[name] = not person[name]
        elif name == "mole":
            p[name] = None if person[name] is not None else (float(rng.uniform(-0.6, 0.6)),
                                                             float(rng.uniform(-0.2, 0.6)))
    p["redrawn"] = redrawn
    return _colours(p)


class _Painter:
    """Draws the same shapes into the picture (RGB) and into the person's mask (L, 255 or 0)."""

    def __init__(self, image, mask):
        self.rgb, self.mask = ImageDraw.Draw(image), ImageDraw.Draw(mask)
        self.on = 255

    def ellipse(self, cx, cy, rx, ry, fill, outline=None, width=1):
        box = [cx - abs(rx), cy - abs(ry), cx + abs(rx), cy + abs(ry)]
        self.rgb.ellipse(box, fill=fill, outline=outline, width=max(1, int(round(width))))
        self.mask.ellipse(box, fill=self.on if fill is not None else None,
                          outline=self.on if outline is not None else None, width=max(1, int(round(width))))

    def rect(self, x0, y0, x1, y1, fill, outline=None, width=1):
        box = [min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)]
        self.rgb.rectangle(box, fill=fill, outline=outline, width=max(1, int(round(width))))
        self.mask.rectangle(box, fill=self.on if fill is not None else None,
                            outline=self.on if outline is not None else None, width=max(1, int(round(width))))

    def poly(self, pts, fill):
        self.rgb.polygon(pts, fill=fill)
        self.mask.polygon(pts, fill=self.on)

    def line(self, pts, width, fill):
        width = max(1, int(round(width)))
        self.rgb.line(pts, fill=fill, width=width, joint="curve")
        self.mask.line(pts, fill=self.on, width=width)


class _Head:
    """The face's frame: u across (-1 .. 1 from the left to the right edge), v down (-1 top, 1 chin).

    Features lie on a cylinder turned by the yaw (they slide sideways and narrow towards the
    far edge); the pitch slides them up or down, most in the middle of the face.
    """

    def __init__(self, cx, cy, w, h, yaw, pitch):
        self.cx, self.cy, self.w, self.h, self.yaw, self.pitch = cx, cy, w, h, yaw, pitch
        self.wo = w * (1 - 0.12 * abs(math.sin(yaw)))  # outline half width

    def angle(self, u):
        return math.asin(max(-0.99, min(0.99, u))) + self.yaw

    def pt(self, u, v, lift=0.0):
        """A point on the face; lift > 0 stands out of it (the nose's tip), sliding further with the yaw."""
        a = self.angle(u)
        x = self.cx + self.w * 0.94 * math.sin(a) + lift * self.w * math.sin(self.yaw)
        y = self.cy + self.h * (v + self.pitch * 0.14 * math.cos(a) * (1 - abs(v) * 0.5))
        return x, y

    def fore(self, u):
        """How much a feature at u is narrowed by the yaw (1 facing the camera)."""
        return max(0.15, math.cos(self.angle(u))) / max(0.15, math.cos(math.asin(max(-0.99, min(0.99, u)))))

    def outline(self, jaw, chin, n=40):
        """The face's outline: an ellipse above, a superellipse (square with the jaw) below."""
        pts = []
        e = 2.0 / (2.0 + 2.5 * jaw)
        for t in np.linspace(0, 2 * np.pi, n, endpoint=False):
            c, s = math.cos(t), math.sin(t)
            if s > 0:  # lower half
                x = math.copysign(abs(c) ** e, c) * (1 - 0.35 * chin * s ** 3)
                y = math.copysign(abs(s) ** e, s) * (1 + 0.06 * chin)
            else:
                x, y = c, s
            pts.append((self.cx + self.w * 0.06 * math.sin(self.yaw) + self.wo * x, self.cy + self.h * y))
        return pts


def _background(rng, side):
    """A background picture, side x side: plain, gradient or blurred shapes."""
    kind = int(rng.choice(3, p=P_BACKGROUND))

    def colour():
        c = rng.uniform(20, 235, 3)
        grey = c.mean()
        return grey + (c - grey) * rng.uniform(0.2, 1.0)

    a = colour()
    low = 16
    if kind == 0:
        small = np.tile(a, (low, low, 1))
        small = small + rng.uniform(-8, 8, 3)  # a slight tint
    elif kind == 1:
        b = colour()
        t = rng.uniform(0, 2 * np.pi)
        g = np.linspace(-1, 1, low)
        proj = (np.cos(t) * g[None, :] + np.sin(t) * g[:, None]) * 0.5 + 0.5
        small = a * (1 - proj[..., None]) + b * proj[..., None]
    else:
        image = Image.new("RGB", (low, low), _rgb(a))
        draw = ImageDraw.Draw(image)
        for _ in range(int(rng.integers(2, 6))):
            x, y = rng.uniform(-2, low + 2, 2)
            rx, ry = rng.uniform(1.5, 6, 2)
            box = [x - rx, y - ry, x + rx, y + ry]
            if rng.random() < 0.5:
                draw.ellipse(box, fill=_rgb(colour()))
            else:
                draw.rectangle(box, fill=_rgb(colour()))
        small = np.asarray(image, dtype=float)
    image = Image.fromarray(np.clip(small, 0, 255).astype(np.uint8))
    return image.resize((side, side), Image.BILINEAR)


def _hair_back(pen, head, p, colour):
    style, vol = p["hair_style"], p["hair_volume"]
    cx, cy, w, h = head.cx, head.cy, head.wo, head.h
    if style == "long":
        top, bottom = cy - h * (1.06 + 0.08 * vol), cy + h * (0.75 + 0.5 * vol)
        half = w * (1.12 + 0.2 * vol)
        pen.ellipse(cx, top + half, half, half, colour)
        pen.rect(cx - half, top + half, cx + half, bottom, colour)
    elif style == "curly":
        n = 13
        for i in range(n):
            t = np.pi * (0.92 + 1.16 * i / (n - 1))
            r = w * (0.3 + 0.14 * vol) * (0.85 + 0.3 * ((i * 0.618 + p["curl_phase"]) % 1))
            x = cx + w * (1.0 + 0.1 * vol) * math.cos(t)
            y = cy + h * (0.95 + 0.08 * vol) * math.sin(t)
            pen.ellipse(x, y, r, r, colour)
    elif style == "bun":
        r = w * (0.3 + 0.12 * vol)
        pen.ellipse(cx + w * 0.1 * math.sin(head.yaw), cy - h * 1.02 - r * 0.6, r, r, colour)
    elif style == "ponytail":
        side = 1 if p["parting"] >= 0 else -1
        x = cx - side * w * (0.95 + 0.3 * math.sin(head.yaw) * side)
        pen.ellipse(x, cy + h * 0.15, w * (0.22 + 0.08 * vol), h * (0.6 + 0.2 * vol), colour)
    elif style == "bald" and vol > 0.5:  # a rim of hair above the ears
        for s in (-1, 1):
            pen.ellipse(cx + s * w * 0.93, cy - h * 0.12, w * 0.16, h * 0.28, colour)


def _hair_front(pen, head, p, colour):
    style, vol = p["hair_style"], p["hair_volume"]
    if style == "bald":
        return
    hl = p["hairline"]
    temple = hl + 0.42
    grow = 1 + 0.07 * vol + (0.08 if style == "curly" else 0.0)
    outer = []
    edge = math.asin(min(0.99, -temple))
    for t in np.linspace(np.pi + edge, 2 * np.pi - edge, 17):
        outer.append((head.cx + head.w * 0.06 * math.sin(head.yaw) + head.wo * grow * math.cos(t),
                      head.cy + head.h * (grow + 0.02) * math.sin(t)))
    inner = []
    part = p["parting"] * 0.5
    for u in np.linspace(0.98, -0.98, 13):
        v = hl + (temple - hl) * abs(u) ** 2.2
        if style in ("short", "curly", "long", "ponytail", "bun"):
            v += 0.07 * max(0.0, 1 - abs(u - part) * 3)  # the parting's dip
        inner.append(head.pt(u, v))
    pen.poly(outer + inner, colour)
    if style == "fringe":
        bottom = p["eye_height"] - p["brow_gap"] - 0.1
        pts = [head.pt(u, hl) for u in np.linspace(-0.95, 0.95, 9)]
        for i, u in enumerate(np.linspace(0.9, -0.9, 9)):
            pts.append(head.pt(u, bottom + 0.04 * (i % 2) + 0.1 * p["parting"] * u))
        pen.poly(pts, colour)


def _mouth(pen, head, p, expression, lip, skin):
    """The mouth at (0, mouth_height): its shape follows the expression."""
    curve, open_, teeth = {"neutral": (0.0, 0.0, False), "smile": (0.55, 0.0, False),
                           "grin": (0.5, 0.09, True), "open": (0.0, 0.16, False),
                           "frown": (-0.35, 0.0, False)}[expression]
    half = p["mouth_width"] * (0.85 if expression == "open" else 1.0) + (0.05 if curve > 0 else 0.0)
    th = p["lip_thickness"]
    mv = p["mouth_height"]
    us = np.linspace(-half, half, 11)
    mid = [mv - curve * 0.18 * ((u / half) ** 2 - 0.3) for u in us]
    bell = [math.sqrt(max(0.0, 1 - (u / half) ** 2)) for u in us]
    upper = [head.pt(u, m - th * 0.9 * b) for u, m, b in zip(us, mid, bell, strict=True)]
    lower = [head.pt(u, m + (th * 1.2 + open_) * b) for u, m, b in zip(us, mid, bell, strict=True)]
    pen.poly(upper + lower[::-1], lip)
    if open_ > 0:
        inner_top = [head.pt(u, m - th * 0.2 * b) for u, m, b in zip(us, mid, bell, strict=True)]
        inner_bottom = [head.pt(u, m + (open_ + th * 0.2) * b) for u, m, b in
                        zip(us, mid, bell, strict=True)]
        pen.poly(inner_top + inner_bottom[::-1], (55, 22, 28))
        if teeth:
            band = [head.pt(u, m + open_ * 0.45 * b) for u, m, b in zip(us, mid, bell, strict=True)]
            pen.poly(inner_top[1:-1] + band[-2:0:-1], (238, 234, 222))
    else:
        pen.line([head.pt(u, m) for u, m in zip(us, mid, strict=True)], head.h * 0.025,
                 _mix(lip, (40, 15, 20), 0.5))


def render_face(person, rng, size=IMAGE_SIZE):
    """
    Render one portrait of `person` (an identity dict); rng draws the nuisance only.

    Arguments:
    person -- dict of traits (see identity and lookalike)
    rng -- numpy.random.Generator: the only source of randomness
    size -- side of the square image, in pixels

    Returns:
    image -- uint8 array (size, size, 3)
    """
    p = person
    side = size * UP
    margin = int(round(side * MARGIN))
    canvas = side + 2 * margin

    # nuisance, all drawn up front in a fixed order
    yaw = float(rng.uniform(-YAW, YAW))
    pitch = float(rng.uniform(-PITCH, PITCH))
    roll = float(rng.uniform(-ROLL, ROLL))
    scale = float(rng.uniform(*SCALE))
    dx, dy = rng.uniform(-SHIFT, SHIFT, 2) * side
    expression = ("neutral", "smile", "grin", "open", "frown")[int(rng.choice(5, p=P_EXPRESSION))]
    raised = float(rng.uniform(0.05, 0.12)) if (rng.random() < 0.2 or expression == "open") else 0.0
    blink = bool(rng.random() < 0.1)
    gaze = float(rng.uniform(-0.35, 0.35)) + 0.5 * yaw
    clothes = _rgb(rng.uniform(20, 235, 3))
    neckline = float(rng.uniform(0.2, 0.5))
    hat = rng.random() < P_HAT
    hat_kind, hat_colour = int(rng.integers(2)), _rgb(rng.uniform(15, 230, 3))
    lower = rng.random() < P_LOWER
    lower_kind, lower_colour = int(rng.integers(2)), _rgb(rng.uniform(15, 230, 3))
    sunglasses = rng.random() < P_SUNGLASSES
    light_angle = float(rng.uniform(0, 2 * np.pi))
    shade = float(rng.uniform(*SHADE))
    gain = float(rng.uniform(*GAIN))
    contrast = float(rng.uniform(*CONTRAST))
    cast = rng.uniform(-CAST, CAST, 3)
    background = _background(rng, canvas)

    w = side * HEAD * p["face_width"] * scale
    h = w * p["face_length"] * 0.92
    cx, cy = canvas / 2 + dx, canvas / 2 - side * 0.04 + dy
    head = _Head(cx, cy, w, h, yaw, pitch)
    skin = p["skin"]
    shadow = _rgb(np.array(skin) * 0.78)
    hair = p["hair_colour"]
    mask = Image.new("L", (canvas, canvas), 0)
    pen = _Painter(background, mask)

    # shoulders, neck, hair behind the head, ears, face
    pen.ellipse(cx - w * 0.2 * math.sin(yaw), cy + h * 1.0 + w * 1.5, w * 2.1, w * 1.15, clothes)
    pen.rect(cx - w * 0.42, cy + h * 0.3, cx + w * 0.42, cy + h * 1.25, shadow)
    pen.poly([(cx - w * neckline, cy + h * 1.22), (cx + w * neckline, cy + h * 1.22),
              (cx, cy + h * (1.3 + neckline))], shadow)
    _hair_back(pen, head, p, hair)
    for s in (-1, 1):
        x = head.cx + head.w * 0.06 * math.sin(yaw) + s * head.wo * 0.97
        ew = w * 0.16 * p["ear_size"] * max(0.0, 1 - 1.6 * s * math.sin(yaw))
        if ew > 0.5:
            y = cy - h * 0.04 + h * pitch * 0.05
            pen.ellipse(x + s * ew * 0.5, y, ew, h * 0.2 * p["ear_size"], shadow)
    pen.poly(head.outline(p["jaw"], p["chin"]), skin)

    # facial hair below the mouth, marks
    beard = p["beard"]
    beard_colour = _mix(hair, (35, 30, 28), 0.25)
    if beard in ("stubble", "full"):
        top = p["mouth_height"] - 0.2 if beard == "full" else p["mouth_height"] - 0.12
        pts = [head.pt(u, top + 0.08 * abs(u)) for u in np.linspace(-0.97, 0.97, 9)]
        pts += [(x, y) for x, y in head.outline(p["jaw"], p["chin"])[1:20] if y > head.pt(0, top)[1]][::-1]
        pen.poly(pts, _mix(skin, beard_colour, 0.35) if beard == "stubble" else beard_colour)
    if beard == "goatee":
        x, y = head.pt(0, p["mouth_height"] + 0.22)
        pen.ellipse(x, y, w * p["mouth_width"] * 0.55 * head.fore(0), h * 0.16, beard_colour)
    if p["freckles"]:
        dot = _rgb(np.array(skin) * 0.75)
        for i in range(10):
            s = 1 if i % 2 else -1
            u = s * (0.3 + 0.35 * ((i * 0.37 + p["freckle_phase"]) % 1))
            v = p["eye_height"] + 0.18 + 0.2 * ((i * 0.71 + p["freckle_phase"]) % 1)
            x, y = head.pt(u, v)
            pen.ellipse(x, y, w * 0.03, w * 0.03, dot)
    if p["mole"] is not None:
        x, y = head.pt(*p["mole"])
        pen.ellipse(x, y, w * 0.045, w * 0.045, (60, 38, 30))

    # eyes and brows
    for s in (-1, 1):
        u = s * p["eye_spacing"]
        x, y = head.pt(u, p["eye_height"])
        rx = w * p["eye_size"] * head.fore(u)
        ry = w * p["eye_size"] * p["eye_shape"]
        if blink:
            pen.line([(x - rx, y), (x + rx, y + ry * 0.2)], max(2.0, ry * 0.35), (50, 35, 30))
        else:
            pen.ellipse(x, y, rx, ry, (236, 234, 228))
            ir = min(ry * 1.0, rx * 0.75)
            ix = x + gaze * (rx - ir) * 0.9
            pen.ellipse(ix, y, ir * head.fore(u) ** 0.5, ir, p["eye_colour"])
            pen.ellipse(ix, y, ir * 0.45, ir * 0.45, (18, 14, 14))
            pen.line([(x - rx, y), (x - rx * 0.5, y - ry * 0.9), (x + rx * 0.5, y - ry * 0.9), (x + rx, y)],
                     max(1.5, ry * 0.3), (45, 32, 28))
        v = p["eye_height"] - p["brow_gap"] - raised
        inner = head.pt(s * (p["eye_spacing"] - p["eye_size"] * 1.1), v + p["brow_tilt"] * 0.5)
        middle = head.pt(s * p["eye_spacing"], v - raised * 0.4)
        outer = head.pt(s * (p["eye_spacing"] + p["eye_size"] * 1.3), v - p["brow_tilt"] * 0.5 + 0.03)
        pen.line([inner, middle, outer], w * p["brow_thickness"], p["brow_colour"])

    # nose
    top_v = p["eye_height"] + 0.05
    tip_v = top_v + p["nose_length"]
    nw = p["nose_width"]
    bl, br = head.pt(-nw * 0.25, top_v), head.pt(nw * 0.25, top_v)
    tl, tr = head.pt(-nw, tip_v, lift=0.12), head.pt(nw, tip_v, lift=0.12)
    tip = head.pt(0, tip_v + 0.04, lift=0.2)
    dark = 1 if yaw > 0 else -1  # the side of the nose turned away is in shade
    pen.poly([bl, br, tr, tip, tl], _mix(skin, shadow, 0.35))
    far = head.pt(-dark * nw * 0.3, top_v + 0.05)
    pen.poly([far, tl if dark < 0 else tr, tip], shadow)
    for s in (-1, 1):
        x, y = head.pt(s * nw * 0.55, tip_v + 0.01, lift=0.15)
        pen.ellipse(x, y, w * nw * 0.22 * head.fore(s * nw), h * 0.025, _rgb(np.array(skin) * 0.45))

    # mouth, moustache
    _mouth(pen, head, p, expression, p["lip_colour"], skin)
    if beard in ("moustache", "full"):
        mv = p["mouth_height"] - p["lip_thickness"] - 0.02
        half = p["mouth_width"] + 0.06
        pts = [head.pt(u, mv - 0.09 + 0.04 * (u / half) ** 2) for u in np.linspace(-half, half, 7)]
        pts += [head.pt(u, mv + 0.03 + 0.05 * (u / half) ** 2) for u in np.linspace(half, -half, 7)]
        pen.poly(pts, beard_colour)

    # hair in front, glasses
    _hair_front(pen, head, p, hair)
    frames = p["glasses"] != "none" or sunglasses
    if frames:
        shape = p["glasses"] if p["glasses"] != "none" else ("round", "square")[int(rng.integers(2))]
        colour = p["glasses_colour"] if not sunglasses else (25, 25, 28)
        r = w * max(0.2, p["eye_size"] * 1.6)
        ends = []
        for s in (-1, 1):
            u = s * p["eye_spacing"]
            x, y = head.pt(u, p["eye_height"] + 0.02)
            rx = r * head.fore(u)
            fill = (30, 32, 38) if sunglasses else None
            if shape == "round":
                pen.ellipse(x, y, rx, r * 0.85, fill, colour, w * 0.05)
            else:
                pen.rect(x - rx, y - r * 0.7, x + rx, y + r * 0.7, fill, colour, w * 0.05)
            ends.append((x - rx, y, x + rx))
        pen.line([(ends[0][2], ends[0][1]), (ends[1][0], ends[1][1])], w * 0.05, colour)
        for s, (x0, y, x1) in zip((-1, 1), ends, strict=True):
            ex = head.cx + head.w * 0.06 * math.sin(yaw) + s * head.wo * 0.98
            start = x0 if s < 0 else x1
            if (ex - start) * s > 0:
                pen.line([(start, y), (ex, y - h * 0.03)], w * 0.05, colour)

    # occlusions: a hat or a beanie, a scarf or a hand over the lower face
    if hat:
        if hat_kind == 0:  # a hat with a brim
            brim_y = cy + h * (p["hairline"] - 0.02)
            pen.rect(cx - w * 0.85, cy - h * 1.45, cx + w * 0.85, brim_y, hat_colour)
            brim = _mix(hat_colour, (0, 0, 0), 0.2)
            pen.ellipse(cx + w * 0.1 * math.sin(yaw), brim_y, w * 1.55, h * 0.12, brim)
        else:  # a beanie down to the brows
            bottom = p["eye_height"] - p["brow_gap"] - 0.12
            pts = [(cx + w * 1.1 * math.cos(t), cy + h * 1.12 * math.sin(t)) for t in
                   np.linspace(np.pi * 0.97, np.pi * 2.03, 15)]
            pts += [head.pt(u, bottom) for u in np.linspace(1.05, -1.05, 7)]
            pen.poly(pts, hat_colour)
            pen.line([head.pt(u, bottom - 0.08) for u in np.linspace(-1.0, 1.0, 7)], h * 0.08,
                     _mix(hat_colour, (255, 255, 255), 0.2))
    if lower:
        top = p["eye_height"] + p["nose_length"] + 0.12
        if lower_kind == 0:  # a scarf
            pts = [head.pt(u, top + 0.05 * abs(u)) for u in np.linspace(-1.2, 1.2, 9)]
            pts += [(cx + w * 1.4, cy + h * 1.5), (cx - w * 1.4, cy + h * 1.5)]
            pen.poly(pts, lower_colour)
            for i in range(3):
                pen.line([head.pt(-0.8, top + 0.25 + 0.2 * i), head.pt(0.8, top + 0.3 + 0.2 * i)],
                         w * 0.05, _mix(lower_colour, (0, 0, 0), 0.25))
        else:  # a hand, fingers across the mouth
            x, y = head.pt(0.1, top + 0.3)
            pen.ellipse(x, y + h * 0.35, w * 0.5, h * 0.55, shadow)
            for i in range(4):
                fy = y - h * 0.14 + i * h * 0.11
                pen.ellipse(x + w * 0.05, fy, w * 0.62, h * 0.06, skin)
                pen.line([(x - w * 0.5, fy + h * 0.055), (x + w * 0.6, fy + h * 0.055)], 1.5,
                         _rgb(np.array(skin) * 0.7))

    # roll (about the face's centre), crop, downsample
    a = math.radians(roll)
    m11, m12 = math.cos(a), -math.sin(a)
    turn = (m11, m12, m11 * (margin - cx) + m12 * (margin - cy) + cx,
            -m12, m11, -m12 * (margin - cx) + m11 * (margin - cy) + cy)
    picture = background.transform((side, side), Image.AFFINE, turn, resample=Image.BILINEAR)
    mask = mask.transform((side, side), Image.AFFINE, turn, resample=Image.NEAREST)

    # light: the person is shaded in 2 * BANDS + 1 flat steps from the lit to the shadow side (as in
    # cartoon shading; smooth shading would make the stored file 10 % larger), the background evenly
    pixels = np.asarray(picture, dtype=np.float32)
    grid = np.arange(side, dtype=np.float32) + 0.5
    fx = ((grid[None, :] - (cx - margin)) * math.cos(light_angle)
          + (grid[:, None] - (cy - margin)) * math.sin(light_angle))
    ramp = np.clip(fx / w, -1.0, 1.0)
    ramp = np.round(ramp * BANDS) / BANDS
    light = 1 + shade * ramp * (np.asarray(mask, dtype=np.float32) / 255.0)
    picture = Image.fromarray(np.clip(pixels * light[..., None], 0, 255).astype(np.uint8))
    pixels = np.asarray(picture.resize((size, size), Image.LANCZOS), dtype=np.float32)
    mean = pixels.mean()
    pixels = (pixels - mean) * contrast + mean
    pixels = pixels * gain + cast.astype(np.float32)
    return np.clip(np.round(pixels), 0, 255).astype(np.uint8)


def portrait_rng(split, k, j, seed=0):
    """The nuisance generator of portrait j of identity k: default_rng([SPLIT_SEEDS[split], k, seed, j, 1]).

    The last word (PORTRAIT_TAG) keeps it apart from the identity's own default_rng([s, k]): SeedSequence
    pads with zeros, so default_rng([s, k, 0, 0]) would replay the identity's draws.
    """
    return np.random.default_rng([SPLIT_SEEDS[split], k, seed, j, PORTRAIT_TAG])


def portraits(split, identities, per_identity, seed=0, size=IMAGE_SIZE):
    """
    Portraits of identities of a split, per_identity of each, identity by identity.

    Portrait j of identity k is render_face(identity(split, k), portrait_rng(split, k, j, seed)),
    so any portrait can be regenerated alone.

    Returns:
    data -- dict with "images" uint8 (n, size, size, 3) and "identity" int64 (n,): the index k of
            each portrait's identity within the split
    """
    images, labels = [], []
    for k in identities:
        person = identity(split, int(k))
        for j in range(per_identity):
            images.append(render_face(person, portrait_rng(split, int(k), j, seed), size))
            labels.append(int(k))
    return {"images": np.stack(images).reshape(-1, size, size, 3) if images else
            np.zeros((0, size, size, 3), np.uint8),
            "identity": np.asarray(labels, dtype=np.int64)}


def lookalike_of(split, k):
    """The look-alike of identity k of a split used in faces_test.npz (closeness 0.85)."""
    rng = np.random.default_rng([SPLIT_SEEDS[split], k, 0, 0, LOOKALIKE_TAG])
    return lookalike(identity(split, k), rng)


def lookalike_portraits(split, identities, per_identity, seed=0, size=IMAGE_SIZE):
    """
    Portraits of the look-alikes of identities of a split (lookalike_of), per_identity of each.

    Portrait j of the look-alike of k uses default_rng([SPLIT_SEEDS[split], k, seed, j, 3]).

    Returns:
    data -- dict with "images" uint8 (n, size, size, 3) and "lookalike_of" int64 (n,): the identity
            each look-alike resembles (consecutive portraits with the same value show the same one)
    """
    images, labels = [], []
    for k in identities:
        person = lookalike_of(split, int(k))
        for j in range(per_identity):
            rng = np.random.default_rng([SPLIT_SEEDS[split], int(k), seed, j, LOOKALIKE_PORTRAIT_TAG])
            images.append(render_face(person, rng, size))
            labels.append(int(k))
    return {"images": np.stack(images).reshape(-1, size, size, 3),
            "lookalike_of": np.asarray(labels, dtype=np.int64)}


RESIDENTS = ("ada", "bruno", "chiara", "dmitri", "esi", "farid", "grace", "hiro", "ines", "jonas")
# Each resident enrolled with three photos: test portrait 0 (also in faces_test.npz) and two more
# portraits rendered beyond the four of the file, so the door's probes (portraits 1 to 3) stay apart.
ENROLMENT_PORTRAITS = (0, 4, 5)
VISITORS = tuple(range(10, 20))  # test identities who come to the door but do not live there


def door_camera():
    """
    The door camera's shots, in the order of their files faces/door_01.png, ...: a list of
    (split, kind, k, j, who): portrait j of test identity k (kind "portrait") and who it is: a
    resident's name, or None for a visitor.

    Every resident comes home three times (their test portraits 1 to 3; the photos they enrolled
    with are faces/<name>_1.png to _3.png, see ENROLMENT_PORTRAITS) and ten visitors ring once
    (their portrait 0). The order is shuffled with a fixed seed.
    """
    shots = [("test", "portrait", k, j, RESIDENTS[k]) for k in range(len(RESIDENTS)) for j in (1, 2, 3)]
    shots += [("test", "portrait", k, 0, None) for k in VISITORS]
    order = np.random.default_rng(2026).permutation(len(shots))
    return [shots[i] for i in order]


def lookalike_shots():
    """The look-alikes of the residents who have one (LOOKALIKE_OF): a list of (k, resident name);
    their photo (portrait 0 of lookalike_of("test", k)) is faces/lookalike_of_<name>.png."""
    return [(k, RESIDENTS[k]) for k in LOOKALIKE_OF if k < len(RESIDENTS)]


def _shot(split, kind, k, j):
    if kind == "portrait":
        return render_face(identity(split, k), portrait_rng(split, k, j))
    rng = np.random.default_rng([SPLIT_SEEDS[split], k, 0, j, LOOKALIKE_PORTRAIT_TAG])
    return render_face(lookalike_of(split, k), rng)


def write_door_photos(out_dir):
    """
    Write the photos of the notebook's door into out_dir/faces/ and return their paths:
    <resident>_1.png to _3.png (enrolment, ENROLMENT_PORTRAITS), door_NN.png (door_camera) and
    lookalike_of_<resident>.png (lookalike_shots).
    """
    folder = Path(out_dir) / "faces"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k, name in enumerate(RESIDENTS):
        for n, j in enumerate(ENROLMENT_PORTRAITS, start=1):
            paths.append(_png(folder / f"{name}_{n}.png", _shot("test", "portrait", k, j)))
    for n, (split, kind, k, j, _) in enumerate(door_camera(), start=1):
        paths.append(_png(folder / f"door_{n:02d}.png", _shot(split, kind, k, j)))
    for k, name in lookalike_shots():
        paths.append(_png(folder / f"lookalike_of_{name}.png", _shot("test", "lookalike", k, 0)))
    return paths


def _png(path, image):
    Image.fromarray(image).save(path, format="PNG", optimize=True)
    return path


def write_faces(out_dir):
    """
    Write faces_test.npz and the door photos (write_door_photos) into out_dir; return the paths.

    Keys: "images" and "identity" (portraits("test", range(200), TEST_PER_IDENTITY)),
    "lookalike_images" and "lookalike_of" (lookalike_portraits("test", LOOKALIKE_OF,
    LOOKALIKE_PER_IDENTITY)). The file is byte for byte reproducible (helpers.generators.npzfiles).
    """
    data = portraits("test", range(N_IDENTITIES["test"]), TEST_PER_IDENTITY)
    look = lookalike_portraits("test", LOOKALIKE_OF, LOOKALIKE_PER_IDENTITY)
    arrays = {"images": data["images"], "identity": data["identity"],
              "lookalike_images": look["images"], "lookalike_of": look["lookalike_of"]}
    return [write_npz(Path(out_dir) / "faces_test.npz", arrays), *write_door_photos(out_dir)]
