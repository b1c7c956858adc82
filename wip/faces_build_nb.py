"""Writes source/c4w4-face-verification/c4w4-face-verification.ipynb (authoring aid, not committed)."""
import pathlib
import sys

import nbformat

ID = "c4w4-face-verification"
THRESHOLD = sys.argv[1] if len(sys.argv) > 1 else "0.9"
cells = []
counters = {"md": 0, "setup": 0}


def meta(grade_id, solution=False, grade=False, locked=True, points=None):
    m = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution,
         "task": False}
    if points is not None:
        m["points"] = points
    return {"nbgrader": m}


def md(text):
    counters["md"] += 1
    cells.append(nbformat.v4.new_markdown_cell(text.strip("\n"), metadata=meta(f"md-{counters['md']}")))


def setup(code):
    counters["setup"] += 1
    cells.append(nbformat.v4.new_code_cell(code.strip("\n"), metadata=meta(f"setup-{counters['setup']}")))


def code(text):
    cells.append(nbformat.v4.new_code_cell(text.strip("\n")))


def exercise(name, solution, points):
    cells.append(nbformat.v4.new_code_cell(solution.strip("\n"), metadata=meta(name, solution=True, locked=False)))
    code(f'preview("{name}", {name})')
    cells.append(nbformat.v4.new_code_cell(
        f'check("{name}", {name})\n### BEGIN HIDDEN TESTS\ncheck("{name}", {name}, hidden=True)\n### END HIDDEN TESTS',
        metadata=meta(f"test_{name}", grade=True, points=points)))


md(r"""
# Face verification and face recognition

A building's door has a camera. Two problems:

- **Face verification** — "is this the person they claim to be?" A 1:1 comparison: a visitor says "I am Ada", the door compares the camera's photo with Ada's.
- **Face recognition** — "who is this?" A 1:K search: the door compares the photo with every resident and lets the person in if one of them matches.

Both rest on one idea from FaceNet (Schroff, Kalenichenko & Philbin, CVPR 2015): a ConvNet $f$ maps a face image to a vector of 128 numbers of length 1, its **encoding**, trained so that two photos of the same person have encodings close together and photos of different people have encodings far apart. Comparing faces then means measuring a distance.

You will write:

1. `triplet_loss` — the loss that trains such an encoder;
2. `img_to_encoding` — the encoding of a photo file;
3. `verify` — face verification;
4. `who_is_it` — face recognition;

and choose the distance threshold on a ROC curve of people the encoder has never seen.

**Which faces, which network.** The classic assignment downloads a FaceNet trained on millions of photographs of real people. This course trains its own, small one, offline: the faces are **rendered** by `helpers.generators.faces` — thousands of invented people, each fixed by face shape and proportions, skin, hair colour and style, eyes, nose, mouth, glasses and beard, photographed under changing pose, light, expression, background, partial occlusion and noise (datasheet: `course/datasets/faces.md`). The encoder is a five-layer ConvNet trained with the triplet loss on 2000 of these people by `python -m helpers.training.faces`; its model card, `course/models/face-encoder.md`, records how it was trained and what it measures. None of the people you meet in this notebook was in its training set. It has never seen a photograph of a real person, and it must not be used on one.
""")

md(r"""
## 0. Packages

- `numpy`, `matplotlib`, and `PIL.Image` (Pillow) to read image files;
- `helpers.faces`: `load_face_encoder` (the trained encoder), `load_test_faces` and `validation_faces` (portraits of never-seen people), `photo_path` and `door_photos` (the image files of the residents and of the door camera), `RESIDENTS`, and the measuring tools `pair_distances`, `roc_curve`, `roc_auc`, `best_threshold`, `balanced_accuracy`.
""")

setup(r"""
import contextlib
import io

import matplotlib.pyplot as plt
import numpy as np
from PIL import Image

from autograder import load_checks
from helpers.faces import (
    RESIDENTS,
    balanced_accuracy,
    best_threshold,
    door_photos,
    door_shot_kinds,
    load_face_encoder,
    load_test_faces,
    pair_distances,
    photo_path,
    roc_auc,
    roc_curve,
    validation_faces,
)

check, preview = load_checks("c4w4-face-verification")
""")

