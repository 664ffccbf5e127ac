#!/usr/bin/env bash
# Tries dltutor as a new user would, in a real terminal: starts `dltutor` on a fresh workspace in a
# detached tmux session (120x40, then again at 80x24, the size most terminals open with: there the
# editor and the side pane take turns), presses every key shown in the footers of the course screen and
# the exercise screen (plus ?, Ctrl+P and Esc), reads the screen after each (capture-pane) and checks
# that the key did what its footer says. Ends with q and checks that dltutor and every process it
# started (sandboxes) are gone.
#
#   scripts/tmux_smoke.sh            # both sizes; PASS/FAIL lines; exit code 0 when all passed
#   SIZE=80x24 scripts/tmux_smoke.sh # one size
#   DLTUTOR=/path/to/dltutor KEEP=1 scripts/tmux_smoke.sh   # another dltutor; keep the workspace
#
# Needs tmux. Not part of pytest: it drives the real terminal and takes about a minute per size.
set -u

if [ -z "${SIZE:-}" ]; then
    status=0
    for size in 120x40 80x24; do
        echo "== $size"
        SIZE=$size "$0" "$@" || status=1
    done
    exit $status
fi
WIDTH=${SIZE%x*}
HEIGHT=${SIZE#*x}
NARROW=$([ "$WIDTH" -lt 100 ] && echo 1 || echo "")

REPO=$(cd "$(dirname "$0")/.." && pwd)
DLTUTOR=${DLTUTOR:-$REPO/.venv/bin/dltutor}
PYTHON=${PYTHON:-$REPO/.venv/bin/python}
SESSION="dltutor-smoke-$$"
WORK=$(mktemp -d)
WS="$WORK/workspace"
SCREEN="$WORK/screen.txt"
failures=0
passes=0

command -v tmux >/dev/null || { echo "FAIL tmux is not installed"; exit 2; }
[ -x "$DLTUTOR" ] || { echo "FAIL no dltutor at $DLTUTOR (set DLTUTOR=...)"; exit 2; }

cleanup() {
    tmux kill-session -t "$SESSION" 2>/dev/null
    if [ -z "${KEEP:-}" ]; then rm -rf "$WORK"; else echo "kept $WORK"; fi
}
trap cleanup EXIT

# What the first exercise of the course looks like, to know what to expect on screen.
eval "$("$PYTHON" - "$REPO" <<'EOF'
import shlex, sys
from tutor.course import load_course
course = load_course(sys.argv[1])
first = course.exercises[0]
lesson = next(line for line in first.lesson_path.read_text().splitlines()[1:] if line.strip())
values = {"FIRST_TITLE": first.title, "FIRST_FILE": first.file, "HINTS": len(first.hints),
          "LESSON_WORDS": " ".join(lesson.split()[:4]),
          "COUNT": len(course.exercises)}
for name, value in values.items():
    print(f"{name}={shlex.quote(str(value))}")
EOF
)"

# An "external editor" that appends a line and exits, standing in for $VISUAL.
cat > "$WORK/fake_editor.sh" <<'EOF'
#!/bin/sh
printf '# written by the external editor\n' >> "$1"
EOF
chmod +x "$WORK/fake_editor.sh"

pass() { echo "PASS $1"; passes=$((passes + 1)); }
fail() { echo "FAIL $1"; failures=$((failures + 1)); sed 's/^/     | /' "$SCREEN" | tail -n 42; }
capture() { tmux capture-pane -p -t "$SESSION" > "$SCREEN" 2>/dev/null; }
# A pause after each key, as a person makes: a key sent right after Esc would read as Alt+key.
keys() { local key; for key in "$@"; do tmux send-keys -t "$SESSION" "$key"; sleep 0.3; done; }
typed() { tmux send-keys -t "$SESSION" -l "$1"; sleep 0.3; }

