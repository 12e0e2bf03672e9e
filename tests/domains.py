"""A copy of a test model trained, as its config says, with source tags: what `domain` options need."""

from __future__ import annotations

from pathlib import Path

from translator.checkpoint import load_checkpoint, save_checkpoint
from translator.config import replace

# As the shipped models: the Bible's tag is a domain, back-translation's is not.
TAGS = {"bible": "<bible>", "names-bible": "<bible>", "bt-es": "<bt>"}


def tagged_copy(model_dir: Path, out_dir: Path, tags: dict[str, str] = TAGS) -> Path:
    """`model_dir`'s model.pt written to `out_dir` with training.source_tags set to `tags`."""
    ckpt = load_checkpoint(model_dir / "model.pt")
    out_dir.mkdir(parents=True, exist_ok=True)
    save_checkpoint(
        out_dir / "model.pt",
        model_state=ckpt.model_state,
        config=replace(ckpt.config, "training", source_tags=tags),
        tokenizer=ckpt.tokenizer,
        step=ckpt.step,
        metrics=ckpt.metrics,
    )
    return out_dir
