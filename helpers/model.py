"""A small, readable way to build and train ConvNets from the fast layers.

A model is a list of layers. Each layer has ``params`` and ``grads`` (dicts of arrays with
the same keys), ``forward(x, train)`` and ``backward(dout)``; the model runs them in order
and trains every parameter with mini-batch Adam on the softmax cross-entropy loss::

    from helpers.model import Conv, ReLU, MaxPool, Flatten, Dense, Model

    model = Model([Conv(4, 3, 8, pad=2), ReLU(), MaxPool(8, 8),
                   Conv(2, 8, 16, pad=1), ReLU(), MaxPool(4, 4),
                   Flatten(), Dense(16 * 2 * 2, 6)], seed=1)
    costs = model.fit(X_train, y_train, epochs=20, learning_rate=0.01, print_every=5)
    model.accuracy(X_test, y_test)

Images are channels-last ``(m, n_H, n_W, n_C)``; labels are integers ``(m,)``. Everything
is seeded: the same seed gives the same weights, the same mini-batches and the same costs.
``dtype`` (float32 by default, as deep-learning frameworks train) sets the parameters' type;
inputs are converted to it.
"""

from __future__ import annotations

import math

import numpy as np

from . import fast_layers as fl


class Layer:
    """Base class: a layer without parameters."""

    def __init__(self):
        self.params: dict = {}
        self.grads: dict = {}
        self.cache = None

    def init(self, rng, dtype):
        """Draw the parameters (called once by Model with its seeded generator)."""

    def forward(self, x, train=True):
        raise NotImplementedError

    def backward(self, dout):
        raise NotImplementedError

    def __repr__(self):
        return type(self).__name__ + "()"


class Conv(Layer):
    """f x f convolution from n_C_prev to n_C channels; He initialisation."""

    def __init__(self, f, n_C_prev, n_C, stride=1, pad=0):
        super().__init__()
        self.shape = (f, f, n_C_prev, n_C)
        self.hparameters = {"stride": stride, "pad": pad}

    def init(self, rng, dtype):
        f, _, n_C_prev, n_C = self.shape
        self.params = {"W": (rng.standard_normal(self.shape) * np.sqrt(2 / (f * f * n_C_prev))).astype(dtype),
                       "b": np.zeros((1, 1, 1, n_C), dtype=dtype)}

    def forward(self, x, train=True):
        out, self.cache = fl.conv_forward(x, self.params["W"], self.params["b"], self.hparameters)
        return out

    def backward(self, dout):
        dx, self.grads["W"], self.grads["b"] = fl.conv_backward(dout, self.cache)
        return dx

    def __repr__(self):
        f, _, c0, c1 = self.shape
        return f"Conv({f}x{f}, {c0}->{c1}, stride={self.hparameters['stride']}, pad={self.hparameters['pad']})"


class ReLU(Layer):
    def forward(self, x, train=True):
        out, self.cache = fl.relu_forward(x)
        return out

    def backward(self, dout):
        return fl.relu_backward(dout, self.cache)


class MaxPool(Layer):
    """f x f pooling ("max" or "average") with the given stride."""

    def __init__(self, f, stride, mode="max"):
        super().__init__()
        self.hparameters = {"f": f, "stride": stride}
        self.mode = mode

    def forward(self, x, train=True):
        out, self.cache = fl.pool_forward(x, self.hparameters, self.mode)
        return out

    def backward(self, dout):
        return fl.pool_backward(dout, self.cache, self.mode)

    def __repr__(self):
        return f"Pool({self.mode}, f={self.hparameters['f']}, stride={self.hparameters['stride']})"


class BatchNorm(Layer):
    """Spatial batch norm for (m, n_H, n_W, n_C) maps, or plain batch norm for (m, D)."""

    def __init__(self, n_C, momentum=0.9):
        super().__init__()
        self.n_C = n_C
        self.bn_param = {"mode": "train", "momentum": momentum}

    def init(self, rng, dtype):
        self.params = {"gamma": np.ones(self.n_C, dtype=dtype), "beta": np.zeros(self.n_C, dtype=dtype)}

    def forward(self, x, train=True):
        self.bn_param["mode"] = "train" if train else "test"
        out, self.cache = fl.spatial_batchnorm_forward(x, self.params["gamma"], self.params["beta"],
                                                       self.bn_param)
        return out

    def backward(self, dout):
        dx, self.grads["gamma"], self.grads["beta"] = fl.spatial_batchnorm_backward(dout, self.cache)
        return dx

    def __repr__(self):
        return f"BatchNorm({self.n_C})"


