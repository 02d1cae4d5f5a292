"""A semantic second opinion on crisis messages: sentence embeddings + a small kernel classifier.

The rule-based :class:`~chat.moderation.crisis.CrisisCheck` is explainable and fast but
recognises the constructions it was written for. This check embeds the message with
all-MiniLM-L6-v2 (:mod:`.minilm`, numpy only) and applies a small kernel classifier trained by
``bench/train_crisis_model.py`` on the labelled crisis sets. Its parameters live in
``data/crisis_semantic.npz`` (prototype embeddings and their weights, bias, calibration,
decision threshold, model id, training-set hash).

    from chat.moderation.semantic import SemanticCrisisCheck, crisis_probability, load_semantic_check

    check = load_semantic_check()              # cached: loads ~90 MB of weights once
    verdict = check.check(text, MessageContext())
    probabilities = crisis_probability(["first message", "second message"])

A message of several sentences is scored whole and sentence by sentence, and every piece is
read twice: as written and in the rules' normalised form (slang expanded, obfuscation and
keyword misspellings resolved: ``kms`` → ``kill myself``, ``k1ll`` → ``kill``); the highest
probability counts. Emoji are unknown to the model's vocabulary, so they are written out as
words first (``🔪`` → ``knife``). The check is meant to run off the send path (after the
message is stored): a typical message costs about 10-20 ms on one core, far more than the
rules.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .base import FLAG_CRISIS, Action, Check, MessageContext, Span, Verdict
from .crisis import REASON
from .minilm import DIM, MODEL_ID, MiniLMEncoder, load_encoder
from .normalize import normalize
from .rules import is_addressed

CODE = "crisis_semantic"
ARTIFACT = Path(__file__).resolve().parent / "data" / "crisis_semantic.npz"
#: At most this many sentences are scored per message (the whole message is always scored).
MAX_SENTENCES = 48
#: Text beyond this many characters is not read (chat messages are capped well below it).
MAX_CHARS = 8000
#: The model only judges messages of at least this many words (emoji written out count as
#: words). A single word carries no context: `goodbye`, `tonight` or `pills` alone scored like
#: crisis messages. Single-word crisis language (`kms`, `suicidal`, `🔪🩸`) is the rules' job.
MIN_WORDS = 2
#: ``(kind, split)`` of the labelled sets in ``data/`` the artifact is trained on. The final
#: evaluation sets (:data:`EVALUATION_SETS`) are not.
TRAINING_SETS = (
    ("crisis", "dev"),
    ("crisis", "holdout"),
    ("crisis_redteam", "a"),
    ("crisis_semantic", "train"),
    ("crisis_semantic", "train2"),
    ("crisis_semantic", "train3"),
    ("crisis_semantic", "train4"),
    ("crisis_semantic", "train5"),
    ("crisis_semantic", "train6"),
    ("crisis_semantic", "train7"),
    ("crisis_semantic", "train8"),
    ("crisis_semantic", "train9"),
    ("crisis_semantic", "train10"),
    ("crisis_semantic", "train11"),
    ("crisis_semantic", "train12"),
    ("crisis_semantic", "train13"),
    ("crisis_semantic", "train14"),
    ("crisis_semantic", "train15"),
    ("crisis_semantic", "train16"),
    ("crisis_semantic", "train17"),
    ("crisis_semantic", "train18"),
    ("crisis_semantic", "train19"),
)
#: Final evaluation sets, never read by training: ``(kind, split)``.
EVALUATION_SETS = (
    ("crisis_semantic", "eval"),
    ("crisis_redteam", "b"),
    ("crisis_fresh", "eval"),
    ("crisis_everyday", "eval"),
    ("crisis_fresh2", "eval"),
    ("crisis_fresh3", "eval"),
    ("crisis_fresh4", "eval"),
    ("crisis_fresh5", "eval"),
    ("crisis_fresh6", "eval"),
    ("crisis_fresh7", "eval"),
    ("crisis_fresh8", "eval"),
    ("crisis_fresh9", "eval"),
    ("crisis_fresh10", "eval"),
    ("crisis_fresh11", "eval"),
    ("crisis_fresh12", "eval"),
    ("crisis_fresh13", "eval"),
    ("crisis_fresh14", "eval"),
    ("crisis_fresh15", "eval"),
    ("crisis_fresh16", "eval"),
)

# Emoji the model cannot see (they are all ``[UNK]`` to its vocabulary), written out as the
# words a person would use. Other emoji fall back to their Unicode name.
_EMOJI_WORDS = {
    "💀": "skull",
    "☠": "skull",
    "😂": "laughing",
    "🤣": "laughing",
    "😹": "laughing",
    "😭": "crying",
    "😢": "crying",
    "🥲": "smiling through tears",
    "😿": "crying",
    "🔪": "knife",
    "🗡": "knife",
    "🔫": "gun",
    "💊": "pill",
    "💉": "syringe",
    "🩸": "blood",
    "🪢": "rope",
    "⚰": "coffin",
    "🪦": "grave",
    "⚱": "urn",
    "🪒": "razor",
    "✂": "scissors",
    "🩹": "bandage",
    "🌉": "bridge",
    "🚆": "train",
    "🚂": "train",
    "🚄": "train",
    "🌊": "water",
    "🍷": "wine",
    "🍺": "beer",
    "🥃": "whisky",
    "👋": "bye",
    "✌": "peace",
    "❤": "love",
    "♥": "love",
    "💕": "love",
    "💜": "love",
    "💙": "love",
    "🖤": "black heart",
    "💔": "heartbroken",
    "😔": "sad",
    "😞": "sad",
    "😟": "worried",
    "😩": "weary",
    "😫": "exhausted",
    "😴": "sleeping",
    "💤": "sleep",
    "🙃": "ironic",
    "🙂": "smile",
    "😊": "smile",
    "😀": "smile",
    "😁": "grin",
    "😅": "nervous laugh",
    "🥺": "pleading",
    "🙏": "please",
    "🤕": "hurt",
    "😵": "knocked out",
    "🫠": "melting",
    "🔥": "fire",
    "🎉": "celebrate",
    "💪": "strong",
    "👍": "ok",
    "🤡": "clown",
    "➡": "then",
    "🪜": "ladder",
    "🏢": "building",
    "🚗": "car",
    "🚪": "door",
}
_DROP_NAMES = ("VARIATION SELECTOR", "ZERO WIDTH", "EMOJI MODIFIER", "REGIONAL INDICATOR", "COMBINING ENCLOSING")
_SENTENCE_END = re.compile(r"[.!?…]+[\"')\]]*\s+|\n+|\s*;\s+")
_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=4096)
def _symbol_word(ch: str) -> str:
    """The word(s) for one symbol character; ``""`` for joiners, modifiers and selectors."""
    word = _EMOJI_WORDS.get(ch)
    if word is not None:
        return word
    name = unicodedata.name(ch, "")
    if not name or name.startswith(_DROP_NAMES):
        return ""
    return name.lower().replace("-", " ")


def prepare(text: str) -> str:
    """The text the model reads: emoji and other symbols written out as words, spaces collapsed."""
    text = text[:MAX_CHARS]
    out: list[str] = []
    for ch in text:
        if ord(ch) > 0x2000:
            cat = unicodedata.category(ch)
            if cat in ("So", "Sk"):
                word = _symbol_word(ch)
                if word:
                    out.append(f" {word} ")
                continue
            if cat in ("Cf", "Mn", "Me") and unicodedata.name(ch, "").startswith(_DROP_NAMES):
                continue
        out.append(ch)
    return _SPACES.sub(" ", "".join(out)).strip()


def sentences(text: str) -> list[tuple[int, int]]:
    """Character ranges of the non-blank sentences of ``text`` (split at . ! ? … ; and newlines)."""
    text = text[:MAX_CHARS]
    ranges: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        ranges.append((start, match.start() + len(match.group().rstrip())))
        start = match.end()
    ranges.append((start, len(text)))
    out = []
    for a, b in ranges:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


_WORD = re.compile(r"\w+")


def too_short(text: str) -> bool:
    """Whether ``text`` has fewer than :data:`MIN_WORDS` words once emoji are written out."""
    return len(_WORD.findall(prepare(text[:200]))) < MIN_WORDS


def asks_the_other_person(piece: str) -> bool:
    """Whether ``piece`` is a question about the other person only ("are you thinking about
    suicide?", "do you have a plan?"): what a mentor is trained to ask. The rules never flag
    it (``rules.is_addressed``) and neither does the model: mean pooling reads the topic, not
    who it is about."""
    return "?" in piece and is_addressed(normalize(piece[:MAX_CHARS]).text)


#: The sender saying they will not act: "i'm not going to hurt myself", "i would never do that".
_DENIAL = re.compile(
    r"(?:^|\b(?:i|im|ill|id|i am|i will|i would))(?: really| honestly| definitely| absolutely)? ?"
    r"(?:not|never|wont|wouldnt)(?: be)?(?: going to| gonna| ever| actually| really)* "
    r"(?:hurt|harm|kill|cut|do anything|do that|do it|act on)\b"
)
#: Words that may turn a denial into the first half of something else ("i won't hurt myself
#: but ...", "... unless ...", "... if ...").
_CONTRAST = re.compile(r"\b(?:but|though|tho|although|yet|unless|except|until|however|if|till)\b")
_ANOTHER_INTENT = re.compile(r"\b(?:going to|gonna|ill|i will|i want|i wanna|im just going|instead|rather)\b")


def denies_harm(piece: str) -> bool:
    """Whether ``piece`` is the sender saying they will not act ("i'm not going to hurt myself,
    i just need to vent", "i would never do that to my kids") with no "but", "unless" or "if"
    and no other intention after it.

    Mean pooling reads the topic, not the negation: such sentences scored like the statements
    they deny. The rules read negation (``rules.is_negated``); the model leaves them out."""
    return _denies(normalize(piece[:MAX_CHARS]).text)


def _denies(text: str) -> bool:
    """:func:`denies_harm` on text already normalised."""
    match = _DENIAL.search(text)
    if match is None or _CONTRAST.search(text):
        return False
    # "i'm not going to hurt myself, i'm going to ..." says something else after the denial.
    return not _ANOTHER_INTENT.search(text, match.end())


#: A short first-person echo of a question about the other person: "are you thinking about
#: suicide? because i am" answers the question for the sender.
_ECHO = re.compile(
    r"^\W*(?:(?:because|cos|coz|cause|cuz|bc)\s+)?(?:i am|i'm|im|i do|i have|i've|ive|me too|same(?: here)?|"
    r"so am i|so do i|so have i)\W*$",
    re.IGNORECASE,
)
_TO_FIRST_PERSON = (
    (re.compile(r"\b(are|were|have|do|did|can|could|would|will) you\b", re.IGNORECASE), r"\g<1> i"),
    (re.compile(r"\byourself\b", re.IGNORECASE), "myself"),
    (re.compile(r"\byour\b", re.IGNORECASE), "my"),
    (re.compile(r"\byou\b", re.IGNORECASE), "i"),
)
_QUESTION_ORDER = re.compile(r"^\W*(are|were|have|do|did|can|could|would|will) i\b", re.IGNORECASE)


def echoed_questions(text: str) -> list[str]:
    """Questions about the other person that a later sentence of ``text`` echoes for the sender,
    rewritten as the sender's statement: ``are you thinking about suicide? because i am`` gives
    ``i are thinking about suicide`` (word order and agreement do not matter to the model)."""
    parts = [text[a:b] for a, b in sentences(text)]
    if not any(_ECHO.match(p) for p in parts[1:]):
        return []
    out = []
    for i, piece in enumerate(parts):
        if asks_the_other_person(piece) and any(_ECHO.match(p) for p in parts[i + 1 :]):
            first = piece.replace("?", "")
            for pattern, repl in _TO_FIRST_PERSON:
                first = pattern.sub(repl, first)
            out.append(_QUESTION_ORDER.sub(r"i \g<1>", first).strip())
    return out


def segments(text: str) -> list[tuple[int, int]]:
    """Ranges scored for ``text``: the whole message, plus each sentence if it has several."""
    whole = (0, min(len(text), MAX_CHARS))
    parts = sentences(text)
    if len(parts) <= 1:
        return [whole]
    return [whole, *parts[:MAX_SENTENCES]]


def _left_out(piece: str) -> bool:
    """:func:`asks_the_other_person` or :func:`denies_harm`, normalising ``piece`` once."""
    text = normalize(piece[:MAX_CHARS]).text
    return ("?" in piece and is_addressed(text)) or _denies(text)


def readings(text: str) -> list[tuple[tuple[int, int], str]]:
    """Everything the model reads for ``text``, as ``(range, model input)`` pairs.

    The whole message and each of its sentences (:func:`segments`), each as written and
    normalised (:func:`model_inputs`). Nothing for a text of fewer than :data:`MIN_WORDS`
    words. A question about the other person only (:func:`asks_the_other_person`) and a
    sentence in which the sender says they will not act (:func:`denies_harm`) are not read,
    and are left out of the whole-message reading too: ``are you having thoughts of killing
    yourself? i won't judge`` is read as ``i won't judge``. A question that a later
    sentence echoes for the sender is read as the sender's statement (:func:`echoed_questions`).
    """
    if too_short(text):
        return []
    ranges = segments(text)
    whole, parts = ranges[0], ranges[1:]
    asked = {p for p in parts if _left_out(text[p[0] : p[1]])}
    pieces: list[tuple[tuple[int, int], str]] = []
    if not parts:
        if not _left_out(text[: whole[1]]):
            pieces.append((whole, text[: whole[1]]))
    else:
        kept = [p for p in parts if p not in asked]
        if not asked:
            pieces.append((whole, text[: whole[1]]))
        elif len(kept) > 1:
            pieces.append((whole, " ".join(text[a:b] for a, b in kept)))
        pieces += [(p, text[p[0] : p[1]]) for p in kept]
    out = [(span, reading) for span, piece in pieces for reading in model_inputs(piece)]
    out += [(whole, prepare(statement)) for statement in echoed_questions(text)]
    return out


# Slang the rules keep as keywords, spelled out for the model (its vocabulary reads "kms" as
# unrelated word pieces).
_MODEL_SLANG = {
    "kms": "kill myself",
    "kys": "kill yourself",
    "ctb": "end my life",
    "sewerslide": "suicide",
    "unalive": "kill",
    "unaliving": "killing",
    "unalived": "killed",
    "od": "overdose",
    "sh": "self harm",
}
_SPACE_BEFORE_PUNCT = re.compile(r" ([,.!?;:])")


def normalised(text: str) -> str:
    """``text`` in the rules' canonical form, with slang spelled out, as a sentence the model reads.

    Obfuscation, stretched letters, spelled-out letters, keyword misspellings and texting
    shorthand are resolved by :func:`~chat.moderation.normalize.normalize` (``i wnat 2 dieee``
    → ``i want to die``); the model's own vocabulary does not know them.
    """
    text = text[:MAX_CHARS]
    words = []
    for token in normalize(text).tokens:
        word = token.text
        # The normaliser reads "odd" as the keyword "od" (for "od'd"); the rules then look for
        # an overdose context, but spelled out for the model "a bit odd" would read as one.
        if word == "od" and text[token.start : token.end].lower().rstrip(".,!?") in ("odd", "odds"):
            word = "odd"
        words.append(_MODEL_SLANG.get(word, word))
    return _SPACE_BEFORE_PUNCT.sub(r"\1", " ".join(words))


def model_inputs(piece: str) -> list[str]:
    """The texts the model reads for one scored piece: as written and normalised (de-duplicated)."""
    raw = prepare(piece)
    norm = prepare(normalised(piece))
    return [raw] if not norm or _plain(norm) == _plain(raw) else [raw, norm]


_NOT_WORD = re.compile(r"[^\w\s]+")


def _plain(text: str) -> str:
    """Lowercase words only: two texts with the same plain form embed almost identically."""
    return " ".join(_NOT_WORD.sub("", text.lower()).split())


@dataclass(frozen=True, slots=True)
class CrisisModel:
    """A kernel classifier over unit-length sentence embeddings (an RBF support-vector machine).

    The score of an embedding ``x`` is a weighted sum of its similarity to stored prototype
    embeddings of training phrases (``exp(-gamma * |x - p|^2)``) plus ``intercept``; a
    logistic calibration (``platt_a``, ``platt_b``, fitted on cross-validated scores) turns
    it into a probability. A message is flagged when its probability is at least
    ``threshold``. The artifact holds embeddings only, never the training text.
    """

    prototypes: np.ndarray  # (n, 384) float32
    coefs: np.ndarray  # (n,) float32: signed weight of each prototype
    intercept: float
    gamma: float
    platt_a: float
    platt_b: float
    threshold: float
    model_id: str
    training_hash: str

    @classmethod
    def load(cls, path: str | Path = ARTIFACT) -> CrisisModel:
        with np.load(path, allow_pickle=False) as data:
            model = cls(
                prototypes=np.asarray(data["prototypes"], dtype=np.float32),
                coefs=np.asarray(data["coefs"], dtype=np.float32).reshape(-1),
                intercept=float(data["intercept"]),
                gamma=float(data["gamma"]),
                platt_a=float(data["platt_a"]),
                platt_b=float(data["platt_b"]),
                threshold=float(data["threshold"]),
                model_id=str(data["model_id"]),
                training_hash=str(data["training_hash"]),
            )
        if model.model_id != MODEL_ID:
            raise ValueError(f"{path} was trained on {model.model_id} embeddings, not {MODEL_ID}")
        if model.prototypes.shape != (model.coefs.shape[0], DIM):
            raise ValueError(f"{path} has prototypes of the wrong shape")
        return model

    def save(self, path: str | Path, **extra: Any) -> None:
        """Write the artifact (plus ``extra`` arrays); prototypes are stored as float16 to keep it small."""
        arrays: dict[str, Any] = {
            "prototypes": self.prototypes.astype(np.float16),
            "coefs": self.coefs.astype(np.float32),
            "intercept": np.float64(self.intercept),
            "gamma": np.float64(self.gamma),
            "platt_a": np.float64(self.platt_a),
            "platt_b": np.float64(self.platt_b),
            "threshold": np.float64(self.threshold),
            "model_id": np.str_(self.model_id),
            "training_hash": np.str_(self.training_hash),
        }
        np.savez_compressed(path, **arrays, **extra)

    def decision(self, embeddings: np.ndarray) -> np.ndarray:
        """Uncalibrated score per row of ``embeddings`` (positive leans towards crisis)."""
        x = embeddings.astype(np.float32, copy=False)
        p = self.prototypes
        sq = (x * x).sum(axis=1)[:, None] + (p * p).sum(axis=1)[None, :] - 2.0 * (x @ p.T)
        kernel = np.exp(-self.gamma * np.maximum(sq, 0.0))
        return kernel.astype(np.float64) @ self.coefs.astype(np.float64) + self.intercept

    def probability(self, embeddings: np.ndarray) -> np.ndarray:
        """Crisis probability per row of ``embeddings`` (float64)."""
        logits = self.platt_a * self.decision(embeddings) + self.platt_b
        return 1.0 / (1.0 + np.exp(-np.clip(logits, -500, 500)))


class SemanticCrisisCheck(Check):
    """Flags ``crisis`` when the embedding model's probability reaches the trained threshold.

    Same verdict as the rule-based crisis check when it fires: ``deliver``, flag ``crisis``,
    severity 3, the same reason; the span is the sentence that scored highest (the whole
    message for one-sentence ones).
    """

    code = CODE

    def __init__(
        self, model: CrisisModel | None = None, encoder: MiniLMEncoder | None = None, threshold: float | None = None
    ) -> None:
        """``threshold`` overrides the trained one (lower: more recall, more false alarms)."""
        self.model = model or CrisisModel.load()
        self.encoder = encoder or load_encoder()
        self.threshold = self.model.threshold if threshold is None else threshold

    def scores(self, texts: Sequence[str]) -> list[tuple[float, tuple[int, int]]]:
        """For each text, its probability and the range that scored highest.

        What is read is :func:`readings`; a text with nothing to read (fewer than
        :data:`MIN_WORDS` words, or only questions about the other person) scores 0.
        All segments of all texts are embedded in one batch, so scoring many messages at once
        is much faster than one by one.
        """
        owners: list[int] = []
        ranges: list[tuple[int, int]] = []
        inputs: list[str] = []
        for index, text in enumerate(texts):
            for span, reading in readings(text):
                owners.append(index)
                ranges.append(span)
                inputs.append(reading)
        probs = self.model.probability(self.encoder.encode(inputs)) if inputs else np.zeros(0)
        best: list[tuple[float, tuple[int, int]]] = [(0.0, (0, 0)) for _ in texts]
        for owner, span, prob in zip(owners, ranges, probs, strict=True):
            if prob > best[owner][0]:
                best[owner] = (float(prob), span)
        return best

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """Crisis probability of each text (the highest over its segments)."""
        return np.array([p for p, _ in self.scores(texts)], dtype=np.float64)

    def check(self, text: str, context: MessageContext) -> Verdict:
        """Precondition: ``text`` is any ``str``. Pure; does not raise for any ``str``."""
        [(prob, (start, end))] = self.scores([text])
        if prob < self.threshold:
            return Verdict(action=Action.DELIVER)
        spans = (Span(start, end, FLAG_CRISIS),) if start < end <= len(text) else ()
        return Verdict(action=Action.DELIVER, flags=(FLAG_CRISIS,), spans=spans, severity=3, reasons=(REASON,))


@functools.cache
def load_semantic_check() -> SemanticCrisisCheck:
    """The process-wide semantic check (model and weights are loaded on the first call)."""
    return SemanticCrisisCheck()


def crisis_probability(texts: list[str]) -> np.ndarray:
    """Crisis probability of each text, in order (float64 array of ``len(texts)``)."""
    return load_semantic_check().probabilities(texts)


def training_hash(rows: Iterable[tuple[str, str]]) -> str:
    """A stable hash of ``(label, text)`` training rows (order-independent)."""
    digest = hashlib.sha256()
    for label, text in sorted(rows):
        digest.update(f"{label}\t{text}\n".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()
