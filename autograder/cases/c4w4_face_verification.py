"""Cases of c4w4-face-verification.

Encodings for ``triplet_loss`` are random unit vectors (rounded), with margins chosen so that
some triplets break the margin and some do not. The functions that read photos take real PNG
files of the course's datasets (``datasets/faces/``, stored in a case by name:
``autograder.serialize.DataFile``) and an encoder: the public cases use the course's trained
encoder, the hidden ones small untrained encoders of other sizes (16 or 32 numbers, not
normalised, as the classic's Keras FaceNet), so that only code that works for any encoder
passes. Databases are built as the notebook enrols the residents: the normalised mean of the
encodings of each one's three enrolment photos, with the encoder of the case.

Every case passes the threshold, so none depends on the notebook's default (the threshold the
notebook chooses on its ROC curve, rounded). Conventions the notebook states: distances are L2 norms (not squared); the door opens when
``dist <= threshold``; ``who_is_it`` answers ``None`` when ``min_dist > threshold`` and, on a
tie, the first name of the database.
"""

import numpy as np
from PIL import Image

from autograder.serialize import DataFile
from autograder.spec import Case, Mistake, Spec
from helpers.faces.model import load_face_encoder, random_face_encoder
from helpers.generators.faces import RESIDENTS

# ----------------------------------------------------------------------------------------------
# Inputs


def _unit(rng, m, d):
    v = rng.standard_normal((m, d))
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def _triplets(seed, m, d, spread=(0.2, 1.2), negative_spread=None, dtype=np.float64):
    """Unit anchors; positives and negatives moved from them by random amounts in spread, so that
    some triplets break the margin and some do not."""
    rng = np.random.default_rng(seed)
    anchor = _unit(rng, m, d)
    moved = []
    for amounts in (spread, negative_spread or spread):
        step = rng.uniform(*amounts, size=(m, 1)) * _unit(rng, m, d)
        moved.append((anchor + step) / np.linalg.norm(anchor + step, axis=1, keepdims=True))
    return [np.round(a, 4).astype(dtype) for a in (anchor, *moved)]


def _photo(name):
    return DataFile(f"faces/{name}.png")


def _encoding(path, model):
    img = np.asarray(Image.open(path).convert("RGB"), dtype=np.float32) / 255
    e = model.predict_on_batch(img[None])
    return e / np.linalg.norm(e)


def _database(model, names=RESIDENTS):
    """As the notebook enrols: the mean of the encodings of a resident's three photos, normalised."""
    database = {}
    for name in names:
        mean = np.mean([_encoding(_photo(f"{name}_{n}"), model) for n in (1, 2, 3)], axis=0)
        database[name] = mean / np.linalg.norm(mean)
    return database


def _trained():
    return load_face_encoder()


def _small(seed, channels=(4, 8), embedding=16):
    return random_face_encoder(seed, channels, embedding)


def _distance(path, model, database, name):
    return float(np.linalg.norm(_encoding(path, model) - database[name]))


def _verify_case(photo, identity, model, threshold, names=RESIDENTS, note=""):
    return Case((_photo(photo), identity, _database(model, names), model), {"threshold": threshold}, note)


def _between(photo, model, database, name, other):
    """A threshold halfway between the photo's distances to two names (to make a clear decision)."""
    return round((_distance(_photo(photo), model, database, name)
                  + _distance(_photo(photo), model, database, other)) / 2, 4)


def _small_verify(seed, photo, identity, names, open_door, note):
    model = _small(seed)
    database = _database(model, names)
    dist = _distance(_photo(photo), model, database, identity)
    threshold = round(dist * (1.2 if open_door else 0.8), 4)
    return Case((_photo(photo), identity, database, model), {"threshold": threshold}, note)