md(r"""
## 1. The faces

`load_test_faces()` returns four portraits of each of 200 people whom the encoder never saw in training, and portraits of 25 **look-alikes**: invented people who share most traits of one of the 200 (same face shape, skin and hair, say, with a few details changed). Each row below is one person.
""")

code(r"""
test = load_test_faces()
print("test portraits:", test["images"].shape, "of", len(np.unique(test["identity"])), "people")
print("look-alike portraits:", test["lookalike_images"].shape)

fig, axes = plt.subplots(4, 6, figsize=(7.5, 5))
for row in range(4):
    person = 3 * row
    portraits_of = np.flatnonzero(test["identity"] == person)
    for col in range(6):
        ax = axes[row, col]
        if col < 4:
            ax.imshow(test["images"][portraits_of[col]])
            ax.set_title(f"person {person}" if col == 0 else "", fontsize=8)
        ax.axis("off")
# the look-alike of person 0, next to person 0's row
look = np.flatnonzero(test["lookalike_of"] == 0)
for col in (4, 5):
    axes[0, col].imshow(test["lookalike_images"][look[col - 4]])
    axes[0, col].set_title("look-alike" if col == 4 else "", fontsize=8)
plt.tight_layout()
plt.show()
""")

md(r"""
### Why not compare pixels?

The simplest face comparison is the distance between the images themselves. Measure it on every pair of the 800 test portraits: 1,200 pairs show the same person, 318,400 show two different people. The **ROC AUC** — the chance that a random same-person pair is closer than a random different-person pair — is 0.5 for a coin and 1 for a perfect comparison.
""")

code(r"""
pixels = test["images"].reshape(len(test["images"]), -1).astype(np.float64) / 255
d_pixels, same_pixels = pair_distances(pixels, test["identity"])
pixel_auc = roc_auc(d_pixels, same_pixels)
print(f"pairs: {same_pixels.sum()} same person, {(~same_pixels).sum()} different people")
print(f"ROC AUC of the pixel distance: {pixel_auc:.3f}")
""")

md(r"""
Pixels barely beat a coin: a turn of the head, another background or other light changes far more pixels than a different nose does. We need a representation that keeps what makes a person and forgets the rest.

## 2. The triplet loss

The encoder $f$ is trained on **triplets** of images: an **anchor** $A$, a **positive** $P$ (another photo of the same person) and a **negative** $N$ (a photo of someone else). It should place the anchor closer to the positive than to the negative, by at least a margin $\alpha$:

$$\| f(A) - f(P) \|_2^2 + \alpha < \| f(A) - f(N) \|_2^2$$

The loss of a batch of $m$ triplets punishes every triplet that breaks this rule, by how much it breaks it:

$$\mathcal{J} = \sum_{i=1}^{m} \max\Big(\underbrace{\| f(A^{(i)}) - f(P^{(i)}) \|_2^2}_{(1)} - \underbrace{\| f(A^{(i)}) - f(N^{(i)}) \|_2^2}_{(2)} + \alpha,\ 0\Big)$$

**Exercise 1 — `triplet_loss(y_true, y_pred, alpha=0.2)`.** `y_pred` is the list `[anchor, positive, negative]` of three arrays of shape $(m, d)$, one encoding per row; `y_true` is not used (the classic's Keras loss functions take labels first; triplets have none).

1. Compute the squared distances (1) of each anchor to its positive: sum the squares over the last axis, giving $m$ numbers.
2. The same for the negatives (2).
3. `basic_loss` = (1) − (2) + `alpha`.
4. The loss is the sum over the triplets of `np.maximum(basic_loss, 0)`; return it as a Python `float`.
""")

exercise("triplet_loss", r'''
def triplet_loss(y_true, y_pred, alpha=0.2):
    """
    Implements the triplet loss of FaceNet.

    Arguments:
    y_true -- not used (true labels, required by the classic's Keras signature)
    y_pred -- list of three arrays [anchor, positive, negative], each of shape (m, d):
              the encodings of the anchors, of the positives and of the negatives
    alpha -- the margin

    Returns:
    loss -- float, the sum over the m triplets of max(||a - p||^2 - ||a - n||^2 + alpha, 0)
    """
    anchor, positive, negative = y_pred[0], y_pred[1], y_pred[2]
    ### BEGIN SOLUTION
    pos_dist = np.sum(np.square(anchor - positive), axis=-1)
    neg_dist = np.sum(np.square(anchor - negative), axis=-1)
    basic_loss = pos_dist - neg_dist + alpha
    loss = float(np.sum(np.maximum(basic_loss, 0.0)))
    ### END SOLUTION
    return loss
''', 3)

