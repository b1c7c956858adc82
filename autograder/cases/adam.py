"""Adam's update and its typical mistakes, shared by the assignments that grade
``update_parameters_with_adam`` (c2w2-optimization, c4w1-convolution-application)."""

from functools import partial

import numpy as np

from autograder.spec import Mistake


def adam_step(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8,
              variant=""):
    """One Adam step, right (``variant=""``) or with one of the mistakes of ``MISTAKES``."""
    params, v1, s1, vc, sc = dict(parameters), dict(v), dict(s), {}, {}
    if variant == "t + 1":
        t = t + 1
    for name in parameters:
        d = "d" + name
        v1[d] = beta1 * v[d] + (1 - beta1) * grads[d]
        s1[d] = beta2 * s[d] + (1 - beta2) * (grads[d] if variant == "no square" else grads[d] ** 2)
        if variant == "no correction":
            vc[d], sc[d] = v1[d], s1[d]
        elif variant == "t times beta":
            vc[d], sc[d] = v1[d] / (1 - beta1 * t), s1[d] / (1 - beta2 * t)
        else:
            vc[d], sc[d] = v1[d] / (1 - beta1 ** t), s1[d] / (1 - beta2 ** t)
        if variant == "epsilon inside":
            params[name] = parameters[name] - learning_rate * vc[d] / np.sqrt(sc[d] + epsilon)
        elif variant == "plus":
            params[name] = parameters[name] + learning_rate * vc[d] / (np.sqrt(sc[d]) + epsilon)
        else:
            params[name] = parameters[name] - learning_rate * vc[d] / (np.sqrt(sc[d]) + epsilon)
    return params, v1, s1, vc, sc


MISTAKES = {
    "no correction": "use the bias-corrected averages: v_corrected = v / (1 - beta1 ** t), "
                     "s_corrected = s / (1 - beta2 ** t).",
    "t times beta": "the bias correction divides by 1 - beta ** t (a power), not 1 - beta * t.",
    "t + 1": "t already counts this step (t = 1 for the first one): use beta ** t, not beta ** (t + 1).",
    "no square": "s averages the *squared* gradients: s = beta2 * s + (1 - beta2) * grad ** 2.",
    "epsilon inside": "epsilon goes outside the square root: v_corrected / (np.sqrt(s_corrected) + epsilon).",
    "plus": "step *against* the gradient: W = W - learning_rate * ...",
}


def adam_mistakes() -> list[Mistake]:
    """The typical mistakes of an Adam step, each with its hint."""
    return [Mistake(hint, partial(adam_step, variant=variant)) for variant, hint in MISTAKES.items()]
