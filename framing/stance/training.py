"""Training the `learned` engine's head on NewsMTSC: `python -m framing train --engine learned`.

Reads NewsMTSC train (never the project's gold set, which is the test for this corpus),
computes the frozen encoder's features (cached, see `framing.stance.learned`), trains one
head per setting of a small grid with a fixed seed, keeps the setting with the best mean
macro-F1 over dev_rw and dev_mt, and writes `head.safetensors` + `head.json`. The JSON
records everything needed to redo it: the encoder's name and weights hash, the feature
recipe, the label order, the data files and their hashes, the seed, the grid with every
dev score, and the versions of torch and transformers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from framing import paths
from framing.stance.learned import (
    DEFAULT_ENCODER,
    DEFAULT_RECIPE,
    HEAD_CONFIG,
    HEAD_WEIGHTS,
    LABELS,
    Encoder,
    Head,
    Recipe,
    build_head,
)

TRAIN_SPLIT = "train"
DEV_SPLITS = ("dev_rw", "dev_mt")

#: Feature recipes compared in docs/learned-engine.md (`--recipe NAME` trains any of them).
RECIPES = {
    r.name: r
    for r in (
        DEFAULT_RECIPE,
        Recipe(name="sentence+target, last layer", layers=(-1,), pools=("sentence", "target")),
        Recipe(name="cls+sentence+target, layers 3-6", layers=(3, 4, 5, 6), pools=("cls", "sentence", "target")),
        Recipe(
            name="sentence+target+left+right, layers 3-6",
            layers=(3, 4, 5, 6),
            pools=("sentence", "target", "left", "right"),
        ),
        Recipe(name="pair: sentence+target, last layer", layers=(-1,), pools=("sentence", "target"), pair=True),
    )
}


@dataclass(frozen=True)
class HeadSettings:
    hidden: int  # 0: logistic regression
    epochs: int
    weight_decay: float = 0.01
    dropout: float = 0.1
    lr: float = 1e-3
    batch_size: int = 64


#: Logistic regression or one hidden layer, stopped early (the head overfits within ~10 epochs).
DEFAULT_GRID = tuple(HeadSettings(hidden=hidden, epochs=epochs) for hidden in (0, 256) for epochs in (3, 5, 10, 20))


def file_sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def fit_head(features: np.ndarray, labels: Sequence[int], settings: HeadSettings, *, seed: int = 0) -> Head:
    """Train one head (AdamW, cross-entropy, shuffled mini-batches), deterministically for a seed."""
    import torch

    mean = features.mean(0)
    scale = features.std(0) + 1e-6
    x = torch.tensor((features - mean) / scale, dtype=torch.float32)
    y = torch.tensor(list(labels), dtype=torch.long)
    threads = torch.get_num_threads()
    # One thread: sums are then added in the same order on every machine (bit-identical
    # heads), and for a head this small it is also faster than two.
    torch.set_num_threads(1)
    try:
        torch.manual_seed(seed)  # the head's initial weights and dropout masks
        network = build_head(x.shape[1], settings.hidden, settings.dropout)
        optimiser = torch.optim.AdamW(network.parameters(), lr=settings.lr, weight_decay=settings.weight_decay)
        order = torch.Generator().manual_seed(seed)
        network.train()
        for _ in range(settings.epochs):
            permutation = torch.randperm(len(x), generator=order)
            for start in range(0, len(x), settings.batch_size):
                batch = permutation[start : start + settings.batch_size]
                loss = torch.nn.functional.cross_entropy(network(x[batch]), y[batch])
                optimiser.zero_grad()
                loss.backward()
                optimiser.step()
        network.eval()
    finally:
        torch.set_num_threads(threads)
    config = {"n_features": int(x.shape[1]), "head": asdict(settings)}
    return Head(config, mean.astype(np.float32), scale.astype(np.float32), network)


def train_learned(
    *,
    out: str | Path,
    encoder: str = DEFAULT_ENCODER,
    recipe: Recipe = DEFAULT_RECIPE,
    newsmtsc_dir: str | Path = paths.NEWSMTSC_DIR,
    grid: Sequence[HeadSettings] = DEFAULT_GRID,
    seed: int = 0,
    batch_size: int = 32,
    device: str | None = None,
    allow_download: bool = False,
    cache_dir: str | Path | None = None,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Train the head, write it to `out`, and return its config (also in out/head.json)."""
    import torch
    import transformers

    from framing.evaluate import load_newsmtsc, metrics

    newsmtsc_dir = Path(newsmtsc_dir)
    split_paths = {s: newsmtsc_dir / f"{s}.jsonl" for s in (TRAIN_SPLIT, *DEV_SPLITS)}
    missing = [str(p) for p in split_paths.values() if not p.is_file()]
    if missing:
        raise FileNotFoundError(
            f"NewsMTSC files not found: {', '.join(missing)}. Get NewsMTSC from its authors' repository "
            "(fhamborg/NewsMTSC on GitHub) and point --newsmtsc at the folder holding train/dev_rw/dev_mt.jsonl."
        )
    features_of = Encoder(
        encoder, recipe, batch_size=batch_size, device=device, allow_download=allow_download, cache_dir=cache_dir
    )
    data = {}
    for split, path in split_paths.items():
        gold = load_newsmtsc(path)
        log(f"{split}: {len(gold.items)} targets; computing features (cached after the first run)")
        x = features_of.features([i.text for i in gold.items], [i.span for i in gold.items])  # type: ignore[misc]
        data[split] = (x, [[label.value for label in LABELS].index(g) for g in gold.labels])
    log(f"encoder batches run: {features_of.forward_calls}")

    tried = []
    best: tuple[float, Head, dict[str, float]] | None = None
    for settings in grid:
        head = fit_head(*data[TRAIN_SPLIT], settings, seed=seed)
        scores = {}
        for split in DEV_SPLITS:
            x, y = data[split]
            predicted = head.probabilities(x).argmax(1)
            names = [label.value for label in LABELS]
            scores[split] = round(metrics([names[i] for i in y], [names[i] for i in predicted]).macro_f1, 4)
        mean_f1 = float(np.mean(list(scores.values())))
        tried.append({**asdict(settings), **{f"{s}_macro_f1": v for s, v in scores.items()}})
        log(
            f"  hidden={settings.hidden} epochs={settings.epochs}: "
            + ", ".join(f"{s} {v:.3f}" for s, v in scores.items())
        )
        if best is None or mean_f1 > best[0]:  # ties keep the earlier (simpler) setting
            best = (mean_f1, head, scores)
    assert best is not None, "empty grid"
    _, head, scores = best
    head.config = {
        "engine": "learned",
        "encoder": {"name": encoder, "sha256": features_of.sha256},
        "languages": ["en"] if encoder == DEFAULT_ENCODER else [],
        "recipe": asdict(recipe),
        "labels": [label.value for label in LABELS],
        "n_features": head.config["n_features"],
        "head": head.config["head"],
        "seed": seed,
        "training_data": {
            "source": "NewsMTSC (Hamborg & Donnay, EACL 2021), https://github.com/fhamborg/NewsMTSC",
            "train": {"file": split_paths[TRAIN_SPLIT].name, "sha256": file_sha256(split_paths[TRAIN_SPLIT])},
            "tuned_on": {s: {"file": split_paths[s].name, "sha256": file_sha256(split_paths[s])} for s in DEV_SPLITS},
        },
        "dev_macro_f1": scores,
        "grid": tried,
        "selection": "best mean macro-F1 over dev_rw and dev_mt; ties keep the earlier setting",
        "made_by": f"python -m framing train --engine learned --recipe '{recipe.name}' --seed {seed}"
        + (f" --encoder {encoder}" if encoder != DEFAULT_ENCODER else ""),
        "versions": {"torch": torch.__version__.split("+")[0], "transformers": transformers.__version__},
    }
    head.save(out)
    log(f"wrote {Path(out) / HEAD_WEIGHTS} + {HEAD_CONFIG}: {head.config['head']}, dev macro-F1 {scores}")
    return head.config
