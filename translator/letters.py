"""Spanish letters without their marks: the one place the lexicon, the euphony rules, the reading of
text typed without accents (`translator.typed`) and its bench (`bench.typed`) take them from."""

_MARKED = "áéíóú"
_BARE = "aeiou"

# Vowels without their written accent ("está" -> "esta"); ü and ñ are kept.
UNACCENTED = str.maketrans(_MARKED + _MARKED.upper(), _BARE + _BARE.upper())
# What a keyboard without Spanish keys types: no accents, u for ü, n for ñ ("Contraseña" -> "Contrasena").
PLAIN = str.maketrans(_MARKED + "üñ" + (_MARKED + "üñ").upper(), _BARE + "un" + (_BARE + "un").upper())


def dropping(table: dict[int, int], characters: str) -> dict[int, int | None]:
    """`table` (a str.maketrans table) that also deletes `characters`."""
    return {**table, **dict.fromkeys(map(ord, characters))}