md(r"""
**How the course's encoder was trained.** Most triplets are easy — two random people usually look nothing alike — and an easy triplet contributes 0 to the loss and nothing to learning. So triplets are **mined** inside each mini-batch ("batch-all", Hermans, Beyer & Leibe, 2017): a batch holds 4 portraits each of 16 people and of the **look-alikes** of 8 of them (hard negatives: random people rarely look alike); every (anchor, positive, negative) of the batch that still breaks the margin counts, and the loss is their mean, so that the easy triplets do not dilute it. The training script, `helpers/training/faces.py`, also flips the portraits and adds noise. Here is your loss on triplets of never-seen people, with the trained encoder: anchor and positive are two portraits of one person, the negative a portrait of the next person.
""")

code(r"""
model = load_face_encoder()
print(model)

first, second = np.flatnonzero(test["identity"] % 4 == 0), np.flatnonzero(test["identity"] % 4 == 1)
anchors = model.encode(test["images"][first])            # portrait 0 of each person
positives = model.encode(test["images"][first + 1])      # portrait 1 of the same person
negatives = np.roll(anchors, 1, axis=0)                  # portrait 0 of the previous person
triplets_loss = triplet_loss(None, [anchors, positives, negatives])
violating = np.mean(np.sum((anchors - positives) ** 2, axis=1) + 0.2 > np.sum((anchors - negatives) ** 2, axis=1))
print(f"loss of {len(anchors)} triplets: {triplets_loss:.3f}; triplets that break the margin: {violating:.1%}")
""")

md(r"""
## 3. From a photo file to an encoding

The door camera saves PNG files of 64 × 64 colour pixels. The encoder is `model`: `model.predict_on_batch(X)` takes a batch `X` of shape $(m, 64, 64, 3)$ with values in $[0, 1]$ and returns the $(m, 128)$ encodings.

**Exercise 2 — `img_to_encoding(image_path, model)`.**

1. Read the image: `Image.open(image_path).convert("RGB")`, then `np.asarray(...)`, and scale the pixels from 0…255 to $[0, 1]$ (divide by 255).
2. Add the batch axis, giving shape $(1, 64, 64, 3)$ (`np.expand_dims`).
3. `embedding = model.predict_on_batch(x)`.
4. Return `embedding` divided by its L2 norm (`np.linalg.norm`): shape $(1, d)$, length 1. (The course's encoder already returns vectors of length 1; dividing again costs nothing and makes the function right for any encoder.)
""")

exercise("img_to_encoding", r'''
def img_to_encoding(image_path, model):
    """
    Encodes the face in an image file.

    Arguments:
    image_path -- path of a colour image of 64 x 64 pixels
    model -- the encoder: model.predict_on_batch(X) maps X of shape (m, 64, 64, 3), values in [0, 1],
             to encodings of shape (m, d)

    Returns:
    encoding -- array of shape (1, d), of L2 norm 1
    """
    ### BEGIN SOLUTION
    img = np.asarray(Image.open(image_path).convert("RGB"), dtype=np.float32) / 255
    x = np.expand_dims(img, axis=0)
    embedding = model.predict_on_batch(x)
    encoding = embedding / np.linalg.norm(embedding, ord=2)
    ### END SOLUTION
    return encoding
''', 2)

md(r"""
Ada lives in the building; `photo_path("ada")` is the photo she enrolled with, which is also her first test portrait. PNG is lossless, so your encoding of the file must equal the encoder's encoding of the array:
""")

code(r"""
ada_encoding = img_to_encoding(photo_path("ada"), model)
png_difference = float(np.max(np.abs(ada_encoding - model.encode(test["images"][:1]))))
print("shape:", ada_encoding.shape, "| norm:", round(float(np.linalg.norm(ada_encoding)), 6),
      "| largest difference from model.encode(array):", png_difference)
""")

