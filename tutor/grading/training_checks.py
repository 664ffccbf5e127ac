"""Checks of architecture exercises (DESIGN §4): the model is described in the sandbox, checked,
measured and trained by the trusted trainer; the ``Trial`` methods a Keras exercise's checks.py calls.

What the trainer found becomes the learner's terms: ``problems`` (refused by the allowlist, wrong
shapes, loss or budgets) fail the model check; an ``error`` while building, compiling or training
their model (out of memory included) is a ``LearnerError``, status ``error``, on the model check
(stage ``build``) or the training check (stage ``train``); only the grader's own faults stay
``ungradable`` (``TrainingNotRun``). Structure checks read ``model_facts()``, measured by the trainer
on the model it rebuilt, before any training; when one fails (``fail_structure``), the training
check says so instead of training a model that lacks what the lesson is about.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tutor.grading.feedback import CheckFailed, LearnerError, TrainingNotRun, sentences
from tutor.training.protocol import ModelFacts

if TYPE_CHECKING:  # a numpy check never loads the training run's modules
    from tutor.training.session import TrainingRun

KERAS_ERROR_HINTS = {
    "expected min_ndim=4, found ndim=3": "Conv2D needs images with a channel axis: keras.Input(shape=(8, 8, 1)), "
                                         "not (8, 8)",
    "expected ndim=3, found ndim=2": "A recurrent layer reads sequences, (time steps, features per step): "
                                     "keras.Input(shape=(steps, features)), e.g. (8, 8) for 8 rows of 8 "
                                     "pixels or (40, 1) for 40 values of one feature; a recurrent layer that feeds another "
                                     "one needs return_sequences=True",
}
NOT_CHECKED = "not checked: build_model() must build a model that fits the task first (see the check above)"


def path_problem(facts: ModelFacts, kind: str, *, what: str, add: str, where: str = "the input") -> str:
    """Why not every path from the input to the output passes through a ``kind`` layer that counts."""
    found = facts.layers_of(kind)
    if not found:
        return f"your model has no {what} (it has {', '.join(facts.kinds()) or 'no layers'}): {add}"
    trainable = [layer for layer in found if layer.trainable]
    if not trainable:
        return (f"your {what} {found[0].name!r} is frozen (trainable=False), so it keeps its initial weights "
                "and learns nothing: remove trainable=False")
    reading = [layer for layer in trainable if layer.steps != 1]
    if not reading:
        return (f"your {what} {trainable[0].name!r} reads a single time step, so it has nothing to carry from "
                f"one step to the next: give it the whole sequence, (time steps, features per step)")
    aside = [layer for layer in reading if not layer.every_path]
    if aside:
        return (f"your {what} {aside[0].name!r} sits on a side branch: another path from {where} to the output "
                f"goes around it, so the rest of the model can learn without it. Put it in the main line")
    return f"not every path from {where} to the output passes through a {what}: {add}"


def keras_hints(message: str) -> list[str]:
    """Plain-words hints for Keras errors learners commonly hit while building a model."""
    return [hint for pattern, hint in KERAS_ERROR_HINTS.items() if pattern in message]


class TrainingChecks:
    """Mixed into ``Trial``: ``_training`` is the run's ``TrainingRun`` (None for other modes)."""

    _training: TrainingRun | None = None
    _call_in: Any  # Trial's: calls a function of a module in the learner's sandbox

    @property
    def _run(self) -> TrainingRun:
        if self._training is None:
            raise TypeError("check_model() and reach_target() are for exercises with mode = \"architecture\"")
        return self._training


    def check_model(self) -> None:
        """Fail with the first problem of the learner's model (shapes, loss, budgets), untrained."""
        outcome = self._structure_outcome()
        if problems := outcome.get("problems"):
            more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
            raise CheckFailed(problems[0] + more)
        if outcome.get("error") and outcome.get("stage") != "train":
            raise LearnerError(outcome["error"], "")
        if outcome.get("failure"):
            raise TrainingNotRun(outcome["failure"], outcome["reason"])

    def model_facts(self) -> ModelFacts:
        """What the trusted trainer measured on the model it rebuilt (``tutor.training.protocol``):
        parameters, the code width, the layers every input-to-output path passes through. A model
        with problems is not measured: this check then says to fix it first."""
        outcome = self._structure_outcome()
        facts = self._run.facts()
        if facts is None:
            if outcome.get("failure") and not outcome.get("problems"):
                raise TrainingNotRun(outcome["failure"], outcome["reason"])
            raise CheckFailed(NOT_CHECKED)
        return facts

    def fail_structure(self, message: str) -> None:
        """Fail a structure check: the model lacks what the lesson is about, so it is not trained."""
        self._run.structure_failures.append(message)
        raise CheckFailed(message)

    def require_on_every_path(self, kind: str, *, what: str, add: str, where: str = "the input",
                              times: int = 1) -> ModelFacts:
        """Fail (``fail_structure``) unless every input-to-output path passes through ``times`` layers of
        ``kind`` that count: trainable, and a recurrent one reading more than one time step. The
        message names what is wrong ("has no convolution (it has Flatten, Dense)", frozen, a single
        step, a side branch) in terms of ``what`` ("convolution") and says what to do (``add``)."""
        facts = self.model_facts()
        if facts.depth(kind) < times:
            self.fail_structure(path_problem(facts, kind, what=what, add=add, where=where))
        return facts

    def reach_target(self) -> dict:
        """Fail unless the freshly trained model reaches the exercise's target on held-out data."""
        spec = self._run.spec
        structure = self._structure_outcome()
        if structure.get("problems") or (structure.get("error") and structure.get("stage") != "train"):
            raise CheckFailed("not trained: fix the model first (see the check above)")
        if self._run.structure_failures and spec.gate_structure:
            raise CheckFailed("not trained: your model lacks what this exercise is about (see the check above)")
        assert self._run.description is not None  # _structure_outcome() described the model
        outcome = self._run.train(self._run.description)
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
            message = (f"test {name} {value:.4f} on held-out data, but the target is {relation} {spec.target:g} "
                       f"({spec.dataset}, trained {outcome.get('train_seconds', 0):.0f} s)")
            epochs, trained = len(self._run.losses), self._run.training_score()
            if trained is not None and spec.meets(trained):
                message += (f". On its training rows your model reaches {name} {trained:.4f}: it fits them far "
                            "better than new data, so it overfits: make it smaller or regularize it (training "
                            "longer would not help)")
            elif self._run.still_improving() and epochs < spec.max_epochs:
                message += (f". Your training loss was still falling when training stopped after {epochs} epochs "
                            f"(the budget allows {spec.max_epochs}): train longer, with more EPOCHS")
            raise CheckFailed(message)
        return outcome

    def train_contrast(self) -> dict:
        """Train the exercise's contrast model (``[training] contrast`` names the learner's builder)
        once the graded one reached its target; shown beside it, never graded. Its result:
        ``{"value", ...}`` or ``{"problem": ...}``."""
        outcome = self.reach_target()
        if not self._run.spec.contrast:
            raise TypeError("this exercise has no contrast model ([training] contrast)")
        if "value" not in outcome or not self._run.spec.contrast_trained:
            return {}
        builder = self._run.spec.contrast
        try:
            return self._run.train_contrast(
                lambda module, function, *args: self._call_in(module, function, args, {}, builder))
        except (CheckFailed, LearnerError) as problem:  # not graded: reported beside the result
            contrast = {"builder": builder, "problem": str(problem)}
            self._run.outcome = {**(self._run.outcome or {}), "contrast": contrast}
            return contrast

    def _structure_outcome(self) -> dict:
        """The structure job's result (the learner's model described in the sandbox first)."""
        if self._run.structure is None:
            description = self._run.description
            if description is None:
                try:
                    description = self._run.describe(
                        lambda module, function, *args: self._call_in(module, function, args, {}, "build_model"))
                except ValueError as exc:  # JSONDecodeError included: the sandbox's answer is the learner's
                    raise CheckFailed(f"your model could not be described: {exc}") from None
                except LearnerError as crashed:
                    self._run.structure = {"problems": ["build_model() raised an error (see above)"]}
                    raise LearnerError(sentences(str(crashed), *keras_hints(str(crashed))),
                                       crashed.traceback) from None
                if problem := description.get("problem"):
                    self._run.structure = {"problems": [problem]}
                    raise CheckFailed(problem)
            self._run.inspect(description)
        structure = self._run.structure
        assert structure is not None  # inspect() keeps the structure job's result
        return structure

    def model_layers(self) -> list[dict]:
        """The layers of the learner's model as described (``{"class_name", "config"}`` each, nested
        models flattened). What a check certifies about structure comes from ``model_facts()``, measured
        on the rebuilt model; this is for wording messages in the learner's own terms."""
        self._structure_outcome()
        return self._run.layers()
