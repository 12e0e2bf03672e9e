"""Source kind bt-en: real English sentences with Apertium's Spanish (data.sources.bt)."""

from __future__ import annotations

from data.sources.bt import BackTranslated


class BtEn(BackTranslated):
    kind = "bt-en"
    language = "en"
