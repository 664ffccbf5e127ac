"""Checks of architecture exercises (DESIGN §4): the model is described in the sandbox, checked and
trained by the trusted trainer; the ``Trial`` methods a Keras exercise's checks.py calls.

What the trainer found becomes the learner's terms: ``problems`` (refused by the allowlist, wrong
shapes, loss or budgets) fail the model check; an ``error`` while building, compiling or training
their model (out of memory included) is a ``LearnerError``, status ``error``, on the model check
(stage ``build``) or the training check (stage ``train``); only the grader's own faults stay
``ungradable`` (``TrainingNotRun``).
"""

from __future__ import annotations

from tutor.grading.feedback import CheckFailed, LearnerError, TrainingNotRun, sentences

KERAS_ERROR_HINTS = {
    "expected min_ndim=4, found ndim=3": "Conv2D needs images with a channel axis: keras.Input(shape=(8, 8, 1)), "
                                         "not (8, 8)",
    "expected ndim=3, found ndim=2": "A recurrent layer reads sequences, (time steps, features per step): "
                                     "keras.Input(shape=(steps, features)), e.g. (8, 8) for 8 rows of 8 "
                                     "pixels or (40, 1) for 40 values of one feature; a recurrent layer that feeds another "
                                     "one needs return_sequences=True",
}


def keras_hints(message: str) -> list[str]:
    """Plain-words hints for Keras errors learners commonly hit while building a model."""
    return [hint for pattern, hint in KERAS_ERROR_HINTS.items() if pattern in message]


class TrainingChecks:
    """Mixed into ``Trial``: ``_training`` is the run's ``TrainingRun`` (None for other modes)."""

    _training = None

    def check_model(self) -> None:
        """Fail with the first problem of the learner's model (shapes, loss, budgets), untrained."""
        outcome = self._training_outcome()
        if problems := outcome.get("problems"):
            more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
            raise CheckFailed(problems[0] + more)
        if outcome.get("error") and outcome.get("stage") != "train":
            raise LearnerError(outcome["error"], "")
        if outcome.get("failure"):
            raise TrainingNotRun(outcome["failure"], outcome["reason"])

    def reach_target(self) -> dict:
        """Fail unless the freshly trained model reaches the exercise's target on held-out data."""
        outcome, spec = self._training_outcome(), self._training.spec
        if outcome.get("problems") or (outcome.get("error") and outcome.get("stage") != "train"):
            raise CheckFailed("not trained: fix the model first (see the check above)")
        if outcome.get("error"):
            raise LearnerError(outcome["error"], "")
        if outcome.get("failure"):
            raise TrainingNotRun(outcome["failure"], outcome["reason"])
        if outcome.get("skipped"):
            raise TrainingNotRun("skipped", outcome["skipped"])
        if outcome.get("problem"):
            raise CheckFailed(outcome["problem"])
        value, name = outcome["value"], spec.metric
        relation = "≥" if spec.higher_is_better else "≤"
        if not spec.meets(value):
            raise CheckFailed(f"test {name} {value:.4f} on held-out data, but the target is {relation} "
                              f"{spec.target:g} ({spec.dataset}, trained {outcome.get('train_seconds', 0):.0f} s)")
        return outcome

    def train_contrast(self) -> dict:
        """Train the exercise's contrast model (``[training] contrast`` names the learner's builder)
        once the graded one reached its target; shown beside it, never graded. Its result:
        ``{"value", ...}`` or ``{"problem": ...}``."""
        outcome = self.reach_target()
        if not self._training.spec.contrast:
            raise TypeError("this exercise has no contrast model ([training] contrast)")
        if "value" not in outcome:
            return {}
        builder = self._training.spec.contrast
        try:
            return self._training.train_contrast(
                lambda module, function, *args: self._call_in(module, function, args, {}, builder))
        except (CheckFailed, LearnerError) as problem:  # not graded: reported beside the result
            self._training.outcome = {**self._training.outcome, "contrast": {"builder": builder,
                                                                             "problem": str(problem)}}
            return self._training.outcome["contrast"]

    def _training_outcome(self) -> dict:
        if self._training is None:
            raise TypeError("check_model() and reach_target() are for exercises with mode = \"architecture\"")
        if self._training.outcome is None:
            try:
                description = self._training.describe(
                    lambda module, function, *args: self._call_in(module, function, args, {}, "build_model"))
            except ValueError as exc:  # JSONDecodeError included: the sandbox's answer is the learner's
                raise CheckFailed(f"your model could not be described: {exc}") from None
            except LearnerError as crashed:
                self._training.outcome = {"problems": ["build_model() raised an error (see above)"]}
                raise LearnerError(sentences(str(crashed), *keras_hints(str(crashed))), crashed.traceback) from None
            if problem := description.get("problem"):
                raise CheckFailed(problem)
            self._training.train(description)
        return self._training.outcome

    def model_layers(self) -> list[dict]:
        """The layers of the learner's model as described (``{"class_name", "config"}`` each, nested
        models flattened), for checks that require a kind of layer: the trainer rebuilt this same config."""
        self._training_outcome()
        return self._training.layers()
