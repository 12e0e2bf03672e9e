"""Language names for people: the service's language list and the model cards say "Spanish", not "es"."""

from __future__ import annotations

import pycountry


def language_name(code: str) -> str:
    """ "Spanish" for "es"; the code itself when ISO 639 does not know it."""
    language = pycountry.languages.get(alpha_2=code) or pycountry.languages.get(alpha_3=code)
    return language.name if language else code