md(r"""
## 4. Choosing the threshold on a ROC curve

A door opens when the distance between two encodings is **at most a threshold**. Too low, and residents are locked out (false rejections); too high, and strangers get in (false acceptances). The **ROC curve** shows the trade-off: for every threshold, the rate of same-person pairs accepted (true-positive rate) against the rate of different-person pairs accepted (false-positive rate).

Choose the threshold on people who are neither in the training set nor in the test set: the 100 **validation** people (4 portraits each, rendered now). We take the threshold with the best **balanced accuracy**, the mean of the accuracies on same-person and on different-person pairs: different-person pairs far outnumber the others, and a plain accuracy would reward a door that never opens (the cell prints how much). `model.encode` encodes arrays of images batch by batch, as your `img_to_encoding` does for one file.
""")

code(r"""
val = validation_faces()
d_val, same_val = pair_distances(model.encode(val["images"]), val["identity"])
thresholds, tpr, fpr = roc_curve(d_val, same_val)
val_auc = roc_auc(d_val, same_val)
threshold, val_accuracy = best_threshold(d_val, same_val)
never_open_accuracy = float(np.mean(~same_val))
print(f"validation: {len(val['images'])} portraits, {same_val.sum()} same-person and {(~same_val).sum()} "
      f"different-person pairs; a door that never opens is right on {never_open_accuracy:.2%} of them")
print(f"ROC AUC {val_auc:.4f}")
print(f"threshold {threshold:.3f}: balanced accuracy {val_accuracy:.4f}")

chosen = np.searchsorted(thresholds, threshold)
fig, axes = plt.subplots(1, 2, figsize=(10, 4))
axes[0].plot(fpr, tpr)
axes[0].plot(fpr[chosen - 1], tpr[chosen - 1], "o", label=f"threshold {threshold:.2f}")
axes[0].set_xscale("log")
axes[0].set_xlabel("false-positive rate (strangers let in)")
axes[0].set_ylabel("true-positive rate (residents let in)")
axes[0].set_title(f"ROC, validation people (AUC {val_auc:.3f})")
axes[0].legend()
bins = np.linspace(0, 2, 81)
axes[1].hist(d_val[same_val], bins=bins, density=True, alpha=0.6, label="same person")
axes[1].hist(d_val[~same_val], bins=bins, density=True, alpha=0.6, label="different people")
axes[1].axvline(threshold, color="k", linestyle="--", label="threshold")
axes[1].set_xlabel("distance between encodings")
axes[1].legend()
plt.show()
""")

md(r"""
Now measure the rule, with that threshold fixed, on the 200 **test** people: all pairs of their 800 portraits.
""")

code(r"""
d_test, same_test = pair_distances(model.encode(test["images"]), test["identity"])
test_auc = roc_auc(d_test, same_test)
test_accuracy = balanced_accuracy(d_test, same_test, threshold)
false_rejections = float(np.mean(d_test[same_test] > threshold))
false_acceptances = float(np.mean(d_test[~same_test] <= threshold))
print(f"test people: ROC AUC {test_auc:.4f} (pixels: {pixel_auc:.3f})")
print(f"verification accuracy at threshold {threshold:.3f}: {test_accuracy:.2%} (balanced)")
print(f"  same person rejected: {false_rejections:.2%}; different people accepted: {false_acceptances:.2%}")
""")

md(r"""
### The door's threshold

The balanced threshold treats both errors as equally bad. A door should not: letting a stranger in is worse than asking a resident to look at the camera again. The ROC curve offers every trade-off, so pick the door's point on it: the largest threshold at which **at most 1 in 1000** pairs of different validation people would be accepted.
""")

code(r"""
door_fpr = 0.001
k = np.searchsorted(fpr, door_fpr, side="right") - 1
door_threshold = float(thresholds[k])
test_door_tpr = float(np.mean(d_test[same_test] <= door_threshold))
test_door_fpr = float(np.mean(d_test[~same_test] <= door_threshold))
print(f"door threshold {door_threshold:.3f}")
print(f"  validation: same person accepted {tpr[k]:.1%}, different people accepted {fpr[k]:.3%}")
print(f"  test:       same person accepted {test_door_tpr:.1%}, different people accepted {test_door_fpr:.3%}")
""")