class Flatten(Layer):
    def forward(self, x, train=True):
        out, self.cache = fl.flatten_forward(x)
        return out

    def backward(self, dout):
        return fl.flatten_backward(dout, self.cache)


class Dense(Layer):
    """Fully connected layer (m, n_in) -> (m, n_out); He initialisation."""

    def __init__(self, n_in, n_out):
        super().__init__()
        self.shape = (n_in, n_out)

    def init(self, rng, dtype):
        n_in, n_out = self.shape
        self.params = {"W": (rng.standard_normal(self.shape) * np.sqrt(2 / n_in)).astype(dtype),
                       "b": np.zeros(n_out, dtype=dtype)}

    def forward(self, x, train=True):
        out, self.cache = fl.dense_forward(x, self.params["W"], self.params["b"])
        return out

    def backward(self, dout):
        dx, self.grads["W"], self.grads["b"] = fl.dense_backward(dout, self.cache)
        return dx

    def __repr__(self):
        return f"Dense({self.shape[0]}->{self.shape[1]})"


class Model:
    """A stack of layers ending in class scores, trained with softmax cross-entropy and Adam."""

    def __init__(self, layers, seed=1, dtype=np.float32):
        self.layers = list(layers)
        self.dtype = np.dtype(dtype)
        rng = np.random.default_rng(seed)
        for layer in self.layers:
            layer.init(rng, self.dtype)
        self.seed = seed

    def __repr__(self):
        return "Model([\n" + "".join(f"    {layer!r},\n" for layer in self.layers) + "])"

    def n_parameters(self):
        return sum(p.size for layer in self.layers for p in layer.params.values())

    def forward(self, X, train=True):
        """Scores (m, C) of a batch."""
        out = np.asarray(X, dtype=self.dtype)
        for layer in self.layers:
            out = layer.forward(out, train)
        return out

    def backward(self, dscores):
        """Backpropagate; fills every layer's grads. Returns the gradient of the input."""
        dout = dscores
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        return dout

    def loss(self, X, y, train=True):
        """Forward, loss and backward on one batch. Returns the loss."""
        loss, dscores = fl.softmax_cross_entropy(self.forward(X, train), y)
        self.backward(dscores.astype(self.dtype, copy=False))
        return loss

    def fit(self, X, y, epochs=10, batch_size=64, learning_rate=0.001, beta1=0.9, beta2=0.999,
            epsilon=1e-8, print_every=1, seed=None):
        """
        Mini-batch Adam. Each epoch shuffles the examples with a generator seeded by
        (seed, epoch), so runs are reproducible.

        X -- (m, ...) inputs; y -- (m,) integer labels
        print_every -- print the epoch's mean cost every this many epochs (0: never)
        Returns costs -- list of the mean training loss of each epoch
        """
        seed = self.seed if seed is None else seed
        y = np.asarray(y).reshape(-1)
        m = X.shape[0]
        v = [{k: np.zeros_like(p) for k, p in layer.params.items()} for layer in self.layers]
        s = [{k: np.zeros_like(p) for k, p in layer.params.items()} for layer in self.layers]
        t = 0
        costs = []
        for epoch in range(epochs):
            order = np.random.default_rng([seed, epoch]).permutation(m)
            total = 0.0
            for k in range(math.ceil(m / batch_size)):
                batch = order[k * batch_size:(k + 1) * batch_size]
                total += self.loss(X[batch], y[batch]) * len(batch)
                t += 1
                for layer, vl, sl in zip(self.layers, v, s, strict=True):
                    for name, p in layer.params.items():
                        g = layer.grads[name]
                        vl[name] = beta1 * vl[name] + (1 - beta1) * g
                        sl[name] = beta2 * sl[name] + (1 - beta2) * g * g
                        v_hat = vl[name] / (1 - beta1 ** t)
                        s_hat = sl[name] / (1 - beta2 ** t)
                        p -= (learning_rate * v_hat / (np.sqrt(s_hat) + epsilon)).astype(p.dtype)
            costs.append(total / m)
            if print_every and (epoch % print_every == 0 or epoch == epochs - 1):
                print(f"Cost after epoch {epoch}: {costs[-1]:.6f}")
        return costs

    def predict(self, X, batch_size=256):
        """Predicted class of each example (m,), in test mode (batch norm uses running averages)."""
        return np.concatenate([self.forward(X[i:i + batch_size], train=False).argmax(axis=1)
                               for i in range(0, X.shape[0], batch_size)])

    def accuracy(self, X, y):
        """Fraction of examples whose predicted class equals the label."""
        return float(np.mean(self.predict(X) == np.asarray(y).reshape(-1)))
