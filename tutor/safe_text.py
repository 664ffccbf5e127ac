"""Makes untrusted text safe where it enters the grader: valid Unicode, no invisible controls, capped.

Everything a sandbox sends back (values, messages, tracebacks, output) and every name a
submission chose (its folder) passes through ``clean`` once, at the edge. After that every
reporter can write it: a JSON file (no lone surrogates), JUnit XML (no character XML 1.0
forbids) and a terminal (no escape sequences, no carriage return rewriting a line, no
bidirectional overrides hiding text). Forbidden characters are not dropped but shown, as
``\\x1b`` or ``\\u202e``, so a reader sees that something was there.
"""

from __future__ import annotations

import hashlib
import re

# Terminal colour codes (Keras colours its errors): removed, not shown, since they carry no meaning.
_CSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
_SURROGATES = re.compile("[\ud800-\udfff]")
# C0 controls but tab and newline, DEL, C1 controls, bidirectional controls, and XML's non-characters.
_SHOWN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]")
DEFAULT_LIMIT = 64 * 1024


def _shown(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: object, limit: int | None = DEFAULT_LIMIT) -> str:
    """``text`` as safe, capped text: lone surrogates become U+FFFD, controls are shown escaped."""
    if not isinstance(text, str):
        text = str(text)
    text = _SURROGATES.sub("\ufffd", text)
    text = _CSI.sub("", text.replace("\r\n", "\n"))
    text = _SHOWN.sub(_shown, text)
    if limit is not None and len(text) > limit:
        text = text[:limit] + f"\n… cut: {len(text) - limit} more characters\n"
    return text


def clean_data(value, limit: int | None = DEFAULT_LIMIT, _depth: int = 0):
    """Every string inside plain data (lists, tuples, dicts, keys included) made safe with ``clean``."""
    if isinstance(value, str):
        return clean(value, limit)
    if _depth > 64:
        return value
    if type(value) in (list, tuple):
        return type(value)(clean_data(v, limit, _depth + 1) for v in value)
    if type(value) is dict:
        return {clean(k, limit) if isinstance(k, str) else k: clean_data(v, limit, _depth + 1)
                for k, v in value.items()}
    return value


def display_name(raw: str) -> str:
    """A name a submission chose (its folder), safe to show and still unique: when cleaning had
    to change it, a short digest of the original keeps two such names apart."""
    shown = clean(raw, 120).replace("\n", "\\n").replace("\t", "\\t")
    if shown == raw:
        return raw
    digest = hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{shown}~{digest}"
