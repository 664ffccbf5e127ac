"""IMDB LSTM: the model is described in the sandbox, rebuilt, measured and trained by dltutor's trusted
trainer; the structure check reads what the trainer measured on the rebuilt model."""

from tutor.grading.api import check


@check("your model fits the task: input (200,), a binary output (one sigmoid unit with binary cross-entropy, "
       "or two softmax units with sparse categorical cross-entropy), within budget", points=1)
def fits_the_task(t):
    t.check_model()


@check("your model embeds the words and reads them with an LSTM, on every path to the output", points=1)
def embeds_and_reads_with_an_lstm(t):
    facts = t.require_on_every_path(
        "Embedding", what="Embedding layer", where="the word numbers",
        add="the inputs are word numbers, and keras.layers.Embedding(10000, 32) turns each one into a learned "
            "vector; put it right after keras.Input(shape=(200,))")
    if not facts.on_every_path("LSTM") and facts.layers_of("SimpleRNN") and not facts.layers_of("LSTM"):
        t.fail_structure("your model reads the review with a SimpleRNN: this exercise is about an LSTM, whose "
                         "gates carry what it read 200 words ago; use keras.layers.LSTM(32)")
    t.require_on_every_path("LSTM", what="LSTM layer", where="the word numbers",
                            add="this exercise is about an LSTM reading the review word by word: "
                                "keras.layers.LSTM(32) after the Embedding")


@check("test accuracy ≥ 0.78 on 10,000 IMDB test reviews", points=3)
def reaches_the_target(t):
    t.reach_target()
