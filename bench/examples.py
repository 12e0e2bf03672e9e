"""A dozen everyday sentences each way, translated by our models and by Apertium, unedited.

    python -m bench examples [--model en-es=models/en-es] [--model es-en=models/es-en] \\
        [--out bench/examples.md]

The sentences are ours, written for this table (not from any training or test set). The output is the
Markdown the README's quality section shows.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.quality import parse_models
from translator.apertium import apertium_translate
from translator.errors import TranslatorError, cli_error
from translator.facade import Translator

OUT = Path(__file__).resolve().parent / "examples.md"
SENTENCES = {
    "en-es": [
        "Where is the train station?",
        "I would like a cup of coffee, please.",
        "My phone battery is almost dead.",
        "Can you send me the file by email?",
        "The meeting has been moved to Thursday at 3 pm.",
        "I forgot my password.",
        "How much does this shirt cost?",
        "We need to buy bread and milk.",
        "Click Save to keep your changes.",
        "She has been learning Spanish for two years.",
        "The doctor said I should rest for a few days.",
        "It is raining, so take an umbrella.",
    ],
    "es-en": [
        "¿Dónde está la estación de tren?",
        "Quisiera una taza de café, por favor.",
        "La batería de mi teléfono está casi agotada.",
        "¿Me puedes enviar el archivo por correo?",
        "La reunión se ha movido al jueves a las tres.",
        "Olvidé mi contraseña.",
        "¿Cuánto cuesta esta camisa?",
        "Tenemos que comprar pan y leche.",
        "Haz clic en Guardar para conservar los cambios.",
        "Ella lleva dos años aprendiendo inglés.",
        "El médico dijo que debo descansar unos días.",
        "Está lloviendo, así que lleva un paraguas.",
    ],
}


def cell(text: str) -> str:
    return text.replace("|", "\\|")


def table(direction: str, model: str) -> str:
    translator = Translator.load(model)
    sources = SENTENCES[direction]
    ours = [r.text for r in translator.translate(sources)]  # the model's default decoding, as served
    apertium = apertium_translate(sources, translator.src_lang, translator.tgt_lang)
    step = translator.metadata["step"]
    lines = [f"| {direction} source | ours ({model}, step {step}) | Apertium |", "|---|---|---|"]
    lines += [
        f"| {cell(s)} | {cell(o)} | {cell(a)} |" for s, o, a in zip(sources, ours, apertium, strict=True)
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    p = argparse.ArgumentParser(prog="python -m bench examples", description=__doc__.splitlines()[0])
    p.add_argument("--model", action="append", default=[], metavar="DIRECTION=PATH")
    p.add_argument("--out", type=Path, default=OUT, help="default: bench/examples.md")
    args = p.parse_args(argv)
    try:
        tables = [table(direction, model) for direction, model in parse_models(args.model).items()]
    except TranslatorError as exc:
        return cli_error(exc)
    text = "\n\n".join(tables) + "\n"
    args.out.write_text(f"`{' '.join(['python -m bench examples', *argv])}`:\n\n{text}", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