def _small_who(seed, photo, names, note, channels=(4, 8), embedding=16, accept=True, twins=False):
    model = _small(seed, channels, embedding)
    database = _database(model, names)
    if twins:   # a second name with exactly the first one's encoding, after it: the first wins
        first = min(database, key=lambda n: _distance(_photo(photo), model, database, n))
        database = {**database, f"{first}_twin": database[first].copy()}
    dists = sorted(_distance(_photo(photo), model, database, n) for n in database)
    threshold = round(dists[0] * 1.1 if accept else dists[0] * 0.9, 4)
    return Case((_photo(photo), database, model), {"threshold": threshold}, note)


# ----------------------------------------------------------------------------------------------
# Typical mistakes


def _triplet(y_true, y_pred, alpha=0.2, square=True, clip=True, axis=-1, mean=False, alpha_outside=False):
    a, p, n = (np.asarray(v, dtype=np.float64) for v in y_pred)
    if square:
        pos, neg = np.sum((a - p) ** 2, axis=axis), np.sum((a - n) ** 2, axis=axis)
    else:
        pos, neg = np.linalg.norm(a - p, axis=-1), np.linalg.norm(a - n, axis=-1)
    if alpha_outside:
        losses = np.maximum(pos - neg, 0) + alpha
    else:
        losses = pos - neg + alpha
        losses = np.maximum(losses, 0) if clip else losses
    return float(np.mean(losses) if mean else np.sum(losses))


def _encode_raw(image_path, model, scale=True, normalise=True):
    img = np.asarray(Image.open(image_path).convert("RGB"), dtype=np.float32)
    e = model.predict_on_batch(img[None] / 255 if scale else img[None])
    return e / np.linalg.norm(e) if normalise else e


def _verify(image_path, identity, database, model, threshold, squared=False, strict=False):
    diff = _encode_raw(image_path, model) - database[identity]
    dist = float(np.sum(diff ** 2) if squared else np.linalg.norm(diff))
    return dist, bool(dist < threshold if strict else dist <= threshold)


def _who(image_path, database, model, threshold, squared=False, always_name=False, last_tie=False):
    e = _encode_raw(image_path, model)
    best, name = np.inf, None
    for key, value in database.items():
        diff = e - value
        d = float(np.sum(diff ** 2) if squared else np.linalg.norm(diff))
        if d < best or (last_tie and d == best):
            best, name = d, key
    return best, (name if always_name or best <= threshold else None)


# ----------------------------------------------------------------------------------------------
# Cases

THRESHOLD = 0.49   # about the door threshold the notebook chooses for the trained encoder
RESIDENTS_3 = ("ada", "bruno", "chiara")

