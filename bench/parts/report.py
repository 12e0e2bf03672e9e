"""results.md (tables of every part, the targets met or NOT met), results.png and scaling.png, made from
results.json alone, so that `python -m bench run --report-only` redraws them without measuring."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench.parts.context import RESULTS_FILE
from bench.parts.plots import plot_ratios, plot_scaling
from bench.parts.targets import Target, ratio, targets

NAMES = {
    "ours": "ours",
    "ours-bf16": "ours, bf16 autocast",
    "joey": "Joey NMT 2.3.0",
    "onmt": "OpenNMT-py 3.5.1",
    "apertium": "Apertium eng-spa",
    "ours-batching": "ours, dynamic batching",
    "ours-no-batching": "ours, batching off",
    "onmt_server": "OpenNMT-py onmt_server",
}


def number(value: float | None, digits: int = 0) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def times(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}x"


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    return [
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
        *("| " + " | ".join(r) + " |" for r in rows),
    ]


def heading(title: str, part: dict[str, Any]) -> list[str]:
    quick = " (--quick smoke test)" if part.get("quick") else ""
    load = "/".join(f"{x:.1f}" for x in part.get("load_average", []))
    load = f"; load average (1/5/15 min) at the end {load}" if load else ""
    return ["", f"## {title}", "", f"Measured {part['date']}{quick}{load}.", ""]


def runs(count: int) -> str:
    return f"{count} run" + ("s" if count != 1 else "")


def failed(system: str, figures: dict[str, Any], columns: int) -> list[str]:
    message = " ".join(figures["error"].split())[:160]
    return [NAMES.get(system, system), f"failed: {message}", *[""] * (columns - 2)]


def training_section(part: dict[str, Any]) -> list[str]:
    systems = part["systems"]
    ours = systems.get("ours", {}).get("tokens_per_s")
    rows = []
    for name, s in systems.items():
        if "error" in s:
            rows.append(failed(name, s, 8))
            continue
        rows.append(
            [
                NAMES[name],
                number(s["tokens_per_s"]),
                ", ".join(number(r["tokens_per_s"]) for r in s["runs"]),
                number(s["tokens_per_s_median_window"]),
                number(s["sentences_per_step"], 1),
                number(s["tokens_per_step"]),
                number(s["params"]),
                "" if name.startswith("ours") else times(ratio(ours, s["tokens_per_s"])),
            ]
        )
    batch = systems.get("ours", {}).get("batch_tokens")
    return [
        *heading("1. Training throughput (target tokens/s)", part),
        "Preset `speed` for all (GRU, bidirectional encoder 256, decoder 256, embeddings 256, one layer, "
        f"no dropout), {part['steps']} updates, median of {runs(part['repeats'])}. Steady state: target "
        "subwords + EOS of the updates after the first tenth, over their time "
        "(`bench.peers.common.steady_state`, the same for all three). Peers: 64 sentences per update; "
        f"ours: `batch_tokens: {batch}`, the smallest token budget whose first-epoch batches average 64 "
        "sentences.",
        "",
        *table(
            [
                "system",
                "tokens/s",
                "runs",
                "median of 10-update windows",
                "sentences/update",
                "tokens/update",
                "parameters",
                "ours / system",
            ],
            rows,
        ),
    ]


def translation_section(part: dict[str, Any]) -> list[str]:
    systems = part["systems"]
    rows = []
    for name, searches in systems.items():
        if "error" in searches:
            rows.append(failed(name, searches, 9))
            continue
        for search, s in searches.items():
            ours = systems.get("ours", {}).get(search, {})
            mine = name.startswith("ours") or name == "apertium"
            rows.append(
                [
                    NAMES[name],
                    search,
                    number(s["sentences_per_s"], 1),
                    number(s["tokens_per_s"]),
                    number(s["tgt_tokens"] / s["sentences"], 1),
                    number(s.get("bleu"), 1),
                    number(s.get("chrf"), 1),
                    "" if mine else times(ratio(ours.get("sentences_per_s"), s["sentences_per_s"])),
                    "" if mine else times(ratio(ours.get("tokens_per_s"), s["tokens_per_s"])),
                ]
            )
    return [
        *heading("2. Batch translation of the test chapters", part),
        f"{part['sentences']} sentences, greedy and beam {part['beam_size']} (alpha {part['alpha']}), "
        f"batches of {part['batch_sentences']} sentences "
        f"(ours: `decoding.batch_tokens: {part['ours_batch_tokens']}`), "
        f"each toolkit with its own model of the part-1 recipe trained {part.get('decode_steps', '?')} "
        "updates (output lengths differ, hence target tokens/s). Peers' time excludes their start-up "
        "and model loading; Apertium's is its whole pipeline.",
        "",
        *table(
            [
                "system",
                "search",
                "sentences/s",
                "tokens/s",
                "tokens/sentence",
                "BLEU",
                "chrF",
                "ours / system (sent/s)",
                "(tok/s)",
            ],
            rows,
        ),
    ]


def service_section(part: dict[str, Any]) -> list[str]:
    rows: list[list[str]] = []
    by_level: dict[int, dict[str, float]] = {}
    for name, s in part["systems"].items():
        if "error" in s:
            rows.append(failed(name, s, 8))
            continue
        for level in s["levels"]:
            by_level.setdefault(level["concurrency"], {})[name] = level["rps"]
            rows.append(
                [
                    NAMES[name],
                    str(level["concurrency"]),
                    number(level["rps"], 1),
                    *(number(level[f"p{p}_ms"], 1) for p in (50, 95, 99)),
                    f"{level['errors']} / {level['requests']}",
                    number(level.get("sentences_per_call"), 2),
                ]
            )
    ratio_rows = [
        [
            str(clients),
            times(ratio(rps.get("ours-batching"), rps.get("onmt_server"))),
            times(ratio(rps.get("ours-batching"), rps.get("ours-no-batching"))),
        ]
        for clients, rps in sorted(by_level.items())
    ]
    off = part["systems"].get("ours-no-batching", {}).get("settings", {})
    answers = "; ".join(
        f'{NAMES[n]}: "{s["answer"]}" (tokens: {s.get("answer_tokens", "?")})'
        for n, s in part["systems"].items()
        if "answer" in s
    )
    answered = f" The answers (their length sets the work): {answers}." if answers else ""
    return [
        *heading("3. The service: one sentence per request, beam 5", part),
        f'Text: "{part["text"]}". Ours: `python -m api` serving the model of part 2; batching off is '
        + ", ".join(f"`{k}={v}`" for k, v in off.items())
        + " (one sentence per model call; the last column, from /metrics, shows it). OpenNMT-py: "
        "`onmt_server` with its part-2 model. Load: wrk (`bench.wrk`), one keep-alive connection per client."
        + answered,
        "",
        *table(
            ["server", "clients", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "sentences per call"], rows
        ),
        "",
        *table(["clients", "req/s ours / onmt_server", "req/s batching on / off"], ratio_rows),
    ]


def int8_section(part: dict[str, Any]) -> list[str]:
    precisions = part["precisions"]
    fp32 = precisions.get("fp32", {})
    rows = [
        [
            name,
            number(p["sentences_per_s"], 1),
            number(p["tokens_per_s"]),
            number(p["bleu"], 2),
            number(p["chrf"], 2),
            times(ratio(p["sentences_per_s"], fp32.get("sentences_per_s"))),
            number(p["bleu"] - fp32["bleu"], 2) if "bleu" in fp32 else "–",
        ]
        for name, p in precisions.items()
    ]
    return [
        *heading("4. CPU precision on the shipped model", part),
        f"`{part['model']}`, {part['sentences']} test sentences, beam {part['beam_size']}, batches of 64 "
        "sentences on average.",
        "",
        *table(
            ["precision", "sentences/s", "tokens/s", "BLEU", "chrF", "speed vs fp32", "BLEU change"], rows
        ),
    ]


def roofline_section(part: dict[str, Any]) -> list[str]:
    peak = part["peak"]
    rows = [
        [
            search,
            str(d["beam_size"]),
            f"{d['flops_per_token'] / 1e6:.1f} M",
            number(d["tokens_per_s"]),
            number(d["gflops"], 1),
            number(d["percent_of_peak"], 1),
        ]
        for search, d in part["decoding"].items()
    ]
    return [
        *heading("5. Decoding against the matmul peak", part),
        f"Peak: **{peak['gflops']:.1f} GFLOP/s**, float32 `torch.matmul` of {peak['size']} x {peak['size']} "
        f"matrices, median of {peak['runs']}. Decoding: `{part['model']}`, {part['sentences']} test "
        f"sentences (mean source {part['mean_source_tokens']:.1f} subwords), "
        f"batches of {part['batch_sentences']}; "
        "FLOPs per target token from `bench.parts.roofline.decoder_flops_per_step` (decoder matmuls only) "
        "x beam size.",
        "",
        *table(["search", "beam", "FLOPs/token", "tokens/s", "achieved GFLOP/s", "% of peak"], rows),
    ]


def scaling_section(part: dict[str, Any]) -> list[str]:
    batch_rows = [
        [str(r["batch"]), number(r["seconds"], 3), number(r["sentences_per_s"], 1)] for r in part["batch"]
    ]
    length_rows = [
        [r["bin"], number(r["mean_length"], 1), str(r["sentences"]), number(r["seconds"] * 1000, 1)]
        for r in part["length"]
    ]
    beam_rows = [
        [str(r["beam"]), number(r["seconds"], 3), number(r["sentences_per_s"], 1)] for r in part["beam"]
    ]
    return [
        *heading("6. Scaling of `Translator.translate` (shipped model, fp32)", part),
        "![scaling](scaling.png)",
        "",
        f"Batch size (sentences of the median length, {part['median_length']} subwords; "
        f"beam {part['beam_size']}):",
        "",
        *table(["batch", "seconds per call", "sentences/s"], batch_rows),
        "",
        f"Sentence length (each sentence alone, beam {part['beam_size']}; median time per sentence):",
        "",
        *table(["source subwords", "mean", "sentences", "ms per sentence"], length_rows),
        "",
        f"Beam size ({part['beam_batch']} sentences per call; beam 1 is greedy):",
        "",
        *table(["beam", "seconds per call", "sentences/s"], beam_rows),
    ]


SECTIONS = {
    "training": training_section,
    "translation": translation_section,
    "service": service_section,
    "int8": int8_section,
    "roofline": roofline_section,
    "scaling": scaling_section,
}


def measured(target: Target) -> str:
    return "–" if target.value is None else f"{target.value:.2f}{target.unit}"


def render(data: dict[str, Any]) -> str:
    parts = data.get("parts", {})
    machine = data.get("machine", {})
    lines = [
        "# Benchmark results",
        "",
        "Made by `make bench` (`python -m bench run`; tables and plots: `python -m bench run --report-only`) "
        f"on {machine.get('cpu', '?')}, {machine.get('threads', '?')} threads "
        f"({machine.get('logical_cpus', '?')} logical CPUs), torch {machine.get('torch', '?')}, "
        f"Python {machine.get('python', '?')}. Figures: `results.json`.",
    ]
    if any(p.get("quick") for p in parts.values()):
        lines += [
            "",
            "**Some parts come from a `--quick` smoke test: tiny sizes, their figures mean nothing.**",
        ]
    rows = [
        [t.name, measured(t), t.rule, "**NOT met**" if t.met is False else t.verdict] for t in targets(parts)
    ]
    lines += ["", "## Targets", "", *table(["target", "measured", "wanted", "result"], rows)]
    lines += ["", "![ratios ours / peer](results.png)"]
    for name, section in SECTIONS.items():
        if name in parts:
            lines += section(parts[name])
    return "\n".join(lines) + "\n"


def write_report(out: Path) -> list[Path]:
    """results.md, results.png and (with part 6) scaling.png in `out`, from out/results.json."""
    data = json.loads((out / RESULTS_FILE).read_text(encoding="utf-8"))
    parts = data.get("parts", {})
    written = [out / "results.md", out / "results.png"]
    written[0].write_text(render(data), encoding="utf-8")
    plot_ratios(parts, written[1])
    if "scaling" in parts:
        written.append(out / "scaling.png")
        plot_scaling(parts["scaling"], written[-1])
    return written
