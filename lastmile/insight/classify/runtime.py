"""The category suggester the concern loop calls (registered in ``InsightConfig.ready``).

The model is loaded lazily, on the first suggestion: ``VAR_DIR/models/classifier.joblib`` when
present (written by the retraining task, ``lastmile classify bootstrap`` or an operator), else a
bootstrap model is trained once from the shared TipDM data, in a background thread, and cached at
that path. Until a model is there, and with no data to train from, there is no suggestion.
Labels are level-1 category names; they are mapped to ``Category`` rows by name. When a level-3
category under the predicted branch is named in the text, it is offered first (a name match, not
a measured prediction), so the dispatch form, which takes level-3 categories, can be pre-filled.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from pathlib import Path

from django.conf import settings

from lastmile.concerns.hooks import CategoryGuess
from lastmile.concerns.models import Category
from lastmile.insight.classify import data
from lastmile.insight.classify.features import name_keywords
from lastmile.insight.classify.model import Model, ModelError, load, save, train
from lastmile.insight.classify.schedule import model_path

log = logging.getLogger("lastmile.insight.classify")

_lock = threading.Lock()
_state: dict[str, object] = {}
RECHECK_SECONDS = 60.0
LOCK_SECONDS = 600.0
_PART = re.compile(r"[、/()（）和与及等其他,，]+")


def bootstrap_dir() -> Path:
    return Path(settings.SHARED_DATA_DIR) / "tipdm2020"


def train_bootstrap(directory: Path) -> Model:
    corpus = data.tipdm(directory)
    return train(
        corpus.texts,
        corpus.labels,
        unlabelled=corpus.unlabelled,
        keywords=name_keywords(corpus.taxonomy, set(corpus.labels)),
        source=f"bootstrap: {directory}",
    )


def enabled() -> bool:
    """``LASTMILE["CLASSIFIER"]``: load or train a model on demand. On by default; the test
    settings turn it off so other apps' tests never load or train a model as a side effect of
    rendering a page (tests of the classifier install one with ``use_model``)."""
    return bool(getattr(settings, "LASTMILE", {}).get("CLASSIFIER", True))


def _load_file(path: Path) -> Model | None:
    try:
        return load(path)
    except ModelError as exc:
        log.warning("classifier model refused: %s", exc)
        return None


def build_bootstrap() -> Model | None:
    """Train the bootstrap model from the shared data and cache it on disk (synchronously).

    A lock file keeps several processes from training at once; a stale lock (older than
    ``LOCK_SECONDS``) is taken over.
    """
    directory = bootstrap_dir()
    if not (directory / data.TIPDM_LABELLED).exists():
        log.info("no classifier model and no bootstrap data at %s: no suggestions", directory)
        return None
    path = model_path()
    lock = path.with_name("classifier.training")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if lock.exists() and time.time() - lock.stat().st_mtime > LOCK_SECONDS:
            lock.unlink(missing_ok=True)
        lock.touch(exist_ok=False)
    except OSError:
        return None  # another process is training (or the directory is not writable)
    try:
        model = train_bootstrap(directory)
        save(model, path)
        return model
    except (ModelError, OSError) as exc:
        log.warning("could not build the bootstrap classifier: %s", exc)
        return None
    finally:
        lock.unlink(missing_ok=True)


def _train_in_background() -> None:
    model = build_bootstrap()
    with _lock:
        if model is not None:
            _state["model"] = model
            _state["mtime"] = _mtime(model_path())
        _state.pop("training", None)


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None


def current_model() -> Model | None:
    """The model in use; ``None`` while there is none (yet).

    Loads the model file on first call, and again when the file changes (the retraining task
    runs in the worker process; pages notice within ``RECHECK_SECONDS``). Without a file, starts
    training the bootstrap model in a background thread (once per process) so that no page waits
    for it; until it is ready, and when there is nothing to train from, there is no suggestion.
    """
    cached = _state.get("model")
    now = time.monotonic()
    if now < float(_state.get("recheck_at", 0.0)):  # type: ignore[arg-type]
        return cached if isinstance(cached, Model) else None
    with _lock:
        _state["recheck_at"] = now + RECHECK_SECONDS
        if not enabled() or _state.get("training"):
            return cached if isinstance(cached, Model) else None
        path = model_path()
        mtime = _mtime(path)
        if mtime is not None and mtime != _state.get("mtime"):
            _state["mtime"] = mtime
            loaded = _load_file(path)
            if loaded is not None:
                _state["model"] = cached = loaded
        if isinstance(cached, Model):
            return cached
        if mtime is None and (bootstrap_dir() / data.TIPDM_LABELLED).exists():
            _state["training"] = True
            threading.Thread(
                target=_train_in_background, name="classifier-bootstrap", daemon=True
            ).start()
    return None


def use_model(model: Model | None) -> None:
    """Swap the model in use (after retraining, and in tests)."""
    with _lock:
        _state["model"] = model
        _state["mtime"] = _mtime(model_path())
        _state["recheck_at"] = time.monotonic() + RECHECK_SECONDS


def forget() -> None:
    """Drop the loaded model: the next suggestion loads it again."""
    with _lock:
        _state.clear()


class _Tree:
    """Active level-1 categories by name and the level-3 ones under each, read once a minute."""

    def __init__(self) -> None:
        self.read_at = time.monotonic()
        self.tops: dict[str, Category] = {}
        self.leaves: dict[int, list[tuple[Category, set[str]]]] = {}
        for cat in Category.objects.filter(is_active=True).select_related("parent"):
            if cat.level == 1:
                self.tops[cat.name] = cat
            elif cat.level == 3 and cat.parent is not None and cat.parent.parent_id:
                parts = {p for p in _PART.split(cat.name) if len(p) >= 2}
                self.leaves.setdefault(cat.parent.parent_id, []).append((cat, parts))

    def deeper(self, top: Category, text: str) -> Category | None:
        """The level-3 category under ``top`` whose name (or parts) the text mentions most."""
        best: tuple[int, Category] | None = None
        for cat, parts in self.leaves.get(top.pk, []):
            score = sum(len(p) for p in parts if p in text)
            if score and (best is None or score > best[0]):
                best = (score, cat)
        return best[1] if best else None


def _tree() -> _Tree:
    tree = _state.get("tree")
    if not isinstance(tree, _Tree) or time.monotonic() - tree.read_at > RECHECK_SECONDS:
        tree = _Tree()
        _state["tree"] = tree
    return tree


def suggest(text: str) -> list[CategoryGuess]:
    """Level-1 categories ranked by probability (a named level-3 one first, if any)."""
    model = current_model()
    if model is None:
        return []
    prediction = model.predict_one(text)
    if prediction.declined:
        return []
    tree = _tree()
    guesses = [
        CategoryGuess(tree.tops[label], round(p, 3))
        for label, p in prediction.ranked
        if label in tree.tops
    ]
    if guesses:
        deeper = tree.deeper(guesses[0].category, text)
        if deeper is not None:
            guesses.insert(0, CategoryGuess(deeper, guesses[0].confidence))
    return guesses
