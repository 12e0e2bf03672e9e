"""Synthetic pairs for everyday verb forms: who did what, when, asked and denied ("I forgot the password."
↔ "Olvidé la contraseña.", "Does she speak English?" ↔ "¿Habla ella inglés?", "We won't wait." ↔ "No
esperaremos."), from a list of common verbs written for this project, conjugated by Apertium's English
and Spanish generators.

The corpus is interface text, manuals and the Bible: first and second persons and the preterite are rare
in it, and the models garbled them where users write them: "Olvidé mi contraseña." → "I remember my
password.", "Do you speak French?" → "¿Habéis francés?", "I forgot my password." → "Me olvido mi
contraseña." (bench/recipes/general.md, try 25). `verb_pairs` writes a verb of `VERBS` in a person, a
tense (present, preterite, future, present perfect) and a form (statement, negation, question), with the
verb's object or a time adverb now and then, as source kind `VERBS_KIND`, which `training.verb_pairs` adds
to a run and `training.source_weights` weighs like any other kind.

The forms come from a table committed beside this module (`verb_forms.tsv`), which `python -m
training.verbs --table` writes with Apertium's generators (`lt-proc -g`, packages apertium and
apertium-eng-spa): training needs neither. English "you" is Spanish "tú", "usted" or "ustedes", drawn;
Spanish leaves out the subject pronoun where the verb's ending says it (yo, tú, nosotros, ellos) and
keeps "él", "ella", "usted", "ustedes". A pair whose English or Spanish side is a whole line of a dev or
test split (`training.places.held_out_lines`: "I forgot.") is drawn again. `DEV_VERBS` are held out of
training for a check set (`python -m training.verbs --source en`).
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from training.numerals import check_set_args
from translator.errors import TranslatorError

VERBS_KIND = "verbs"
LICENCE = (
    "verb forms: apertium-eng-spa's generators (GPL-2), written to training/verb_forms.tsv; verbs, "
    "objects and frames written for this project (training/verbs.py, the project's licence)"
)
TABLE = Path(__file__).with_name("verb_forms.tsv")
GENERATORS = Path("/usr/share/apertium/apertium-eng-spa")


@dataclass(frozen=True)
class Verb:
    en: str  # lemma
    es: str  # infinitive
    object_en: str = ""  # an object the verb takes, or none
    object_es: str = ""


def read_verbs(text: str) -> tuple[Verb, ...]:
    """Verbs from lines "English | Spanish [| English object | Spanish object]"."""
    rows = [[field.strip() for field in line.split("|")] for line in text.strip().splitlines()]
    return tuple(Verb(*row) for row in rows)


# Common verbs in their everyday sense, with an object that fits both sides where they take one. The
# Spanish object has its personal "a" where it names a person ("al médico").
VERBS = read_verbs("""
forget | olvidar | the password | la contraseña
remember | recordar | the address | la dirección
speak | hablar | English | inglés
eat | comer | the bread | el pan
drink | beber | the water | el agua
read | leer | the book | el libro
write | escribir | a letter | una carta
buy | comprar | a car | un coche
sell | vender | the house | la casa
open | abrir | the door | la puerta
close | cerrar | the window | la ventana
find | encontrar | the keys | las llaves
lose | perder | the game | el partido
need | necesitar | help | ayuda
want | querer | a coffee | un café
know | saber | the answer | la respuesta
understand | entender | the question | la pregunta
learn | aprender | Spanish | español
study | estudiar | history | historia
play | jugar | chess | al ajedrez
watch | ver | the film | la película
hear | oír | the music | la música
call | llamar | the doctor | al médico
help | ayudar | my mother | a mi madre
visit | visitar | the museum | el museo
clean | limpiar | the kitchen | la cocina
cook | cocinar | dinner | la cena
wash | lavar | the dishes | los platos
pay | pagar | the bill | la cuenta
send | enviar | the message | el mensaje
receive | recibir | the package | el paquete
break | romper | the glass | el vaso
fix | arreglar | the bike | la bicicleta
build | construir | a house | una casa
draw | dibujar | a map | un mapa
sing | cantar | a song | una canción
dance | bailar
run | correr
walk | caminar
swim | nadar
sleep | dormir
work | trabajar
arrive | llegar
leave | salir
come | venir
go | ir
return | volver
wait | esperar
win | ganar | the game | el partido
start | empezar | the class | la clase
finish | terminar | the work | el trabajo
try | probar | the soup | la sopa
cut | cortar | the bread | el pan
bring | traer | the wine | el vino
take | tomar | the bus | el autobús
drive | conducir | the car | el coche
ask | preguntar
answer | contestar | the phone | el teléfono
use | usar | the computer | el ordenador
change | cambiar | the password | la contraseña
believe | creer | the story | la historia
think | pensar
decide | decidir
live | vivir
smoke | fumar
shout | gritar
grow | crecer
invite | invitar | my friends | a mis amigos
hate | odiar | the cold | el frío
prefer | preferir | tea | el té
accept | aceptar | the offer | la oferta
print | imprimir | the document | el documento
save | guardar | the file | el archivo
delete | borrar | the file | el archivo
download | descargar | the file | el archivo
install | instalar | the program | el programa
order | pedir | a pizza | una pizza
fly | volar
jump | saltar
plant | plantar | a tree | un árbol
count | contar | the money | el dinero
spend | gastar | the money | el dinero
steal | robar | the money | el dinero
show | mostrar | the photos | las fotos
forgive | perdonar
listen | escuchar | to the radio | la radio
""")

# The verbs above that read well without their object too ("I forgot.", "Did you win?"): they leave it out
# 40% of the time; the others always take theirs ("You don't use." is no sentence).
OBJECT_OPTIONAL = frozenset(
    "forget remember eat drink read write know understand learn study play hear clean cook pay lose win "
    "start finish answer draw sing count drive listen paint explain choose repeat translate sign".split()
)

# Held out of training: the check set's verbs.
DEV_VERBS = read_verbs("""
translate | traducir | the text | el texto
sign | firmar | the contract | el contrato
rent | alquilar | an apartment | un apartamento
hide | esconder | the money | el dinero
paint | pintar | the wall | la pared
explain | explicar | the problem | el problema
choose | elegir | a colour | un color
repeat | repetir | the question | la pregunta
cry | llorar
travel | viajar
""")

# The table's Spanish person order, and Apertium's tags for each person.
_PERSONS_ES = (("p1", "sg"), ("p2", "sg"), ("p3", "sg"), ("p1", "pl"), ("p3", "pl"))
TENSES = ("present", "past", "future", "perfect")
_TENSE_TAGS = {"present": "pri", "past": "ifi", "future": "fti"}
EN_FORMS = ("base", "third", "past", "participle")
_EN_TAGS = {
    "base": "<vblex><inf>",
    "third": "<vblex><pri><p3><sg>",
    "past": "<vblex><past>",
    "participle": "<vblex><pp>",
}
COLUMNS = (
    "en", "es", *EN_FORMS,
    *(f"{tense}_{p}{n}" for tense in ("present", "past", "future") for p, n in _PERSONS_ES),
    "participle_es",
)  # fmt: skip
HABER = ("he", "has", "ha", "hemos", "han")


@dataclass(frozen=True)
class Person:
    en: str  # the English subject
    third: bool  # English third person singular ("speaks", "does", "has")
    index: int  # the Spanish form, in _PERSONS_ES order
    es: str  # the Spanish subject pronoun a sentence keeps, or "" where the ending says it


# "you" is "tú" twice as often as "usted" or "ustedes".
PERSONS = (
    Person("I", False, 0, ""),
    Person("you", False, 1, ""),
    Person("you", False, 1, ""),
    Person("you", False, 2, "usted"),
    Person("you", False, 4, "ustedes"),
    Person("he", True, 2, "él"),
    Person("she", True, 2, "ella"),
    Person("we", False, 3, ""),
    Person("they", False, 4, ""),
)
ADVERBS = {
    "present": (("every day", "todos los días"), ("on Sundays", "los domingos")),
    "past": (("yesterday", "ayer"), ("last night", "anoche"), ("last week", "la semana pasada")),
    "future": (("tomorrow", "mañana"), ("next week", "la semana que viene"), ("tonight", "esta noche")),
    "perfect": (("today", "hoy"),),
}
FORMS = ("statement", "negation", "question")


class VerbTableError(TranslatorError, RuntimeError):
    """The verb table is missing a verb or unreadable, or the generators cannot write it."""


def read_table(path: Path = TABLE) -> dict[tuple[str, str], dict[str, str]]:
    """The verb table: (English lemma, Spanish infinitive) -> each column's form."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise VerbTableError(f"{path}: unreadable verb table ({exc})") from None
    if not lines or tuple(lines[0].split("\t")) != COLUMNS:
        raise VerbTableError(f"{path}: not a verb table (its first line is not {' '.join(COLUMNS)})")
    table = {}
    for number, line in enumerate(lines[1:], 2):
        fields = line.split("\t")
        if len(fields) != len(COLUMNS) or not all(fields):
            raise VerbTableError(f"{path}:{number}: {len(COLUMNS)} non-empty fields wanted")
        row = dict(zip(COLUMNS, fields, strict=True))
        table[row["en"], row["es"]] = row
    return table


