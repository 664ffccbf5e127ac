"""Checks of function exercises (``mode = "function"``): TensorFlow code whose reference runs in a
worker of its own; the ``Trial`` methods for gradients and Keras layers."""

from __future__ import annotations

from tutor.grading.compare import compare as compare_values
from tutor.grading.feedback import CheckFailed, sentences


class TensorFlowChecks:
    """Mixed into ``Trial``: gradients and layer outputs of the learner's TensorFlow code."""

    def compare_gradients(self, function: str, args, wrt, *, names=None, rtol: float = 1e-6, seed: int = 0):
        """Compare the gradients GradientTape takes through the learner's ``function`` (of a random
        projection of its output, with respect to ``args[i]`` for i in ``wrt``) with the reference's."""
        from tutor.grading.remote import TF_HARNESS_MODULE

        names = list(names or [f"argument {i}" for i in wrt])
        request = (function, list(args), list(wrt), seed)
        expected = self._reference._sibling(TF_HARNESS_MODULE).gradients(self._reference._module, *request)
        got = self._call_in(TF_HARNESS_MODULE, "gradients", (self._module, *request), {}, function)
        for name, want, have in zip(names, expected, got):
            if have is None:
                raise CheckFailed(f"no gradient flows from {function}()'s output back to {name}: compute it "
                                  "with TensorFlow operations (tf.matmul, tf.sigmoid, …), not numpy, so "
                                  "GradientTape can follow it")
            self.expect_match(want, have, rtol=rtol, label=f"the gradient of {function}() with respect to {name}")
        return got

    def compare_layer(self, class_name: str, init_kwargs: dict, inputs, weights, *, rtol: float = 1e-6,
                      label: str = ""):
        """Build the learner's Keras layer ``class_name`` on ``inputs``, give it ``weights`` (in the
        order the lesson fixes) and compare its output with the reference layer's."""
        from tutor.grading.remote import TF_HARNESS_MODULE

        harness = self._reference._sibling(TF_HARNESS_MODULE)
        request = (class_name, dict(init_kwargs), list(inputs), list(weights))
        expected = harness.layer_output(self._reference._module, *request)
        got = self._call_in(TF_HARNESS_MODULE, "layer_output", (self._module, *request), {}, class_name)
        difference = compare_values(expected, got, rtol)
        if difference is None:
            return got
        parts = [f"{label or class_name}: {difference}"]
        for mutant in self._mutants:
            try:
                value = harness.layer_output(mutant.module._module, *request)
            except Exception:  # noqa: BLE001  (a mutant may crash where the learner's layer did not)
                continue
            if compare_values(expected, value, rtol, nan_equal=True) is None:
                continue
            if compare_values(value, got, max(rtol, 1e-9), nan_equal=True) is None:
                parts.append(f"This matches a known mistake: {mutant.mistake}.")
                break
        raise CheckFailed(sentences(*parts))
