"""The ratios ours/peer and the project's speed targets, computed from results.json's parts (pure functions).

A figure that was not measured (part not run, a system that failed) gives None, and a target built on
it reads "not measured" rather than met or not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SERVICE_CLIENTS = 32  # the concurrency the service targets are set at


@dataclass(frozen=True)
class Ratio:
    name: str  # e.g. "training tokens/s, ours / Joey NMT"
    value: float | None
    target: float | None  # the ratio wanted, if any


@dataclass(frozen=True)
class Target:
    name: str
    value: float | None
    threshold: float
    at_least: bool  # True: value >= threshold; False: value <= threshold (or < with strict)
    unit: str = ""
    strict: bool = False

    @property
    def met(self) -> bool | None:
        if self.value is None:
            return None
        if self.at_least:
            return self.value > self.threshold if self.strict else self.value >= self.threshold
        return self.value < self.threshold if self.strict else self.value <= self.threshold

    @property
    def verdict(self) -> str:
        return {None: "not measured", True: "met", False: "NOT met"}[self.met]

    @property
    def rule(self) -> str:
        sign = (">" if self.strict else ">=") if self.at_least else ("<" if self.strict else "<=")
        return f"{sign} {self.threshold:g}{self.unit}"


def dig(data: Any, *keys: Any) -> Any:
    """data[k1][k2]..., or None where a key (or index) is missing."""
    for key in keys:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def service_level(parts: dict[str, Any], system: str, clients: int = SERVICE_CLIENTS) -> dict | None:
    levels = dig(parts, "service", "systems", system, "levels") or []
    return next((level for level in levels if level["concurrency"] == clients), None)


def training_speed(parts: dict[str, Any], system: str) -> float | None:
    return dig(parts, "training", "systems", system, "tokens_per_s")


def decoding_speed(parts: dict[str, Any], system: str, decode: str) -> float | None:
    return dig(parts, "translation", "systems", system, decode, "sentences_per_s")


def service_speed(parts: dict[str, Any], system: str) -> float | None:
    return dig(service_level(parts, system), "rps")


def precision_figure(parts: dict[str, Any], precision: str, key: str) -> float | None:
    return dig(parts, "int8", "precisions", precision, key)


def ratios(parts: dict[str, Any]) -> list[Ratio]:
    """Every ratio that results.md and results.png show, with its target where one is set."""
    found = []
    target: float | None
    for ours, label in (("ours", "ours"), ("ours-bf16", "ours with bf16 autocast")):
        for peer, name, target in (("joey", "Joey NMT", 2.0), ("onmt", "OpenNMT-py", 1.5)):
            value = ratio(training_speed(parts, ours), training_speed(parts, peer))
            found.append(Ratio(f"training tokens/s, {label} / {name}", value, target))
    for peer, name, goals in (("onmt", "OpenNMT-py", (2.0, 1.5)), ("joey", "Joey NMT", (None, None))):
        for decode, target in zip(("beam", "greedy"), goals, strict=True):
            value = ratio(decoding_speed(parts, "ours", decode), decoding_speed(parts, peer, decode))
            search = "beam-5" if decode == "beam" else "greedy"
            found.append(Ratio(f"{search} sentences/s, ours / {name}", value, target))
    at = f"service req/s at {SERVICE_CLIENTS} clients"
    batching = service_speed(parts, "ours-batching")
    for other, label, target in (
        ("onmt_server", "ours / onmt_server", 5.0),
        ("ours-no-batching", "batching on / off", 3.0),
    ):
        found.append(Ratio(f"{at}, {label}", ratio(batching, service_speed(parts, other)), target))
    fp32 = precision_figure(parts, "fp32", "sentences_per_s")
    for precision, target in (("int8", 1.5), ("bf16", None)):
        value = ratio(precision_figure(parts, precision, "sentences_per_s"), fp32)
        found.append(Ratio(f"sentences/s, {precision} / fp32 (shipped model)", value, target))
    return found


def targets(parts: dict[str, Any]) -> list[Target]:
    """The targets, in the order results.md lists them."""
    checks = [Target(r.name, r.value, r.target, at_least=True, unit="x") for r in ratios(parts) if r.target]
    p99_ms = dig(service_level(parts, "ours-batching"), "p99_ms")
    p99 = Target(
        f"service p99 latency at {SERVICE_CLIENTS} clients (ours, batching on)",
        None if p99_ms is None else p99_ms / 1000,
        1.0,
        at_least=False,
        unit=" s",
        strict=True,
    )
    checks.insert(6, p99)
    fp32_bleu, int8_bleu = (precision_figure(parts, p, "bleu") for p in ("fp32", "int8"))
    lost = None if fp32_bleu is None or int8_bleu is None else fp32_bleu - int8_bleu
    checks.append(Target("BLEU lost by int8 (fp32 - int8, beam 5)", lost, 0.5, at_least=False))
    share = dig(parts, "roofline", "decoding", "beam", "percent_of_peak")
    checks.append(
        Target("decoding share of the matmul peak (batch 64, beam 5)", share, 30.0, at_least=True, unit=" %")
    )
    return checks