SPECS = {
    "triplet_loss": Spec(
        public=[Case((None, _triplets(1, 3, 4)), note="3 triplets of 4-d encodings, alpha 0.2")],
        hidden=[Case((None, _triplets(2, 6, 8)), {"alpha": 0.5}, note="6 triplets, alpha 0.5"),
                Case((np.zeros(4), _triplets(3, 4, 128)), note="y_true an array (ignored); 128-d"),
                Case((None, _triplets(4, 1, 5)), {"alpha": 0.0}, note="one triplet, alpha 0"),
                Case((None, _triplets(5, 5, 16, (0.01, 0.1), (1.5, 2.0))),
                     note="every triplet satisfies the margin: loss 0"),
                Case((None, _triplets(6, 5, 16, dtype=np.float32)), {"alpha": 1.0},
                     note="float32 encodings, alpha 1"),
                Case((None, tuple(_triplets(7, 7, 3))), note="y_pred as a tuple, 7 triplets of 3-d")],
        mistakes=[Mistake("the loss is the sum over the triplets, not the mean.",
                          lambda y_true, y_pred, alpha=0.2: _triplet(y_true, y_pred, alpha, mean=True)),
                  Mistake("clip each triplet's loss at 0: np.maximum(basic_loss, 0) before summing.",
                          lambda y_true, y_pred, alpha=0.2: _triplet(y_true, y_pred, alpha, clip=False)),
                  Mistake("the distances are squared: np.sum(np.square(anchor - positive), axis=-1).",
                          lambda y_true, y_pred, alpha=0.2: _triplet(y_true, y_pred, alpha, square=False)),
                  Mistake("sum the squares over the last axis (axis=-1), one distance per triplet, not over "
                          "the triplets (axis=0).",
                          lambda y_true, y_pred, alpha=0.2: _triplet(y_true, y_pred, alpha, axis=0)),
                  Mistake("alpha goes inside the max: max(pos_dist - neg_dist + alpha, 0).",
                          lambda y_true, y_pred, alpha=0.2: _triplet(y_true, y_pred, alpha, alpha_outside=True))],
    ),
    "img_to_encoding": Spec(
        rtol=1e-4, atol=1e-6,
        public=[Case((_photo("ada_1"), _trained()), note="Ada's first enrolment photo, the course's encoder")],
        hidden=[Case((_photo("door_05"), _trained()), note="a door photo, the course's encoder"),
                Case((_photo("bruno_2"), _small(1)), note="an untrained 16-d encoder whose output is not normalised"),
                Case((_photo("door_12"), _small(2, (6,), 32)), note="an untrained 32-d encoder, one layer")],
        mistakes=[Mistake("scale the pixels to [0, 1] (divide by 255) before model.predict_on_batch.",
                          lambda image_path, model: _encode_raw(image_path, model, scale=False)),
                  Mistake("divide the embedding by its L2 norm (np.linalg.norm): the encoding has length 1.",
                          lambda image_path, model: _encode_raw(image_path, model, normalise=False))],
    ),
    "verify": Spec(
        rtol=1e-4, atol=1e-6,
        public=[_verify_case("door_22", "ada", _trained(), THRESHOLD, note="door photo 22 (Ada) claims to be Ada")],
        hidden=[_verify_case("door_05", "ada", _trained(), THRESHOLD, note="door photo 5 (a visitor) claims to be Ada"),
                _verify_case("door_09", "bruno", _trained(), THRESHOLD, note="door photo 9 (Bruno) claims to be Bruno"),
                _small_verify(3, "door_07", "esi", RESIDENTS, True, "an untrained encoder; the door opens"),
                _small_verify(4, "door_07", "chiara", RESIDENTS_3, False,
                              "an untrained encoder; the door stays closed")],
        mistakes=[Mistake("the distance is the L2 norm np.linalg.norm(encoding - database[identity]), "
                          "not its square.",
                          lambda *a, **k: _verify(*a, squared=True, **k))],
    ),
    "who_is_it": Spec(
        rtol=1e-4, atol=1e-6,
        public=[Case((_photo("door_02"), _database(_trained()), _trained()), {"threshold": THRESHOLD},
                     note="door photo 2 (Dmitri), the ten residents")],
        hidden=[Case((_photo("door_23"), _database(_trained()), _trained()), {"threshold": THRESHOLD},
                     note="door photo 23 (a visitor), the ten residents"),
                _small_who(5, "door_13", RESIDENTS, "an untrained 16-d encoder, 10 names"),
                _small_who(6, "door_30", RESIDENTS_3, "an untrained encoder, nobody close enough",
                           accept=False),
                _small_who(7, "door_19", RESIDENTS, "two names with the same encoding: the first wins",
                           channels=(6,), embedding=32, twins=True)],
        mistakes=[Mistake("when min_dist > threshold the person is not in the database: return "
                          "(min_dist, None).",
                          lambda *a, **k: _who(*a, always_name=True, **k)),
                  Mistake("the distance is the L2 norm, not its square.",
                          lambda *a, **k: _who(*a, squared=True, **k)),
                  Mistake("on a tie keep the first name: replace the best name only when dist < min_dist.",
                          lambda *a, **k: _who(*a, last_tie=True, **k))],
    ),
}