md(rf"""
## 5. Face verification: the residents' door

Ten people live in the building. Each enrolled with one photo; the **database** maps each name to the encoding of that photo.

**Exercise 3 — `verify(image_path, identity, database, model, threshold={THRESHOLD})`.** The default threshold is the door's, chosen above, rounded to two decimals.

1. Encode the photo at `image_path` with your `img_to_encoding`.
2. `dist` = the L2 distance (`np.linalg.norm`, not squared) between that encoding and `database[identity]`.
3. The door opens when `dist <= threshold`: print `"It's <identity>, welcome in!"`, else `"It's not <identity>, please go away"`.
4. Return `dist` (a float) and `door_open` (a `bool`).
""")

code(r"""
database = {name: img_to_encoding(photo_path(name), model) for name in RESIDENTS}
print("residents:", ", ".join(database))
fig, axes = plt.subplots(1, len(RESIDENTS), figsize=(12, 1.6))
for ax, name in zip(axes, RESIDENTS):
    ax.imshow(Image.open(photo_path(name)))
    ax.set_title(name, fontsize=9)
    ax.axis("off")
plt.show()
""")

exercise("verify", rf'''
def verify(image_path, identity, database, model, threshold={THRESHOLD}):
    """
    Verifies that the person in the image at image_path is identity.

    Arguments:
    image_path -- path of the photo to verify
    identity -- string, the name the person claims; a key of database
    database -- dict from names to encodings of shape (1, d)
    model -- the encoder (see img_to_encoding)
    threshold -- the largest distance at which two encodings count as the same person

    Returns:
    dist -- float, the L2 distance between the photo's encoding and database[identity]
    door_open -- bool, True if the door opens (dist <= threshold)
    """
    ### BEGIN SOLUTION
    encoding = img_to_encoding(image_path, model)
    dist = float(np.linalg.norm(encoding - database[identity]))
    door_open = bool(dist <= threshold)
    if door_open:
        print("It's " + str(identity) + ", welcome in!")
    else:
        print("It's not " + str(identity) + ", please go away")
    ### END SOLUTION
    return dist, door_open
''', 3)

md(r"""
The door camera took 40 photos this week: residents coming home, visitors, and the look-alikes of two residents (`door_photos()` gives each file with who it really was; your functions never see that). First, verification at the door's threshold: each resident claims to be themselves; then every visitor and look-alike claims to be Ada.
""")

code(r"""
shots = door_photos()
kinds = door_shot_kinds()
with contextlib.redirect_stdout(io.StringIO()):      # 40 lines of "welcome in!" hidden
    own_claims = [verify(path, who, database, model, door_threshold)[1]
                  for path, who in shots if who is not None]
    false_claims = [verify(path, "ada", database, model, door_threshold)[1]
                    for path, who in shots if who is None]
print(f"residents let in as themselves: {sum(own_claims)} of {len(own_claims)}")
print(f"visitors and look-alikes let in as Ada: {sum(false_claims)} of {len(false_claims)}")
""")

md(r"""
## 6. Face recognition: who is it?

With recognition, nobody needs to say who they are: the door compares the photo with **every** resident and takes the closest.

**Exercise 4 — `who_is_it(image_path, database, model, threshold=...)`.**

1. Encode the photo with `img_to_encoding`.
2. Find the name in `database` with the smallest L2 distance to it, `min_dist` (loop over `database.items()`; on a tie the first name wins).
3. If `min_dist > threshold`, print `"Not in the database."` and return `(min_dist, None)`; otherwise print `"it's <name>, the distance is <min_dist>"` and return `(min_dist, name)`.
""")

exercise("who_is_it", rf'''
def who_is_it(image_path, database, model, threshold={THRESHOLD}):
    """
    Finds who the person in the image at image_path is, among the people of database.

    Arguments:
    image_path -- path of the photo
    database -- dict from names to encodings of shape (1, d)
    model -- the encoder (see img_to_encoding)
    threshold -- the largest distance at which two encodings count as the same person

    Returns:
    min_dist -- float, the smallest L2 distance between the photo's encoding and the database's
    identity -- string, the name with that distance; None if min_dist > threshold
    """
    ### BEGIN SOLUTION
    encoding = img_to_encoding(image_path, model)
    min_dist = np.inf
    identity = None
    for name, db_enc in database.items():
        dist = float(np.linalg.norm(encoding - db_enc))
        if dist < min_dist:
            min_dist = dist
            identity = name
    if min_dist > threshold:
        print("Not in the database.")
        identity = None
    else:
        print("it's " + str(identity) + ", the distance is " + str(min_dist))
    ### END SOLUTION
    return min_dist, identity
''', 3)