def generate(lines: list[str], generator: Path) -> list[str]:
    """Each line of Apertium lexical units ("^olvidar<vblex><ifi><p1><sg>$") as `lt-proc -g` writes it."""
    if shutil.which("lt-proc") is None:
        raise VerbTableError("writing the verb table needs lt-proc (apt-get install apertium-eng-spa)")
    if not generator.is_file():
        raise VerbTableError(f"{generator}: no Apertium generator (apt-get install apertium-eng-spa)")
    result = subprocess.run(
        ["lt-proc", "-g", "-z", str(generator)],
        input="\0".join(lines).encode() + b"\0",
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        raise VerbTableError(f"lt-proc -g {generator} failed: {result.stderr.decode(errors='replace')}")
    out = result.stdout.decode("utf-8").split("\0")
    if len(out) < len(lines):
        raise VerbTableError(f"lt-proc -g {generator}: {len(out)} lines back for {len(lines)}")
    return out[: len(lines)]


def table_rows(verbs: tuple[Verb, ...], generators: Path = GENERATORS) -> list[list[str]]:
    """The table's rows for `verbs`, every form written by Apertium's generators; VerbTableError naming
    the forms they could not write (a "#" before the lemma)."""
    english = [f"^{v.en}{_EN_TAGS[form]}$" for v in verbs for form in EN_FORMS]
    spanish = [
        f"^{v.es}<vblex><{tag}><{p}><{n}>$"
        for v in verbs
        for tag in _TENSE_TAGS.values()
        for p, n in _PERSONS_ES
    ] + [f"^{v.es}<vblex><pp><m><sg>$" for v in verbs]
    en = generate(english, generators / "spa-eng.autogen.bin")
    es = generate(spanish, generators / "eng-spa.autogen.bin")
    bad = [form for form in en + es if not form or form.startswith(("#", "@", "*"))]
    if bad:
        raise VerbTableError(f"the generators could not write {len(bad)} forms: {', '.join(bad[:10])}")
    per_es = len(_TENSE_TAGS) * len(_PERSONS_ES)
    finite = [es[k * per_es : (k + 1) * per_es] for k in range(len(verbs))]
    participles = es[len(verbs) * per_es :]
    return [[v.en, v.es, *en[k * 4 : k * 4 + 4], *finite[k], participles[k]] for k, v in enumerate(verbs)]


def write_table(path: Path = TABLE, generators: Path = GENERATORS) -> int:
    """Write the table of `VERBS` and `DEV_VERBS`; the number of verbs written."""
    rows = table_rows(VERBS + DEV_VERBS, generators)
    path.write_text("".join("\t".join(row) + "\n" for row in [list(COLUMNS), *rows]), encoding="utf-8")
    return len(rows)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _english(verb: dict[str, str], person: Person, tense: str, form: str, rng: random.Random) -> str:
    """The English clause without its complement: "she has forgotten", "do you speak", "I won't wait"."""
    subject = person.en
    short = rng.random() < 0.7  # "don't" rather than "do not"
    do = "does" if person.third else "do"
    have = "has" if person.third else "have"
    base, participle = verb["base"], verb["participle"]
    if tense == "present":
        if form == "statement":
            return f"{subject} {verb['third'] if person.third else base}"
        if form == "negation":
            return f"{subject} {do}n't {base}" if short else f"{subject} {do} not {base}"
        return f"{do} {subject} {base}"
    if tense == "past":
        if form == "statement":
            return f"{subject} {verb['past']}"
        if form == "negation":
            return f"{subject} didn't {base}" if short else f"{subject} did not {base}"
        return f"did {subject} {base}"
    if tense == "future":
        if form == "statement":
            return f"{subject}'ll {base}" if rng.random() < 0.3 else f"{subject} will {base}"
        if form == "negation":
            return f"{subject} won't {base}" if short else f"{subject} will not {base}"
        return f"will {subject} {base}"
    if form == "statement":
        contracted = not person.third and rng.random() < 0.3
        return f"{subject}'ve {participle}" if contracted else f"{subject} {have} {participle}"
    if form == "negation":
        return f"{subject} {have}n't {participle}" if short else f"{subject} {have} not {participle}"
    return f"{have} {subject} {participle}"


def _spanish(verb: dict[str, str], person: Person, tense: str, form: str, complement: str) -> str:
    """The Spanish sentence: "Ella ha olvidado la contraseña.", "¿Hablas inglés?", "No esperaré."."""
    if tense == "perfect":
        finite = f"{HABER[person.index]} {verb['participle_es']}"
    else:
        p, n = _PERSONS_ES[person.index]
        finite = verb[f"{tense}_{p}{n}"]
    rest = f" {complement}" if complement else ""
    if form == "question":
        subject = f" {person.es}" if person.es else ""
        return f"¿{_capitalised(finite)}{subject}{rest}?"
    negation = "no " if form == "negation" else ""
    return _capitalised(" ".join(w for w in (person.es, negation + finite) if w) + rest) + "."


def verb_pairs(
    count: int,
    src_lang: str,
    seed: int = 0,
    verbs: tuple[Verb, ...] = VERBS,
    held_out: set[str] | None = None,
    expressions: list[str] | None = None,
    table: dict[tuple[str, str], dict[str, str]] | None = None,
) -> tuple[list[str], list[str]]:
    """`count` pairs (sources, targets) for a model translating from `src_lang` ("en" or "es"): a verb of
    `verbs`, a person, a tense and a form drawn, each, with the verb's object (60% of the time for a verb
    of `OBJECT_OPTIONAL`) and a time adverb a third of the time; a pair with a side in `held_out`
    (lower-cased lines) is drawn again. The same arguments give the same pairs. expressions: where given,
    gets each target's verb form ("olvidé", "olvidado", "forgot") for a check to look for in a
    translation."""
    if src_lang not in ("en", "es"):
        raise ValueError(f"verb pairs are English-Spanish; source language {src_lang!r}")
    if count and not verbs:
        raise ValueError("verb pairs need at least one verb")
    table = read_table() if table is None else table
    missing = [f"{v.en}/{v.es}" for v in verbs if (v.en, v.es) not in table]
    if missing:
        raise VerbTableError(
            f"{TABLE}: no forms for {', '.join(missing)}; run python -m training.verbs --table"
        )
    rng = random.Random(seed)
    src: list[str] = []
    tgt: list[str] = []
    tries = 0
    while len(src) < count:
        tries += 1
        if tries > 20 * count + 100:
            raise ValueError(f"verb pairs: {len(src)} of {count} drawn; the held-out lines leave too few")
        verb = rng.choice(verbs)
        forms = table[verb.en, verb.es]
        person, tense, form = rng.choice(PERSONS), rng.choice(TENSES), rng.choice(FORMS)
        parts_en, parts_es = [], []
        if verb.object_en and (verb.en not in OBJECT_OPTIONAL or rng.random() < 0.6):
            parts_en.append(verb.object_en)
            parts_es.append(verb.object_es)
        if rng.random() < 0.33:
            adverb_en, adverb_es = rng.choice(ADVERBS[tense])
            parts_en.append(adverb_en)
            parts_es.append(adverb_es)
        clause = _english(forms, person, tense, form, rng)
        en = _capitalised(" ".join([clause, *parts_en])) + ("?" if form == "question" else ".")
        es = _spanish(forms, person, tense, form, " ".join(parts_es))
        if held_out and (en.lower() in held_out or es.lower() in held_out):
            continue
        if expressions is not None:
            expressions.append(_expression(forms, person, tense, form, src_lang))
        src.append(en if src_lang == "en" else es)
        tgt.append(es if src_lang == "en" else en)
    return src, tgt


def _expression(verb: dict[str, str], person: Person, tense: str, form: str, src_lang: str) -> str:
    """The target's verb form a right translation holds whatever its wording: Spanish "olvidé",
    "olvidado"; English the form the tense shows ("forgot" in a past statement, "forgotten"), else the
    base form the auxiliaries carry ("did you forget"), or the third person's ("tries")."""
    if src_lang == "es":
        if tense == "past" and form == "statement":
            return verb["past"]
        if tense == "present" and form == "statement" and person.third:
            return verb["third"]  # "tries"
        return verb["participle"] if tense == "perfect" else verb["base"]
    if tense == "perfect":
        return verb["participle_es"]
    p, n = _PERSONS_ES[person.index]
    return verb[f"{tense}_{p}{n}"]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--table" in argv:
        parser = argparse.ArgumentParser(
            prog="python -m training.verbs --table",
            description=f"Write {TABLE.name}: the forms of every verb, by Apertium's generators.",
        )
        parser.add_argument("--table", action="store_true", required=True)
        parser.add_argument("--out", type=Path, default=TABLE, help=f"default: {TABLE}")
        parser.add_argument("--generators", type=Path, default=GENERATORS, help=f"default: {GENERATORS}")
        args = parser.parse_args(argv)
        try:
            written = write_table(args.out, args.generators)
        except VerbTableError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(f"{args.out}: {written} verbs")
        return 0
    args = check_set_args(
        "python -m training.verbs",
        "Print the verb-form check set (verbs held out of training) or training pairs, one pair a line: "
        "source TAB reference TAB the reference's verb form (a check counts the translations that "
        "contain it, case aside). --table writes the table of verb forms instead.",
        argv,
    )
    expressions: list[str] = []
    verbs = VERBS if args.train_frames else DEV_VERBS
    src, tgt = verb_pairs(args.count, args.source, args.seed, verbs, expressions=expressions)
    for s, t, e in zip(src, tgt, expressions, strict=True):
        sys.stdout.write(f"{s}\t{t}\t{e}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
