"""The Apertium rule-based system: translate lines with `apertium`, one output per input. Evaluation and
the bench score it as a baseline; the source kinds bt-en and bt-es translate monolingual text with it.

Line alignment: apertium's text deformatter treats a single newline as ordinary whitespace, so its
transfer rules can move words from one line into the next while the line count stays the same
("no period\\nMr. Smith went." came out as "Ningún Herrero\\nde Señor del periodo ..."). A blank line
makes the deformatter mark a sentence end, which no rule crosses, so lines are sent separated by
blank lines and the output is split on them and counted.
"""

from __future__ import annotations

import shutil
import subprocess

from translator.errors import TranslatorError

# Apertium names languages by ISO 639-3 code.
APERTIUM_CODES = {"en": "eng", "es": "spa"}
INSTALL_HINT = "apt-get install apertium apertium-eng-spa"
SEPARATOR = "\n\n"


class ApertiumError(TranslatorError, RuntimeError):
    """Apertium or its language pair is missing, it failed, or its output lost line alignment."""


def apertium_pair(src_lang: str, tgt_lang: str) -> str:
    """The Apertium mode name for a language direction, e.g. en, es -> eng-spa."""
    try:
        return f"{APERTIUM_CODES[src_lang]}-{APERTIUM_CODES[tgt_lang]}"
    except KeyError:
        raise ApertiumError(
            f"no Apertium baseline for {src_lang}->{tgt_lang}; supported languages: {sorted(APERTIUM_CODES)}"
        ) from None


def _run(args: list[str], text: str = "") -> str:
    """stdout of `apertium ARGS` fed `text`; ApertiumError when it is absent or fails."""
    if shutil.which("apertium") is None:
        raise ApertiumError(f"the `apertium` command is not installed; run `{INSTALL_HINT}`")
    proc = subprocess.run(
        ["apertium", *args], input=text, capture_output=True, text=True, encoding="utf-8", check=False
    )
    if proc.returncode != 0:
        # apertium writes some errors to stdout, so both streams are shown.
        detail = " ".join((proc.stderr + " " + proc.stdout).split())[:300]
        raise ApertiumError(f"`apertium {' '.join(args)}` failed (exit {proc.returncode}): {detail}")
    return proc.stdout


def _check_pair(pair: str) -> None:
    installed = _run(["-l"]).split()
    if pair not in installed:
        raise ApertiumError(
            f"the Apertium language pair {pair} is not installed (found: {installed or 'none'}); "
            f"run `{INSTALL_HINT}`"
        )


def apertium_translate(
    lines: list[str], src_lang: str, tgt_lang: str, unknown_marks: bool = False
) -> list[str]:
    """Translate each line with Apertium; blank lines stay blank. Apertium's unknown-word marks (`*word`
    not in its dictionaries, `@word` not in the bilingual one, `#word` a form it cannot generate) are
    dropped unless `unknown_marks`, for callers that count them.

    The result has exactly one line per input line; ApertiumError if apertium's output cannot be
    aligned, rather than silently shifting translations against their references.
    """
    pair = apertium_pair(src_lang, tgt_lang)
    _check_pair(pair)
    # Whitespace is collapsed so no line holds a newline that would be taken for a separator.
    texts = [" ".join(line.split()) for line in lines]
    todo = [i for i, text in enumerate(texts) if text]
    results = [""] * len(lines)
    if not todo:
        return results
    stdout = _run([pair] if unknown_marks else ["-u", pair], SEPARATOR.join(texts[i] for i in todo) + "\n")
    outputs = stdout.removesuffix("\n").split(SEPARATOR)
    if len(outputs) != len(todo):
        raise ApertiumError(
            f"apertium {pair} returned {len(outputs)} segments for {len(todo)} input lines; "
            "cannot align its translations with the references"
        )
    for i, output in zip(todo, outputs, strict=True):
        results[i] = output.strip()
    return results
