"""Renderer of road scenes for object detection (YOLO): cars, trucks, buses, motorbikes, pedestrians
and traffic lights on and beside a road seen in perspective.

Every scene is drawn with PIL at twice its size (256x256 for the 128x128 images) and downsampled
with Lanczos: a sky (day, overcast or dusk, sometimes clouds), a horizon 30-50 % from the top, a
road narrowing to a vanishing point on the horizon with dashed lane markings and edge lines,
roadside ground (grass, dry grass, pavement, sand, dirt) and roadside clutter that belongs to
none of the classes (buildings with windows, trees, bushes, lamp posts and poles, fences). Then
0-10 objects stand on the road or the roadside. Their scale follows the perspective of a camera a
few metres above the ground: an object whose foot is at row y is (y - horizon) / camera height
pixels per metre tall, so objects shrink towards the horizon, from a few pixels to 60-90 pixels.
Vehicles are seen from the side (facing left or right) in random body colours, pedestrians in
random clothes and skin tones; a traffic light is a dark housing with three lamps (one lit red,
yellow or green) on a grey pole.

Ground truth. Items are drawn from far to near, so near objects occlude far ones. An object's box
is the bounding box of its own pixels as drawn (before anything nearer covers it), clipped to the
image, in pixels, corners (x1, y1, x2, y2). For a traffic light the box is the housing only: the
pole is drawn as clutter (a pole alone is not a traffic light, and lamp posts look alike). An
object is dropped from the labels (it stays in the picture as clutter) when less than MIN_VISIBLE
of its own pixels remain visible after occlusion and clipping to the image, when its clipped box
is narrower or lower than MIN_BOX pixels (at 128x128), or when no pixel of it is left in the mask.
The mask holds, for each pixel, 0 for background or k + 1 for CLASSES[k], taken from the label
map at the drawing resolution (the bottom-right of each 2x2 block) and only for labelled objects.

Everything is drawn from the one numpy Generator passed in, so a scene is a pure function of
its seed: scene(split, index) regenerates any scene of any split alone. See render_scene.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from helpers.generators.npzfiles import write_npz

CLASSES = ("car", "truck", "bus", "motorbike", "pedestrian", "traffic light")
IMAGE_SIZE = 128
SPLIT_SEEDS = {"train": 1001, "val": 2002, "test": 3003}
TEST_SCENES = 300

UP = 2  # drawing resolution / image resolution
MIN_VISIBLE = 0.35  # least fraction of an object's own pixels left visible for it to be labelled
MIN_BOX = 4.0  # least width and height of a labelled box, in pixels at 128x128
HORIZON = (0.3, 0.5)  # horizon height, fraction of the side from the top
CAMERA_HEIGHT = (2.6, 3.6)  # metres: sets how fast objects shrink towards the horizon
P_COUNT = [0.03, 0.03, 0.06, 0.08, 0.1, 0.12, 0.12, 0.12, 0.12, 0.11, 0.11]  # number of objects tried, 0..10
TRIES = 10  # placements tried for each object
MIN_INSIDE = 0.6  # least fraction of a placed object's frame inside the image
MAX_OVERLAP = 0.5  # largest overlap of two placed frames, as a fraction of the smaller one
P_CLASS = [0.2, 0.17, 0.16, 0.13, 0.19, 0.15]  # how often each class is drawn
NEAREST = [1.0, 0.8, 0.75, 1.0, 1.0, 0.9]  # largest depth fraction t of each class (t = 1 at the bottom)
FARTHEST = 0.1  # smallest depth fraction t
GAIN = (0.75, 1.2)
CONTRAST = (0.75, 1.15)
CAST = 12  # colour cast, +- per channel

SKIES = {  # top, horizon
    "day": ((60, 120, 205), (175, 205, 235)),
    "overcast": ((140, 146, 156), (205, 205, 210)),
    "dusk": ((35, 35, 85), (235, 135, 75)),
}
GROUNDS = [(72, 118, 52), (132, 132, 72), (150, 146, 138), (186, 168, 128), (112, 92, 70), (92, 128, 70)]
SKIN = [(255, 224, 196), (230, 185, 150), (198, 140, 100), (150, 100, 66), (92, 60, 40)]
BUS_COLOURS = [(230, 190, 30), (200, 40, 40), (40, 90, 180), (235, 235, 230), (40, 140, 80), (230, 120, 30)]
LAMPS = [(255, 40, 30), (255, 200, 20), (40, 255, 110)]


def _rgb(color):
    return tuple(int(round(c)) for c in np.clip(color, 0, 255))


def _jitter(rng, color, amount):
    return _rgb(np.asarray(color, dtype=float) + rng.uniform(-amount, amount, 3))


def _body_colour(rng):
    """A vehicle or clothes colour: a saturated hue, a grey, black or white."""
    kind = rng.random()
    if kind < 0.55:
        c = rng.uniform(0, 1, 3)
        c = (c - c.min()) / (np.ptp(c) + 1e-9)
        return _rgb(rng.uniform(30, 90) + c * rng.uniform(100, 200))
    if kind < 0.8:
        return _rgb(np.full(3, rng.uniform(25, 235)) + rng.uniform(-6, 6, 3))
    return _rgb(rng.uniform(0, 255, 3))


class _Painter:
    """Draws the same shapes into the picture (RGB) and into the instance map (L, value `ident`).

    Coordinates are scene pixels at the drawing resolution; the canvas has margins (mx left and
    right, my at the top) so that objects cut by the image border keep all their pixels.
    """

    def __init__(self, image, ids, mx, my):
        self.rgb, self.ids = ImageDraw.Draw(image), ImageDraw.Draw(ids)
        self.mx, self.my, self.ident = mx, my, 0

    def _pts(self, pts):
        return [(x + self.mx, y + self.my) for x, y in pts]

    def rect(self, x0, y0, x1, y1, fill):
        box = [min(x0, x1) + self.mx, min(y0, y1) + self.my, max(x0, x1) + self.mx, max(y0, y1) + self.my]
        self.rgb.rectangle(box, fill=fill)
        self.ids.rectangle(box, fill=self.ident)

    def ellipse(self, cx, cy, rx, ry, fill):
        box = [cx - rx + self.mx, cy - ry + self.my, cx + rx + self.mx, cy + ry + self.my]
        self.rgb.ellipse(box, fill=fill)
        self.ids.ellipse(box, fill=self.ident)

    def poly(self, pts, fill):
        pts = self._pts(pts)
        self.rgb.polygon(pts, fill=fill)
        self.ids.polygon(pts, fill=self.ident)

    def line(self, pts, width, fill):
        pts, width = self._pts(pts), max(1, int(round(width)))
        self.rgb.line(pts, fill=fill, width=width)
        self.ids.line(pts, fill=self.ident, width=width)


class _Frame:
    """An object's own frame: u in [0, 1] across its width (mirrored when it faces left), v in [0, 1]
    from its foot up; (x, y) is the middle of its foot, w and h its size in pixels."""

    def __init__(self, pen, x, y, w, h, flip):
        self.pen, self.x, self.y, self.w, self.h, self.flip = pen, x, y, w, h, flip

    def pt(self, u, v):
        return (self.x + (u - 0.5) * self.w * self.flip, self.y - v * self.h)

    def rect(self, u0, v0, u1, v1, fill):
        (x0, y0), (x1, y1) = self.pt(u0, v0), self.pt(u1, v1)
        self.pen.rect(x0, y0, x1, y1, fill)

    def poly(self, uvs, fill):
        self.pen.poly([self.pt(u, v) for u, v in uvs], fill)

    def line(self, uvs, width, fill):
        self.pen.line([self.pt(u, v) for u, v in uvs], width * self.h, fill)

    def circle(self, u, v, r, fill):
        """A circle of radius r (a fraction of the height) centred at (u, v)."""
        x, y = self.pt(u, v)
        self.pen.ellipse(x, y, r * self.h, r * self.h, fill)

    def wheel(self, u, r, rng):
        self.circle(u, r, r, _jitter(rng, (28, 28, 30), 6))
        self.circle(u, r, r * 0.45, _jitter(rng, (150, 150, 155), 25))


# Objects. Each takes a frame whose (w, h) is the whole object's extent, and a generator.

def _car(f, rng):
    body = _body_colour(rng)
    dark = _rgb(np.array(body) * 0.6)
    glass = _jitter(rng, (120, 150, 175), 25)
    f.poly([(0.26, 0.55), (0.36, 1.0), (0.7, 1.0), (0.82, 0.55)], body)  # cabin
    f.poly([(0.31, 0.58), (0.39, 0.92), (0.52, 0.92), (0.52, 0.58)], glass)
    f.poly([(0.56, 0.58), (0.56, 0.92), (0.67, 0.92), (0.76, 0.58)], glass)
    f.rect(0.0, 0.18, 1.0, 0.6, body)  # body
    f.rect(0.0, 0.18, 1.0, 0.26, dark)
    f.rect(0.95, 0.4, 1.0, 0.5, (250, 240, 190))  # headlight
    f.rect(0.0, 0.4, 0.03, 0.52, (200, 30, 30))  # tail light
    f.wheel(0.2, 0.2, rng)
    f.wheel(0.8, 0.2, rng)


def _truck(f, rng):
    cab = _body_colour(rng)
    box = _jitter(rng, _body_colour(rng) if rng.random() < 0.5 else (225, 225, 220), 15)
    f.rect(0.0, 0.1, 1.0, 0.17, (45, 45, 48))  # chassis
    f.rect(0.0, 0.15, 0.72, 1.0, box)  # box trailer
    f.rect(0.0, 0.15, 0.72, 0.2, _rgb(np.array(box) * 0.7))
    f.poly([(0.75, 0.12), (0.75, 0.7), (0.88, 0.7), (1.0, 0.45), (1.0, 0.12)], cab)
    f.poly([(0.79, 0.45), (0.79, 0.64), (0.87, 0.64), (0.96, 0.45)], _jitter(rng, (120, 150, 175), 25))
    for u in (0.12, 0.27, 0.87):
        f.wheel(u, 0.11, rng)


def _bus(f, rng):
    body = _jitter(rng, BUS_COLOURS[int(rng.integers(len(BUS_COLOURS)))], 20)
    glass = _jitter(rng, (80, 105, 130), 20)
    f.rect(0.0, 0.07, 1.0, 1.0, body)
    f.rect(0.0, 0.07, 1.0, 0.14, _rgb(np.array(body) * 0.6))
    n = int(rng.integers(5, 8))
    edges = np.linspace(0.04, 0.96, n + 1)
    for a, b in zip(edges[:-1], edges[1:], strict=True):
        f.rect(a + 0.01, 0.55, b - 0.01, 0.88, glass)
    f.rect(0.86, 0.14, 0.93, 0.5, glass)  # door
    f.rect(0.97, 0.2, 1.0, 0.3, (250, 240, 190))
    f.wheel(0.17, 0.1, rng)
    f.wheel(0.78, 0.1, rng)


def _motorbike(f, rng):
    paint = _body_colour(rng)
    jacket = _body_colour(rng)
    helmet = _body_colour(rng)
    r = 0.17
    f.wheel(0.17, r, rng)
    f.wheel(0.83, r, rng)
    f.line([(0.17, r), (0.5, 0.42), (0.83, r)], 0.05, (60, 60, 65))  # frame
    f.line([(0.83, r), (0.74, 0.6)], 0.04, (70, 70, 75))  # fork
    f.poly([(0.35, 0.34), (0.42, 0.5), (0.7, 0.52), (0.72, 0.38)], paint)  # tank and seat
    f.line([(0.4, 0.45), (0.5, 0.78), (0.66, 0.62)], 0.1, jacket)  # rider's torso and arm
    f.line([(0.42, 0.44), (0.58, 0.42), (0.6, 0.25)], 0.07, _jitter(rng, (40, 45, 60), 20))  # leg
    f.circle(0.55, 0.88, 0.11, helmet)


def _pedestrian(f, rng):
    skin = _jitter(rng, SKIN[int(rng.integers(len(SKIN)))], 12)
    shirt, legs = _body_colour(rng), _body_colour(rng)
    stride = rng.uniform(0.0, 0.3)
    f.line([(0.5, 0.5), (0.5 - stride, 0.02)], 0.08, legs)
    f.line([(0.5, 0.5), (0.5 + stride, 0.02)], 0.08, legs)
    f.poly([(0.2, 0.84), (0.8, 0.84), (0.72, 0.46), (0.28, 0.46)], shirt)  # torso
    swing = rng.uniform(-0.15, 0.15)
    f.line([(0.25, 0.8), (0.2 - swing, 0.52)], 0.06, shirt)
    f.line([(0.75, 0.8), (0.8 + swing, 0.52)], 0.06, shirt)
    f.circle(0.5, 0.92, 0.075, skin)
    f.rect(0.4, 0.83, 0.6, 0.86, skin)  # neck


def _traffic_light(f, rng):
    housing = _jitter(rng, (32, 34, 36), 10)
    f.rect(0.0, 0.0, 1.0, 1.0, housing)
    lit = int(rng.integers(3))
    for k in range(3):
        v = 0.82 - 0.32 * k
        color = LAMPS[k] if k == lit else _rgb(np.array(LAMPS[k]) * 0.22 + 20)
        f.circle(0.5, v, 0.11, color)


DRAW = [_car, _truck, _bus, _motorbike, _pedestrian, _traffic_light]
# height in metres and width / height of each class
HEIGHT = [(1.35, 1.6), (3.0, 3.6), (2.9, 3.3), (1.45, 1.7), (1.55, 1.9), (1.0, 1.25)]
ASPECT = [(2.1, 2.5), (2.0, 2.4), (2.5, 3.0), (1.0, 1.25), (0.32, 0.4), (0.36, 0.44)]


class _Scene:
    """The geometry of one scene: horizon, road and perspective, at the drawing resolution."""

    def __init__(self, rng, side):
        self.side = side
        self.horizon = rng.uniform(*HORIZON) * side
        self.camera = rng.uniform(*CAMERA_HEIGHT)
        self.vx = side * (0.5 + rng.uniform(-0.18, 0.18))  # vanishing point
        self.cx = side * (0.5 + rng.uniform(-0.22, 0.22))  # road centre at the bottom
        self.hw = side * rng.uniform(0.4, 0.75)  # road half width at the bottom

    def y(self, t):
        """Image row of depth fraction t (0 on the horizon, 1 at the bottom)."""
        return self.horizon + t * (self.side - self.horizon)

    def t(self, y):
        return (y - self.horizon) / (self.side - self.horizon)

    def road(self, t):
        """Road centre and half width at depth fraction t."""
        return self.vx + (self.cx - self.vx) * t, self.hw * t

    def metre(self, y):
        """Pixels per metre at row y."""
        return (y - self.horizon) / self.camera


def _background(rng, g, mx, my):
    """The sky, ground, road and markings, on a canvas with margins; returns (image, mood)."""
    side = g.side
    width, height = side + 2 * mx, side + my
    mood = str(rng.choice(["day", "overcast", "dusk"], p=[0.55, 0.25, 0.2]))
    top, low = (np.asarray(c, dtype=float) + rng.uniform(-15, 15, 3) for c in SKIES[mood])
    rows = np.arange(height, dtype=float) - my
    h = g.horizon
    s = np.clip((rows + my) / (h + my), 0, 1)[:, None]
    column = top * (1 - s) + low * s
    ground = np.asarray(GROUNDS[int(rng.integers(len(GROUNDS)))], dtype=float) + rng.uniform(-15, 15, 3)
    if mood == "dusk":
        ground *= 0.7
    haze = np.clip((rows - h) / (side - h), 0, 1)[:, None] ** 0.5
    below = rows >= h
    column[below] = (low * 0.6 + ground * 0.4) * (1 - haze[below]) + ground * haze[below]
    image = Image.fromarray(np.repeat(column[:, None, :], width, axis=1).astype(np.uint8))
    draw = ImageDraw.Draw(image)

    def at(x, y):
        return (x + mx, y + my)

    if mood != "overcast":  # clouds
        for _ in range(int(rng.integers(0, 4))):
            cx, cy = rng.uniform(-0.2, 1.2) * side, rng.uniform(0.05, 0.8) * h
            shade = _jitter(rng, (245, 245, 248) if mood == "day" else (200, 140, 150), 10)
            for _ in range(int(rng.integers(2, 5))):
                rx, ry = rng.uniform(8, 30), rng.uniform(4, 10)
                x, y = cx + rng.uniform(-25, 25), cy + rng.uniform(-5, 5)
                draw.ellipse([*at(x - rx, y - ry), *at(x + rx, y + ry)], fill=shade)
    for _ in range(int(rng.integers(0, 6))):  # patches on the ground
        t = rng.uniform(0.05, 1)
        x, y = rng.uniform(-0.2, 1.2) * side, g.y(t)
        rx, ry = rng.uniform(10, 60) * t, rng.uniform(2, 8) * t
        draw.ellipse([*at(x - rx, y - ry), *at(x + rx, y + ry)], fill=_rgb(ground * rng.uniform(0.75, 1.15)))

    bottom = side + 2.0  # the road goes a little below the image
    tb = g.t(bottom)

    def edge(t, k):
        c, w = g.road(t)
        return at(c + k * w, g.y(t))

    if rng.random() < 0.6:  # pavement strips along the road
        kerb = _jitter(rng, (165, 160, 150), 15)
        k = rng.uniform(1.12, 1.3)
        for sign in (-1, 1):
            draw.polygon([edge(0, 0), edge(tb, sign * k), edge(tb, sign)], fill=kerb)
    grey = rng.uniform(70, 140)
    asphalt = _rgb(np.full(3, grey) + rng.uniform(-6, 6, 3) * (1, 1, 1.3))
    draw.polygon([edge(0, 0), edge(tb, -1), edge(tb, 1)], fill=asphalt)
    paint = _jitter(rng, (235, 235, 225) if rng.random() < 0.8 else (235, 205, 60), 10)
    for sign in (-1, 1):  # edge lines
        draw.polygon([edge(0, 0), edge(tb, sign * 0.95), edge(tb, sign * 0.92)], fill=paint)
    lanes = int(rng.integers(2, 4))
    dash, gap = rng.uniform(1.0, 2.0), rng.uniform(1.5, 3.0)  # in units of the nearest depth
    for k in range(1, lanes):
        pos = -0.92 + 1.84 * k / lanes
        z = rng.uniform(1.0, 1.0 + dash + gap) - dash
        while z < 60:
            t0, t1 = 1 / max(z, 1 / tb), 1 / (z + dash)
            if z + dash > 1 / tb:
                half = 0.012
                draw.polygon([edge(t1, pos - half), edge(t1, pos + half), edge(t0, pos + half),
                              edge(t0, pos - half)], fill=paint)
            z += dash + gap
    return image, mood, ground


# Clutter: drawn with instance 0 (background), in depth order with the objects.

def _building(pen, rng, g, x, y):
    m = g.metre(y)
    w, h = rng.uniform(8, 25) * m, rng.uniform(6, 30) * m
    wall = _jitter(rng, rng.choice([(170, 160, 150), (140, 100, 80), (200, 190, 170), (120, 125, 135)]), 25)
    pen.rect(x - w / 2, y - h, x + w / 2, y, wall)
    win = _jitter(rng, (70, 85, 100) if rng.random() < 0.7 else (230, 210, 140), 20)
    step = rng.uniform(2.5, 4) * m
    if step >= 3:
        for wx in np.arange(x - w / 2 + step * 0.4, x + w / 2 - step * 0.5, step):
            for wy in np.arange(y - h + step * 0.4, y - step * 0.8, step * 1.1):
                pen.rect(wx, wy, wx + step * 0.45, wy + step * 0.55, win)


def _tree(pen, rng, g, x, y):
    m = g.metre(y)
    h = rng.uniform(4, 9) * m
    pen.rect(x - 0.15 * m, y - h * 0.5, x + 0.15 * m, y, _jitter(rng, (90, 65, 45), 15))
    leaves = np.array([60, 110, 45]) + rng.uniform(-25, 25, 3)
    r = h * rng.uniform(0.22, 0.32)
    for _ in range(3):
        pen.ellipse(x + rng.uniform(-0.4, 0.4) * r, y - h + r + rng.uniform(-0.2, 0.3) * r,
                    r * rng.uniform(0.7, 1.0), r * rng.uniform(0.7, 1.0), _rgb(leaves * rng.uniform(0.8, 1.15)))


def _bush(pen, rng, g, x, y):
    m = g.metre(y)
    r = rng.uniform(0.5, 1.0) * m
    leaves = np.array([70, 115, 50]) + rng.uniform(-25, 25, 3)
    for _ in range(int(rng.integers(2, 5))):
        pen.ellipse(x + rng.uniform(-1.5, 1.5) * r, y - r * 0.8, r, r * 0.8, _rgb(leaves * rng.uniform(0.8, 1.1)))


def _post(pen, rng, g, x, y):
    """A lamp post (pole, arm, lamp) or a plain pole."""
    m = g.metre(y)
    h = rng.uniform(5, 8) * m
    grey = _jitter(rng, (110, 112, 115), 20)
    pen.rect(x - 0.09 * m, y - h, x + 0.09 * m, y, grey)
    if rng.random() < 0.6:
        d = rng.choice([-1, 1]) * rng.uniform(1, 2) * m
        pen.line([(x, y - h), (x + d, y - h)], 0.12 * m, grey)
        pen.rect(x + d - 0.3 * m, y - h, x + d + 0.3 * m, y - h + 0.2 * m, _jitter(rng, (220, 220, 200), 20))


def _fence(pen, rng, g, sign):
    """A fence along one side of the road, from the horizon to the bottom."""
    k = rng.uniform(1.3, 1.9)
    colour = _jitter(rng, (150, 120, 90) if rng.random() < 0.5 else (170, 170, 175), 20)
    t0, t1 = rng.uniform(0.05, 0.3), 1.2
    (c0, w0), (c1, w1) = g.road(t0), g.road(t1)
    p0, p1 = (c0 + sign * k * w0, g.y(t0)), (c1 + sign * k * w1, g.y(t1))
    h = 1.1 / g.camera * (g.side - g.horizon)  # fence height at t = 1
    for level in (0.45, 0.9):
        pen.poly([(p0[0], p0[1] - level * h * t0), (p1[0], p1[1] - level * h * t1),
                  (p1[0], p1[1] - (level - 0.1) * h * t1), (p0[0], p0[1] - (level - 0.1) * h * t0)], colour)
    z = 1 / t1
    while z < 1 / t0:
        t = 1 / z
        c, w = g.road(t)
        x, y = c + sign * k * w, g.y(t)
        pen.rect(x - 0.05 * h * t, y - h * t, x + 0.05 * h * t, y, colour)
        z += 0.8


def _place(rng, g, cls):
    """A random placement of an object of class cls: foot of the object (x, y) (for a traffic light,
    the foot of its pole), size (w, h), facing (+-1) and lift (pole height; 0 for other classes)."""
    t = float(np.exp(rng.uniform(np.log(FARTHEST), np.log(NEAREST[cls]))))
    y = g.y(t)
    m = g.metre(y)
    h = rng.uniform(*HEIGHT[cls]) * m
    w = h * rng.uniform(*ASPECT[cls])
    c, hw = g.road(t)
    if cls <= 3 or (cls == 4 and rng.random() < 0.4):  # on the road
        x = c + hw * rng.uniform(-0.75, 0.75)
    else:  # beside it
        x = c + rng.choice([-1, 1]) * hw * rng.uniform(1.0, 1.4 if cls == 5 else 2.2)
    flip = 1.0 if rng.random() < 0.5 else -1.0
    lift = rng.uniform(2.4, 3.4) * m if cls == 5 else 0.0
    return x, y, w, h, flip, lift


def _fits(place, taken, side):
    """Whether a placement is mostly in the image and overlaps no taken box by more than MAX_OVERLAP."""
    x, y, w, h, _, lift = place
    box = (x - w / 2, y - lift - h, x + w / 2, y - lift)
    area = w * h
    inside = max(0.0, min(box[2], side) - max(box[0], 0)) * max(0.0, min(box[3], side) - max(box[1], 0))
    if inside < MIN_INSIDE * area:
        return False
    for other in taken:
        iw = min(box[2], other[2]) - max(box[0], other[0])
        ih = min(box[3], other[3]) - max(box[1], other[1])
        small = min(area, (other[2] - other[0]) * (other[3] - other[1]))
        if iw > 0 and ih > 0 and iw * ih > MAX_OVERLAP * small:
            return False
    taken.append(box)
    return True


def render_scene(rng, size=IMAGE_SIZE):
    """
    Render one road scene from a numpy Generator.

    Arguments:
    rng -- numpy.random.Generator: the only source of randomness
    size -- side of the square image, in pixels (sizes and thresholds are for 128)

    Returns:
    scene -- dict with "image" (size, size, 3) uint8,
             "boxes" (n, 4) float32 corners (x1, y1, x2, y2) in pixels, 0 <= x1 < x2 <= size, same for y,
             "labels" (n,) int64 indices into CLASSES,
             "mask" (size, size) uint8: 0 background, k + 1 for a visible pixel of a labelled CLASSES[k]
    """
    side = size * UP
    mx, my = side // 2, side // 4  # canvas margins
    g = _Scene(rng, side)
    image, mood, _ = _background(rng, g, mx, my)
    ids = Image.new("L", image.size, 0)
    pen = _Painter(image, ids, mx, my)

    # clutter and objects, as (foot row, kind, arguments), drawn from far to near
    items = []
    if rng.random() < 0.6:
        for _ in range(int(rng.integers(1, 7))):
            t = rng.uniform(0.01, 0.08)
            c, hw = g.road(t)
            items.append((g.y(t), _building, c + rng.choice([-1, 1]) * hw * rng.uniform(1.5, 12)))
    for _ in range(int(rng.integers(0, 7))):
        kind = [_tree, _bush, _post][int(rng.choice(3, p=[0.4, 0.3, 0.3]))]
        t = float(np.exp(rng.uniform(np.log(0.04), np.log(1.2))))
        c, hw = g.road(t)
        items.append((g.y(t), kind, c + rng.choice([-1, 1]) * hw * rng.uniform(1.1, 2.5)))
    fences = [sign for sign in (-1, 1) if rng.random() < 0.2]
    n = int(rng.choice(len(P_COUNT), p=P_COUNT))
    taken = []
    for _ in range(n):
        cls = int(rng.choice(len(CLASSES), p=P_CLASS))
        for _ in range(TRIES):
            place = _place(rng, g, cls)
            if _fits(place, taken, side):
                items.append((None, cls, place))
                break
    items = [(it[2][1] if it[0] is None else it[0], k, it) for k, it in enumerate(items)]
    items.sort(key=lambda it: (it[0], it[1]))

    for sign in fences:
        _fence(pen, rng, g, sign)
    objects = []  # (ident, cls, own pixel count, own box at the drawing resolution in canvas pixels)
    for y, _, (_, kind, arg) in items:
        if not isinstance(kind, int):
            pen.ident = 0
            kind(pen, rng, g, arg, y)
            continue
        cls = kind
        x, y, w, h, flip, lift = arg
        x = float(np.clip(x, -mx + w / 2, side + mx - w / 2)) if w < side + 2 * mx else side / 2
        pen.ident = 0
        if cls <= 3:  # a shadow on the road
            pen.ellipse(x, y, w * 0.55, max(1.0, h * 0.06), (20, 20, 22))
        if cls == 5:  # the pole, as clutter; the frame is the housing on top of it
            m = g.metre(y)
            pen.rect(x - 0.07 * m, y - lift, x + 0.07 * m, y, _jitter(rng, (90, 92, 95), 15))
            y = y - lift
        ident = len(objects) + 1
        pen.ident = ident
        DRAW[cls](_Frame(pen, x, y, w, h, flip), rng)
        # the object's own pixels, searched in a window around its frame
        x0 = max(0, int(x - w / 2 - h * 0.2 - 3) + mx)
        y0 = max(0, int(y - h * 1.2 - 3) + my)
        x1 = min(image.size[0], int(x + w / 2 + h * 0.2 + 4) + mx)
        y1 = min(image.size[1], int(y + h * 0.2 + 4) + my)
        own = np.asarray(ids.crop((x0, y0, x1, y1))) == ident
        rows, cols = np.flatnonzero(own.any(axis=1)), np.flatnonzero(own.any(axis=0))
        if len(rows) == 0:
            objects.append((ident, cls, 0, None))
            continue
        box = (x0 + cols[0], y0 + rows[0], x0 + cols[-1] + 1, y0 + rows[-1] + 1)
        objects.append((ident, cls, int(own.sum()), box))

    # what is left visible, in the image
    ids_image = np.asarray(ids)[my:my + side, mx:mx + side]
    visible = np.bincount(ids_image.ravel(), minlength=256)
    small_ids = ids_image[UP - 1::UP, UP - 1::UP]
    small_visible = np.bincount(small_ids.ravel(), minlength=256)
    class_of = np.zeros(256, dtype=np.uint8)
    boxes, labels = [], []
    min_box = MIN_BOX * size / IMAGE_SIZE
    for ident, cls, count, box in objects:
        if count == 0 or visible[ident] < MIN_VISIBLE * count or small_visible[ident] == 0:
            continue
        bx0, by0 = np.clip([(box[0] - mx) / UP, (box[1] - my) / UP], 0, size)
        bx1, by1 = np.clip([(box[2] - mx) / UP, (box[3] - my) / UP], 0, size)
        if bx1 - bx0 < min_box or by1 - by0 < min_box:
            continue
        boxes.append((bx0, by0, bx1, by1))
        labels.append(cls)
        class_of[ident] = cls + 1
    mask = class_of[small_ids]

    # downsample, relight (no sensor noise: it would make the stored test scenes incompressible;
    # the training script adds it as an augmentation)
    picture = image.crop((mx, my, mx + side, my + side)).resize((size, size), Image.LANCZOS)
    pixels = np.asarray(picture, dtype=np.float32)
    mean = pixels.mean()
    gain = rng.uniform(*GAIN) * (0.8 if mood == "dusk" else 1.0)
    pixels = (pixels - mean) * rng.uniform(*CONTRAST) + mean
    pixels = pixels * gain + rng.uniform(-CAST, CAST, 3).astype(np.float32)
    return {"image": np.clip(np.round(pixels), 0, 255).astype(np.uint8),
            "boxes": np.asarray(boxes, dtype=np.float32).reshape(-1, 4),
            "labels": np.asarray(labels, dtype=np.int64),
            "mask": mask}


def scene(split, index, size=IMAGE_SIZE):
    """Scene `index` of a split ("train", "val" or "test"): render_scene(default_rng([seed, index]), size).

    Any scene can be regenerated alone, so training scenes can be rendered on demand.
    """
    return render_scene(np.random.default_rng([SPLIT_SEEDS[split], index]), size)


def scenes(split, start, stop, size=IMAGE_SIZE):
    """
    Scenes start..stop-1 of a split, packed as arrays.

    Returns:
    data -- dict with "images" (n, size, size, 3) uint8, "masks" (n, size, size) uint8,
            "boxes" (N, 4) float32 and "labels" (N,) int64 of all n scenes one after the other,
            "offsets" (n + 1,) int64: scene i's boxes are boxes[offsets[i]:offsets[i + 1]]
    """
    rendered = [scene(split, i, size) for i in range(start, stop)]
    counts = [len(r["labels"]) for r in rendered]
    return {"images": np.stack([r["image"] for r in rendered]).reshape(-1, size, size, 3),
            "masks": np.stack([r["mask"] for r in rendered]).reshape(-1, size, size),
            "boxes": np.concatenate([r["boxes"] for r in rendered] + [np.zeros((0, 4), np.float32)]),
            "labels": np.concatenate([r["labels"] for r in rendered] + [np.zeros(0, np.int64)]),
            "offsets": np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)}


def write_road_scenes(out_dir):
    """Write road_scenes_test.npz (scenes("test", 0, TEST_SCENES) and "classes") into out_dir; return [path].

    The file is byte for byte reproducible (see helpers.generators.npzfiles).
    """
    data = scenes("test", 0, TEST_SCENES)
    data["classes"] = np.array(CLASSES)
    return [write_npz(Path(out_dir) / "road_scenes_test.npz", data)]
