"""Prototype (work in progress, not yet the course script): train helpers.faces.encoder with the batch-all
triplet loss on rendered faces and report verification on never-seen identities.

    python helpers/training/faces_prototype.py STEPS N_TRAIN_IDENTITIES
"""
import sys
import time

import numpy as np

from helpers.faces import encoder as enc
from helpers.generators import faces

steps = int(sys.argv[1]); n_ids = int(sys.argv[2]); per = 8
t0 = time.time()
data = faces.portraits("train", range(n_ids), per)
X_all, ids = data["images"], data["identity"]
print(f"rendered {len(X_all)} in {time.time()-t0:.0f}s", flush=True)
val = faces.portraits("val", range(100), 4)
with np.load("datasets/faces_test.npz") as f:
    test = {k: f[k] for k in f.files}

def encode(params, bn, X):
    return np.concatenate([enc.forward(params, bn, X[i:i+128].astype(np.float32)/255, train=False)[0] for i in range(0, len(X), 128)])

def pairs_eval(Y, lab):
    D = ((Y[:, None] - Y[None]) ** 2).sum(-1)
    iu = np.triu_indices(len(Y), 1)
    d, same = D[iu], (lab[:, None] == lab[None])[iu]
    # AUC
    order = np.argsort(d)
    ranks = np.empty(len(d)); ranks[order] = np.arange(len(d))
    npos, nneg = same.sum(), (~same).sum()
    auc = 1 - (ranks[same].sum() - npos*(npos-1)/2) / (npos*nneg)
    ths = np.quantile(d, np.linspace(0.001, 0.5, 400))
    acc = [(np.mean(d[same] < t) + np.mean(d[~same] >= t)) / 2 for t in ths]
    k = int(np.argmax(acc))
    return auc, acc[k], ths[k], d, same

rng = np.random.default_rng(0)
params = enc.init_parameters(0); bn = enc.init_bn_state(params)
mom = {k: (np.zeros_like(v), np.zeros_like(v)) for k, v in params.items()}
P, K, lr0 = 16, 4, 1e-3
by_id = {i: np.flatnonzero(ids == i) for i in range(n_ids)}
losses = []
for step in range(1, steps + 1):
    chosen = rng.choice(n_ids, P, replace=False)
    idx = np.concatenate([rng.choice(by_id[i], K, replace=False) for i in chosen])
    X = X_all[idx].astype(np.float32) / 255
    flip = rng.random(len(idx)) < 0.5
    X[flip] = X[flip, :, ::-1]
    X += rng.standard_normal(X.shape, dtype=np.float32) * np.float32(rng.uniform(0, 4) / 255)
    Y, cache = enc.forward(params, bn, X, train=True)
    loss, frac, dY = enc.batch_all_triplet_loss(Y, ids[idx])
    g = enc.backward(dY, cache, params)
    lr = lr0 * min(1, step / 200) * (0.02 + 0.98 * 0.5 * (1 + np.cos(np.pi * step / steps)))
    for k, p in params.items():
        gk = g[k].astype(p.dtype) + (5e-4 * p if k.startswith("W") else 0)
        m, v = mom[k]; m *= 0.9; m += 0.1 * gk; v *= 0.999; v += 0.001 * gk * gk
        p -= (lr * np.sqrt(1 - 0.999**step) / (1 - 0.9**step) * m / (np.sqrt(v) + 1e-8)).astype(p.dtype)
    losses.append(loss)
    if step % 250 == 0 or step == steps:
        Yv = encode(params, bn, val["images"]); auc_v, acc_v, th, *_ = pairs_eval(Yv, val["identity"])
        print(f"step {step}: loss {np.mean(losses[-250:]):.4f} active {frac:.2f} val AUC {auc_v:.4f} acc {acc_v:.4f} th {th:.3f} [{time.time()-t0:.0f}s]", flush=True)
Yv = encode(params, bn, val["images"]); _, _, th, *_ = pairs_eval(Yv, val["identity"])
Yt = encode(params, bn, test["images"]); auc, acc_best, _, d, same = pairs_eval(Yt, test["identity"])
acc_val_th = (np.mean(d[same] < th) + np.mean(d[~same] >= th)) / 2
print(f"TEST: AUC {auc:.4f}, balanced acc at val threshold {acc_val_th:.4f} (best on test {acc_best:.4f}), {time.time()-t0:.0f}s")
