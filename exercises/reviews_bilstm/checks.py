"""Padded reviews: the model is described in the sandbox, rebuilt, measured and trained by dltutor's
trusted trainer; the learner's SimpleRNN is trained the same way beside it, never graded.

The structure check reads the facts the trainer measured on the rebuilt model: every path from the
word ids to the output passes through a Bidirectional LSTM that trains, and the LSTM receives the
padding mask (from Embedding(mask_zero=True) or Masking).
"""

from tutor.grading.api import CheckFailed, check


@check("your model fits the task: input (30,), one sigmoid output, a loss for 0/1 labels, within budget", points=1)
def fits_the_task(t):
    t.check_model()


@check("build_model() reads the words both ways with an LSTM that skips the padding", points=1)
def masked_bidirectional_lstm(t):
    facts = t.model_facts()
    if facts.layers_of("SimpleRNN") and not facts.layers_of("LSTM"):
        t.fail_structure("build_model() uses SimpleRNN: this exercise grades an LSTM, keras.layers.LSTM(8) inside "
                         "Bidirectional; the SimpleRNN belongs in build_simple_rnn(), trained beside it")
    t.require_on_every_path("LSTM", what="LSTM layer", where="the word ids",
                            add="read the embedded words with keras.layers.Bidirectional(keras.layers.LSTM(8))")
    if not facts.on_every_path("Bidirectional"):
        t.fail_structure("your LSTM reads the reviews in one direction only: wrap it, "
                         "keras.layers.Bidirectional(keras.layers.LSTM(8)), so a backward LSTM reads them too")
    if not any(layer.masked for layer in facts.layers_of("LSTM")):
        t.fail_structure("your LSTM also reads the padding: each review ends in up to 22 zeros, which without a "
                         "mask it reads as words after the last real one; pass mask_zero=True to the Embedding "
                         "(or put keras.layers.Masking(0.0) before the recurrent layer)")


@check("test accuracy ≥ 0.85 on the 400 held-out reviews", points=3)
def reaches_the_target(t):
    t.reach_target()


@check("beside it, build_simple_rnn() trained the same way, for comparison (not graded)", points=0)
def simple_rnn_for_comparison(t):
    try:
        t.train_contrast()  # its result, or its problem, shows in the training line; never a failure
    except CheckFailed:
        t.fail("not trained: the SimpleRNN is trained for comparison once your LSTM reaches the target")