# seen PATTERN [SECONDS]: the screen shows PATTERN (extended regex) within SECONDS.
seen() {
    local deadline=$((SECONDS + ${2:-10}))
    while :; do
        capture
        grep -qE -- "$1" "$SCREEN" && return 0
        [ "$SECONDS" -ge "$deadline" ] && return 1
        sleep 0.2
    done
}
# gone PATTERN [SECONDS]: the screen stops showing PATTERN within SECONDS.
gone() {
    local deadline=$((SECONDS + ${2:-10}))
    while :; do
        capture
        grep -qE -- "$1" "$SCREEN" || return 0
        [ "$SECONDS" -ge "$deadline" ] && return 1
        sleep 0.2
    done
}
footer_has() {  # the last line (the footer) shows $1 within 5 s
    local deadline=$((SECONDS + 5))
    until capture; tail -n 1 "$SCREEN" | grep -qF -- "$1"; do
        [ "$SECONDS" -ge "$deadline" ] && return 1
        sleep 0.2
    done
}
expect() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }

descendants() {  # every process below pid $1
    local child
    for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
        echo "$child"
        descendants "$child"
    done
}

echo "dltutor: $DLTUTOR; workspace: $WS; first exercise: $FIRST_TITLE ($FIRST_FILE)"
tmux new-session -d -s "$SESSION" -x "$WIDTH" -y "$HEIGHT" \
    "env DLTUTOR_WORKSPACE='$WS' VISUAL='$WORK/fake_editor.sh' TERM=xterm-256color '$DLTUTOR'; echo \$? > '$WORK/rc'"
SHELL_PID=$(tmux display-message -p -t "$SESSION" '#{pane_pid}')

# -- course screen: footer "⏎ Open  / Filter  q Quit  f1 Help  ^p palette" ------------------------
expect "dltutor opens on the welcome view, naming the new workspace" seen "was just created at" 30
expect "the status bar names the workspace" grep -qF "$WS" "$SCREEN"
for word in Open Filter Quit Help palette; do
    expect "course footer shows '$word'" footer_has "$word"
done

keys '?'
expect "? opens the help" seen "Everywhere"
expect "help lists the course and exercise keys" grep -q "Exercise" "$SCREEN"
keys Escape
expect "Esc closes the help" gone "Everywhere"
keys F1
expect "F1 opens the help" seen "Everywhere"
keys q
expect "q closes the help (and does not quit)" gone "Everywhere"

keys C-p
expect "Ctrl+P opens the command palette" seen "Search for commands"
typed "Open: $FIRST_TITLE"
expect "the palette finds the exercise" seen "Open: $FIRST_TITLE"
keys Escape
expect "Esc closes the palette" gone "🔎"

keys /
typed "softmax"
expect "/ filters the list (summary counts the matches)" seen "passed · [0-9]+ match"
keys Escape
expect "Esc clears the filter" gone "match(es)?$|· [0-9]+ match"

keys Down
expect "↓ highlights the first exercise and shows its lesson" seen "Enter opens it"
expect "the lesson beside the list is the first exercise's" seen "$LESSON_WORDS"
keys Enter
if [ -n "$NARROW" ]; then  # the editor alone at the full width; F6 brings the side pane
    expect "Enter opens the exercise in the editor" seen "─ $FIRST_FILE ─"
    FOOTER_WORDS="Save+check Check Hint Results Back Help palette"
else
    expect "Enter opens the exercise in the editor" seen "─ $FIRST_FILE ─.*Results +Lesson +Hints +Solution"
    FOOTER_WORDS="Save+check Check Hint Results Lesson Error Watch Solution Back Help palette"
fi

# -- exercise screen ------------------------------------------------------------------------------
for word in $FOOTER_WORDS; do
    expect "exercise footer shows '$word'" footer_has "$word"
done
keys F6
expect "F6 shows the results" seen "Not checked yet"
keys F6
expect "F6 again goes back to the editor" seen "─ $FIRST_FILE ─"

keys C-g
expect "Ctrl+G without a verdict says there is no error line" seen "no error line"
keys C-s
expect "Ctrl+S saves and checks (the starter gets a verdict)" seen "(error|failed) · 0 of [0-9]+ points" 90
gone "no error line" 15 >/dev/null  # the first notice has timed out
keys C-g
expect "Ctrl+G after a verdict without a traceback says there is no error line" seen "no error line"

# Another editor saves a file that raises on line 6: watch mode checks it; Ctrl+G goes there.
printf '%s\n' 'import numpy as np' '' '' 'def neuron(x, w, b, activation="sigmoid"):' \
    '    z = x @ w + b' '    return z.no_such_attribute' > "$WS/$FIRST_FILE"
