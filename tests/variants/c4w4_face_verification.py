"""Variants of c4w4-face-verification."""

import numpy as np
from PIL import Image

from variants import Variants

VARIANTS = Variants("c4w4-face-verification")
ok, wrong = VARIANTS.ok, VARIANTS.wrong


# The callee, looked up in this module's namespace (the checks stand in for it here)
def img_to_encoding(image_path, model):
    img = np.asarray(Image.open(image_path).convert("RGB"), dtype=np.float32) / 255
    e = model.predict_on_batch(img[None])
    return e / np.linalg.norm(e)


def encoding_not_implemented(image_path, model):
    raise NotImplementedError()


def encoding_unscaled(image_path, model):
    e = model.predict_on_batch(np.asarray(Image.open(image_path), dtype=np.float32)[None])
    return e / np.linalg.norm(e)


# ----------------------------------------------------------------------------------------------
# triplet_loss


@ok("triplet_loss")
def triplet_loss_loops(y_true, y_pred, alpha=0.2):
    anchor, positive, negative = y_pred
    loss = 0.0
    for i in range(len(anchor)):
        pos = sum((a - p) ** 2 for a, p in zip(anchor[i], positive[i], strict=True))
        neg = sum((a - n) ** 2 for a, n in zip(anchor[i], negative[i], strict=True))
        loss += max(pos - neg + alpha, 0.0)
    return loss


@ok("triplet_loss")
def triplet_loss_norms(y_true, y_pred, alpha=0.2):
    anchor, positive, negative = (np.asarray(v, dtype=np.float64) for v in y_pred)
    pos = np.linalg.norm(anchor - positive, axis=1) ** 2
    neg = np.linalg.norm(anchor - negative, axis=1) ** 2
    return np.clip(pos - neg + alpha, 0, None).sum()


@ok("triplet_loss")
def triplet_loss_einsum(y_true, y_pred, alpha=0.2):
    a, p, n = y_pred[0], y_pred[1], y_pred[2]
    d = np.einsum("ij,ij->i", a - p, a - p) - np.einsum("ij,ij->i", a - n, a - n)
    return float(np.sum(np.where(d + alpha > 0, d + alpha, 0)))


@wrong("triplet_loss", "not the mean")
def triplet_loss_mean(y_true, y_pred, alpha=0.2):
    a, p, n = y_pred
    return float(np.mean(np.maximum(np.sum((a - p) ** 2, -1) - np.sum((a - n) ** 2, -1) + alpha, 0)))


@wrong("triplet_loss", "clip each triplet's loss at 0")
def triplet_loss_unclipped(y_true, y_pred, alpha=0.2):
    a, p, n = y_pred
    return float(np.sum(np.sum((a - p) ** 2, -1) - np.sum((a - n) ** 2, -1) + alpha))


@wrong("triplet_loss", "distances are squared")
def triplet_loss_norm(y_true, y_pred, alpha=0.2):
    a, p, n = y_pred
    return float(np.sum(np.maximum(np.linalg.norm(a - p, axis=-1) - np.linalg.norm(a - n, axis=-1) + alpha, 0)))


@wrong("triplet_loss", "over the last axis")
def triplet_loss_axis0(y_true, y_pred, alpha=0.2):
    a, p, n = y_pred
    return float(np.sum(np.maximum(np.sum((a - p) ** 2, axis=0) - np.sum((a - n) ** 2, axis=0) + alpha, 0)))


@wrong("triplet_loss", "alpha goes inside the max")
def triplet_loss_alpha_outside(y_true, y_pred, alpha=0.2):
    a, p, n = y_pred
    return float(np.sum(np.maximum(np.sum((a - p) ** 2, -1) - np.sum((a - n) ** 2, -1), 0) + alpha))


# ----------------------------------------------------------------------------------------------
# img_to_encoding


@ok("img_to_encoding")
def img_to_encoding_uint8(image_path, model):
    with Image.open(image_path) as img:
        x = np.array(img)[np.newaxis]           # uint8: the encoder scales it itself
    embedding = model.predict_on_batch(x.astype(np.float64) / 255.0)
    return embedding / np.sqrt(np.sum(embedding ** 2))


@ok("img_to_encoding")
def img_to_encoding_reshape(image_path, model):
    img = Image.open(image_path).convert("RGB")
    x = (np.asarray(img) / 255).reshape(1, 64, 64, 3)
    embedding = model.predict_on_batch(x)
    return embedding / np.linalg.norm(embedding, axis=1, keepdims=True)


@wrong("img_to_encoding", "divide by 255")
def img_to_encoding_unscaled(image_path, model):
    x = np.asarray(Image.open(image_path).convert("RGB"), dtype=np.float32)[None]
    embedding = model.predict_on_batch(x)
    return embedding / np.linalg.norm(embedding)


