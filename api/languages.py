"""Language facts for the LibreTranslate endpoints: English names and language identification.

Identification uses py3langid (a naive Bayes model shipped inside the package, so it works
offline), restricted to the languages the loaded models know.
"""

from __future__ import annotations

from dataclasses import dataclass

from py3langid.langid import MODEL_FILE, LanguageIdentifier


@dataclass(frozen=True)
class Detection:
    language: str
    confidence: float  # percent, as LibreTranslate reports it


class LanguageDetector:
    def __init__(self, languages: list[str]) -> None:
        """languages: the candidates; codes py3langid does not know are left out."""
        self._identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        self.languages = sorted(set(languages) & set(self._identifier.labels))
        if self.languages:
            self._identifier.set_languages(self.languages)

    def detect(self, text: str, candidates: list[str] | None = None) -> list[Detection]:
        """Candidates ranked by confidence, best first; restricted to `candidates` when given."""
        if not self.languages:
            return []
        scores = [
            (language, probability)
            for language, probability in self._identifier.rank(text)
            if candidates is None or language in candidates
        ]
        # Probabilities are normalised over all loaded languages; renormalise over the candidates.
        total = sum(probability for _, probability in scores) or 1.0
        return [Detection(language, round(100 * probability / total, 2)) for language, probability in scores]