expect "watch mode checks a file saved by another editor" seen "‼ error · 0 of [0-9]+ points" 90
expect "the verdict shows the learner's traceback" seen "AttributeError"
expect "the verdict offers Ctrl+G" seen "Ctrl\+G puts the cursor on line 6"
keys C-g
expect "Ctrl+G puts the cursor on the failing line (Ln 6, Col 5)" seen "Ln 6, Col 5"

keys F2
expect "F2 shows hint 1" seen "Hint 1 of $HINTS"
keys F3
expect "F3 shows the lesson" seen "$LESSON_WORDS"
keys F10
expect "F10 before a pass says the solution opens after one" seen "opens once your|Not yet"
keys F9
expect "F9 turns watch mode off" seen "[Ww]atch( mode)? off"
keys F9
expect "F9 turns watch mode on again" seen "[Ww]atch( mode)? on"

keys C-g  # back in the editor (at 80 columns it shares the screen with nothing)
typed "# unsaved"
expect "typing marks the editor unsaved" seen "unsaved changes"
keys F5
expect "F5 checks the saved file and says unsaved edits are left out" seen "unsaved edits are not" 30
seen "(error|failed) · 0 of [0-9]+ points" 90 >/dev/null
keys Escape
expect "Esc with unsaved edits asks first" seen "Leave without saving"
keys n
expect "n stays on the exercise" gone "Leave without saving"

keys F4
if [ -n "$NARROW" ]; then  # the verdict of the editor's save takes the screen: read the file itself
    expect "F4 runs \$VISUAL (saving first), which wrote the file" bash -c \
        "sleep 3; grep -q 'written by the external editor' '$WS/$FIRST_FILE'"
else
    expect "F4 runs \$VISUAL (saving first) and shows what it wrote" seen "written by the external editor" 30
fi
expect "the editor's save is checked" seen "(error|failed) · 0 of [0-9]+ points" 90

keys F8
expect "F8 asks before resetting" seen "to its starter\?"
keys n
expect "n keeps the file" gone "to its starter\?"
expect "the file is unchanged after n" grep -q "written by the external editor" "$WS/$FIRST_FILE"
keys F8
seen "to its starter\?" >/dev/null
keys y
expect "y resets to the starter (and says so)" seen "Restored the starter"
expect "the starter is back in the editor" gone "written by the external editor"

keys F1
expect "F1 opens the help on the exercise screen" seen "Everywhere"
keys Escape
expect "Esc closes it" gone "Everywhere"
keys C-p
expect "Ctrl+P opens the palette on the exercise screen" seen "Search for commands"
typed "Solution"
expect "the palette offers the exercise's actions" seen "Show the reference solution"
keys Escape
gone "🔎" >/dev/null
sleep 1  # the palette hands the focus back to the editor

keys BTab  # leave the editor: letters are keys again (the help says so)
keys h
expect "h (outside the editor) shows the next hint" seen "Hint 2 of $HINTS"
keys w
expect "w (outside the editor) toggles watch mode" seen "[Ww]atch( mode)? off"
keys w
seen "[Ww]atch( mode)? on" >/dev/null

keys Escape
expect "Esc goes back to the course list" seen "About this course"
# (a narrow list cuts long titles with …: their first words are enough)
expect "the course list shows the checked exercise's status" seen "(‼ error|✘ failed) +${FIRST_TITLE:0:10}"

# -- quit -------------------------------------------------------------------------------------------
DLTUTOR_PID=$(ps -o pid= --ppid "$SHELL_PID" | head -n 1 | tr -d ' ')
CHILDREN=$(descendants "$DLTUTOR_PID")
[ -n "$CHILDREN" ] && echo "dltutor ($DLTUTOR_PID) has $(echo "$CHILDREN" | wc -w) processes below it (warm sandboxes)"
keys q
deadline=$((SECONDS + 15))
while tmux has-session -t "$SESSION" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
expect "q quits: the tmux session ended" bash -c "! tmux has-session -t '$SESSION' 2>/dev/null"
expect "dltutor exited with status 0" grep -qx 0 "$WORK/rc"
left=""
for pid in $DLTUTOR_PID $CHILDREN; do
    [ -e "/proc/$pid" ] && left="$left $pid"
done
expect "no dltutor process or sandbox is left${left:+ (left:$left)}" test -z "$left"

echo "$passes passed, $failures failed"
[ "$failures" -eq 0 ]