@wrong("img_to_encoding", "has length 1")
def img_to_encoding_unnormalised(image_path, model):
    x = np.asarray(Image.open(image_path).convert("RGB"), dtype=np.float32)[None] / 255
    return model.predict_on_batch(x)


@wrong("img_to_encoding", "shape")
def img_to_encoding_flat(image_path, model):
    x = np.asarray(Image.open(image_path).convert("RGB"), dtype=np.float32)[None] / 255
    embedding = model.predict_on_batch(x)[0]
    return embedding / np.linalg.norm(embedding)


# ----------------------------------------------------------------------------------------------
# verify


@ok("verify")
def verify_sqrt(image_path, identity, database, model, threshold=0.9):
    encoding = img_to_encoding(image_path, model)
    dist = np.sqrt(np.sum((encoding - database[identity]) ** 2))
    door_open = dist <= threshold
    print("welcome in!" if door_open else "please go away")
    return dist, door_open


@ok("verify", callees={"img_to_encoding": encoding_not_implemented})
def verify_callee_broken(image_path, identity, database, model, threshold=0.9):
    dist = float(np.linalg.norm(img_to_encoding(image_path, model) - database[identity]))
    return dist, not dist > threshold


@ok("verify", callees={"img_to_encoding": encoding_unscaled})
def verify_callee_wrong(image_path, identity, database, model, threshold=0.9):
    dist = np.linalg.norm((img_to_encoding(image_path, model) - database[identity]).ravel())
    return dist, bool(dist <= threshold)


@wrong("verify", "not its square")
def verify_squared(image_path, identity, database, model, threshold=0.9):
    dist = float(np.sum((img_to_encoding(image_path, model) - database[identity]) ** 2))
    return dist, dist <= threshold


@wrong("verify", "should be")
def verify_inverted(image_path, identity, database, model, threshold=0.9):
    dist = float(np.linalg.norm(img_to_encoding(image_path, model) - database[identity]))
    return dist, dist > threshold


@wrong("verify", "should be")
def verify_first_resident(image_path, identity, database, model, threshold=0.9):
    first = next(iter(database.values()))
    dist = float(np.linalg.norm(img_to_encoding(image_path, model) - first))
    return dist, dist <= threshold


# ----------------------------------------------------------------------------------------------
# who_is_it


@ok("who_is_it")
def who_is_it_vectorised(image_path, database, model, threshold=0.9):
    names = list(database)
    encodings = np.concatenate([database[n] for n in names])
    dists = np.linalg.norm(encodings - img_to_encoding(image_path, model), axis=1)
    k = int(np.argmin(dists))
    return float(dists[k]), (names[k] if dists[k] <= threshold else None)


@ok("who_is_it", callees={"img_to_encoding": encoding_not_implemented})
def who_is_it_min(image_path, database, model, threshold=0.9):
    encoding = img_to_encoding(image_path, model)
    name = min(database, key=lambda n: np.linalg.norm(encoding - database[n]))
    min_dist = np.linalg.norm(encoding - database[name])
    if min_dist > threshold:
        print("Not in the database.")
        return min_dist, None
    return min_dist, name


@ok("who_is_it", callees={"img_to_encoding": encoding_unscaled})
def who_is_it_sorted(image_path, database, model, threshold=0.9):
    encoding = img_to_encoding(image_path, model)
    ranked = sorted(((float(np.linalg.norm(encoding - e)), i, n) for i, (n, e) in enumerate(database.items())))
    dist, _, name = ranked[0]
    return dist, None if dist > threshold else name


@wrong("who_is_it", "return (min_dist, None)")
def who_is_it_always_a_name(image_path, database, model, threshold=0.9):
    encoding = img_to_encoding(image_path, model)
    name = min(database, key=lambda n: np.linalg.norm(encoding - database[n]))
    return float(np.linalg.norm(encoding - database[name])), name


@wrong("who_is_it", "not its square")
def who_is_it_squared(image_path, database, model, threshold=0.9):
    encoding = img_to_encoding(image_path, model)
    dists = {n: float(np.sum((encoding - e) ** 2)) for n, e in database.items()}
    name = min(dists, key=dists.get)
    return dists[name], name if dists[name] <= threshold else None


@wrong("who_is_it", "keep the first name")
def who_is_it_last_tie(image_path, database, model, threshold=0.9):
    encoding = img_to_encoding(image_path, model)
    best, name = np.inf, None
    for n, e in database.items():
        d = float(np.linalg.norm(encoding - e))
        if d <= best:
            best, name = d, n
    return best, name if best <= threshold else None


@wrong("who_is_it", "should be")
def who_is_it_farthest(image_path, database, model, threshold=0.9):
    encoding = img_to_encoding(image_path, model)
    name = max(database, key=lambda n: np.linalg.norm(encoding - database[n]))
    dist = float(np.linalg.norm(encoding - database[name]))
    return dist, name if dist <= threshold else None
