"""Source kind bt-es: real Spanish sentences with Apertium's English (data.sources.bt)."""

from __future__ import annotations

from data.sources.bt import BackTranslated


class BtEs(BackTranslated):
    kind = "bt-es"
    language = "es"