md(r"""
Every photo of the door camera, recognised at the door's threshold. The door may fail to recognise a resident (who then tries again); it should never take anyone for somebody else. Look at the answers of the look-alikes: this encoder does not always tell them from the person they resemble (section 7 measures how often).
""")

code(r"""
print(who_is_it(shots[0][0], database, model, door_threshold))
with contextlib.redirect_stdout(io.StringIO()):
    answers = [who_is_it(path, database, model, door_threshold) for path, _ in shots]
door_correct = [answer == who for (_, answer), (_, who) in zip(answers, shots)]
door_wrong_person = [answer is not None and answer != who for (_, answer), (_, who) in zip(answers, shots)]
print(f"\n{sum(door_correct)} of {len(shots)} door photos answered correctly; "
      f"someone taken for somebody else: {sum(door_wrong_person)}")
for kind in ("resident", "visitor", "look-alike"):
    right = [ok for ok, k in zip(door_correct, kinds) if k == kind]
    print(f"  {kind}s: {sum(right)} of {len(right)} answered correctly")

fig, axes = plt.subplots(4, 10, figsize=(13, 6.2))
for ax, (path, who), (dist, answer), ok in zip(axes.ravel(), shots, answers, door_correct):
    ax.imshow(Image.open(path))
    ax.set_title(f"{answer or 'nobody'}\n{dist:.2f}", fontsize=8, color="black" if ok else "red")
    ax.axis("off")
plt.suptitle("who_is_it on the door photos (answer, distance; red: not the right answer)")
plt.show()
""")

md(r"""
Forty photos are a small sample. The same rule, computed on encodings for speed, on **every** test portrait: the residents' other three portraits each, all four portraits of each of the 190 other test people, who do not live here, and the four portraits of each of the 25 look-alikes.
""")

code(r"""
enc_test = model.encode(test["images"])
residents_enc = np.concatenate([database[name] for name in RESIDENTS])
dist_to_residents = np.linalg.norm(enc_test[:, None, :] - residents_enc[None, :, :], axis=-1)
nearest = np.argmin(dist_to_residents, axis=1)
accepted = np.min(dist_to_residents, axis=1) <= door_threshold
is_resident = test["identity"] < len(RESIDENTS)
enrolment = np.zeros(len(test["identity"]), dtype=bool)
enrolment[[np.flatnonzero(test["identity"] == k)[0] for k in range(len(RESIDENTS))]] = True
probe = is_resident & ~enrolment
residents_recognised = float(np.mean((accepted & (nearest == test["identity"]))[probe]))
residents_mistaken = int(np.sum((accepted & (nearest != test["identity"]))[probe]))
strangers_admitted = int(np.sum(accepted[~is_resident]))
enc_look = model.encode(test["lookalike_images"])
look_to_residents = np.linalg.norm(enc_look[:, None, :] - residents_enc[None, :, :], axis=-1)
lookalikes_admitted = int(np.sum(np.min(look_to_residents, axis=1) <= door_threshold))
print(f"residents' portraits recognised: {residents_recognised:.1%} of {probe.sum()}; "
      f"taken for another resident: {residents_mistaken}")
print(f"strangers let in: {strangers_admitted} of {np.sum(~is_resident)} portraits")
print(f"look-alikes let in: {lookalikes_admitted} of {len(enc_look)} portraits")
""")

md(r"""
## 7. The hard cases

**Same person, different pose.** The pair of portraits of one test person that the encoder finds farthest apart, and the closest pair of two different people:
""")

code(r"""
same_pairs = np.flatnonzero(same_test)
diff_pairs = np.flatnonzero(~same_test)
worst_same = same_pairs[np.argmax(d_test[same_pairs])]
worst_diff = diff_pairs[np.argmin(d_test[diff_pairs])]
rows, cols = np.triu_indices(len(test["images"]), 1)

fig, axes = plt.subplots(1, 4, figsize=(8, 2.4))
for ax, index in zip(axes, (rows[worst_same], cols[worst_same], rows[worst_diff], cols[worst_diff])):
    ax.imshow(test["images"][index])
    ax.set_title(f"person {test['identity'][index]}", fontsize=9)
    ax.axis("off")
plt.suptitle(f"same person, distance {d_test[worst_same]:.2f}   |   "
             f"different people, distance {d_test[worst_diff]:.2f}   (threshold {threshold:.2f})", fontsize=9)
plt.show()
""")

md(r"""
**Look-alikes.** Each of the 25 look-alikes against the four portraits of the person they resemble: 400 pairs of different people built to be confused, at the balanced threshold and at the door's.
""")

code(r"""
twin = test["lookalike_of"][:, None] == test["identity"][None, :]
d_look = np.linalg.norm(enc_look[:, None, :] - enc_test[None, :, :], axis=-1)[twin]
lookalikes_rejected = float(np.mean(d_look > threshold))
random_rejected = 1 - false_acceptances
lookalikes_rejected_door = float(np.mean(d_look > door_threshold))
print(f"look-alike pairs told apart: {lookalikes_rejected:.1%} at the balanced threshold "
      f"(pairs of random different people: {random_rejected:.1%}), {lookalikes_rejected_door:.1%} at the door's")
print(f"median distance: look-alike pairs {np.median(d_look):.2f}, "
      f"same-person pairs {np.median(d_test[same_test]):.2f}, "
      f"random different people {np.median(d_test[~same_test]):.2f}")
""")

md(r"""
## 8. A map of the encodings

The encodings have 128 dimensions. Projected on their first two principal components (the two directions of largest variance, from an SVD), the portraits of 12 test people:
""")

code(r"""
people = np.arange(12)
chosen_portraits = np.isin(test["identity"], people)
E = enc_test[chosen_portraits]
labels = test["identity"][chosen_portraits]
centred = E - E.mean(axis=0)
_, _, Vt = np.linalg.svd(centred, full_matrices=False)
projection = centred @ Vt[:2].T

same_nearest = []
for i in range(len(E)):
    d = np.linalg.norm(E - E[i], axis=1)
    d[i] = np.inf
    same_nearest.append(labels[np.argmin(d)] == labels[i])
nearest_same_person = float(np.mean(same_nearest))
print(f"portraits whose nearest other portrait (in 128-d) shows the same person: {nearest_same_person:.0%}")

plt.figure(figsize=(6, 5))
colours = plt.cm.tab20(np.linspace(0, 1, len(people)))
for person, colour in zip(people, colours):
    points = projection[labels == person]
    plt.scatter(points[:, 0], points[:, 1], color=colour, s=40, label=f"person {person}")
plt.legend(fontsize=7, ncol=2)
plt.title("encodings of 12 never-seen people, first two principal components")
plt.show()
""")

md(r"""
Two dimensions cannot show 128: people who overlap in this picture can still be far apart in the directions it leaves out. The nearest-neighbour figure above is measured in all 128.

## What to remember

- **Verification** (1:1) compares a photo with one claimed identity; **recognition** (1:K) searches the whole database. Both reduce a face to an encoding and compare distances.
- The **triplet loss** trains the encoder by pulling an anchor towards a positive and pushing it from a negative by a margin; only triplets that break the margin teach anything, so they are **mined**.
- The threshold is a trade-off between locking residents out and letting strangers in: choose it on a **ROC curve** of people kept apart for that purpose, where the costs of the two errors decide the point, then measure it on people never used before.
- Look-alikes are where a face encoder errs; look at its hard cases, not only at its average.
- A rendered world is not the real one: these figures say nothing about real faces, and face recognition of real people raises questions of consent and fairness that no accuracy figure answers.
""")

nb = nbformat.v4.new_notebook()
nb.cells = cells
nb.metadata = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
               "language_info": {"name": "python"}}
for i, c in enumerate(nb.cells):
    g = c.metadata.get("nbgrader", {}).get("grade_id")
    c["id"] = g.replace("_", "-") if g else f"cell-{i}"
out = pathlib.Path(f"/work/main/source/{ID}/{ID}.ipynb")
out.parent.mkdir(parents=True, exist_ok=True)
nbformat.write(nb, out)
print("wrote", out)
