"""Hotspots (热点问题): groups of concerns about the same matter, ranked by a heat score.

Clustering (scales to 100k texts in seconds on 2 cores, see ``bench/hotspots.py``):

1. Each text (subject + the first 200 characters of the body, normalised by ``textnorm``) becomes
   a TF-IDF vector of character bigrams (no word segmentation: fast and robust to odd input).
2. Each vector keeps only its ``TOP_TERMS`` most distinctive bigrams — its "keyword profile" —
   re-normalised. Bigrams in more than ``max_df`` of the texts are dropped (boilerplate).
3. The sparse product of the profiles gives the cosine of every pair that shares a distinctive
   bigram (a blocking step like LSH: pairs with nothing in common are never compared).
4. Pairs at or above ``SIMILARITY`` are linked; connected components with at least
   ``MIN_MEMBERS`` texts are the hotspots.

Heat (documented in ``docs``/bench README): each member weighs
``(1 + me_too + ln(1 + votes)) × 0.5 ** (age_days / half_life)``, the age counted back from the
newest text in the input and the half-life half the span of the input (at least
``MIN_HALF_LIFE_DAYS``): recency *within the period the caller chose*. The sum is multiplied
by ``1 + SPREAD_BONUS × ln(areas)`` so an issue reported from several areas ranks above the
same volume from one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np

from lastmile.insight.textnorm import normalize

TOP_TERMS = 12
SIMILARITY = 0.4
MIN_MEMBERS = 2
MIN_HALF_LIFE_DAYS = 7.0
SPREAD_BONUS = 0.25
LABEL_CHARS = 30
TEXT_CHARS = 200


@dataclass
class TextItem:
    id: str
    text: str
    title: str
    created_at: datetime
    area_id: int | None
    area_name: str
    me_too: int = 0
    votes: int = 0
    category_id: int | None = None
    category_name: str = ""


@dataclass
class Hotspot:
    label: str
    heat: float
    count: int
    me_too: int
    votes: int
    area_names: list[str]
    first_at: datetime
    last_at: datetime
    members: list[TextItem] = field(default_factory=list)


def _doc(item: TextItem) -> str:
    title = normalize(item.title, max_chars=LABEL_CHARS * 3)
    body = normalize(item.text, max_chars=TEXT_CHARS)
    return f"{title} {body}" if title and not body.startswith(title) else body or title


# Texts are counted this many at a time (two passes: document frequencies, then profiles), so
# the per-bigram arrays of a whole 9-week history are never held at once.
CHUNK_DOCS = 2000


def _profiles(docs: list[str]) -> Any:
    """Row-normalised sparse keyword profiles (n × vocabulary), or None when nothing is shared.

    The TF-IDF of character bigrams as scikit-learn's ``TfidfVectorizer(analyzer="char",
    ngram_range=(2, 2), min_df=2, max_df=…, sublinear_tf=True)`` computes it, but the bigrams are
    counted with numpy over the code points instead of a Python dict per bigram: the counting was
    two thirds of the run time at 100k texts (profile in bench/README.md). The texts are taken
    ``CHUNK_DOCS`` at a time: a first pass adds up each bigram's document frequency, a second
    builds each chunk's rows (every step after the frequencies is row by row, so the result is
    the same as over all texts at once)."""
    from scipy.sparse import vstack
    from sklearn.preprocessing import normalize as l2

    n = len(docs)
    chunks = range(0, n, CHUNK_DOCS)
    vocabulary = np.empty(0, dtype=np.int64)  # every bigram seen so far (sorted keys)
    frequency = np.empty(0, dtype=np.int64)  # in how many texts each appears
    for lo in chunks:
        counted = _bigram_counts(docs[lo : lo + CHUNK_DOCS])
        if counted is None:
            continue
        counts, keys = counted
        merged = np.union1d(vocabulary, keys)
        total = np.zeros(len(merged), dtype=np.int64)
        total[np.searchsorted(merged, vocabulary)] += frequency
        total[np.searchsorted(merged, keys)] += np.bincount(counts.indices, minlength=len(keys))
        vocabulary, frequency = merged, total
    if not len(vocabulary):
        return None
    keep = np.flatnonzero((frequency >= 2) & (frequency <= max(0.05, min(1.0, 50 / n)) * n))
    if not len(keep):  # no bigram appears twice (or every one is boilerplate)
        return None
    idf = (np.log((1 + n) / (1 + frequency[keep])) + 1).astype(np.float32)
    column = np.full(len(vocabulary), -1, dtype=np.int64)
    column[keep] = np.arange(len(keep), dtype=np.int64)
    parts = []
    for lo in chunks:
        chunk = docs[lo : lo + CHUNK_DOCS]
        counted = _bigram_counts(chunk)
        if counted is None:
            parts.append(_empty_rows(len(chunk), len(keep)))
            continue
        counts, keys = counted
        mapped = column[np.searchsorted(vocabulary, keys)]
        kept = np.flatnonzero(mapped >= 0)
        x = counts[:, kept].tocsr()
        x.indices = mapped[kept][x.indices].astype(x.indices.dtype)
        x._shape = (len(chunk), len(keep))
        x.data = (np.log(x.data) + 1) * idf[x.indices]
        parts.append(l2(_keep_top(l2(x), TOP_TERMS)))
    return vstack(parts, format="csr")


def _empty_rows(rows: int, columns: int) -> Any:
    from scipy.sparse import csr_matrix

    return csr_matrix((rows, columns), dtype=np.float32)


_RUNS = re.compile(r"\s\s+")


def _bigram_counts(docs: list[str]) -> Any:
    """Sparse counts (n × distinct bigrams) of each text's character bigrams, lower-cased and with
    runs of white space folded to one space (as scikit-learn's char analyzer does), and the
    bigrams (sorted keys) of its columns; None when no text has two characters."""
    from scipy.sparse import csr_matrix

    docs = [_RUNS.sub(" ", doc.lower()) for doc in docs]
    lengths = np.fromiter((len(doc) for doc in docs), dtype=np.int64, count=len(docs))
    pairs = np.maximum(lengths - 1, 0)
    if not pairs.sum():
        return None
    codes = np.frombuffer("".join(docs).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    starts = np.cumsum(lengths) - lengths
    first = np.cumsum(pairs) - pairs
    at = np.arange(int(pairs.sum()), dtype=np.int64) + np.repeat(starts - first, pairs)
    keys = codes[at].astype(np.int64) * 0x110000 + codes[at + 1]
    vocabulary, columns = np.unique(keys, return_inverse=True)
    rows = np.repeat(np.arange(len(docs), dtype=np.int64), pairs)
    counts = csr_matrix(
        (np.ones(len(keys), dtype=np.float32), (rows, columns.ravel())),
        shape=(len(docs), len(vocabulary)),
    )
    counts.sum_duplicates()
    return counts, vocabulary


def _keep_top(x: Any, k: int) -> Any:
    """Zero all but the k largest entries of each CSR row (vectorised per row length)."""
    x = x.copy()
    indptr, data = x.indptr, x.data
    lengths = np.diff(indptr)
    for row in np.nonzero(lengths > k)[0]:
        start, end = indptr[row], indptr[row + 1]
        segment = data[start:end]
        cut = np.partition(segment, -k)[-k]
        segment[segment < cut] = 0
    x.eliminate_zeros()
    return x


def cluster(items: Sequence[TextItem], *, threshold: float | None = None) -> list[list[int]]:
    """Indices of items grouped into clusters of at least ``MIN_MEMBERS`` (largest first)."""
    if len(items) < MIN_MEMBERS:
        return []
    return cluster_docs([_doc(item) for item in items], threshold=threshold)


# Pair similarities are computed this many (row × column) cells at a time, so a history where
# thousands of texts look alike (one giant cluster) stays within a bounded memory.
BLOCK_CELLS = 4_000_000


def cluster_docs(docs: list[str], *, threshold: float | None = None) -> list[list[int]]:
    """``cluster`` over prepared texts (``_doc`` of each item), with the same result.

    The similarity matrix is never held whole: row blocks of ``profiles @ profiles.T`` are
    computed in turn, the links at or above the threshold merged into the components (a spanning
    forest, not every pair) and the block dropped; a second pass sums each member's similarity
    within its group to put the medoid first."""
    if len(docs) < MIN_MEMBERS:
        return []
    profiles = _profiles(docs)
    if profiles is None:
        return []
    cut = SIMILARITY if threshold is None else threshold
    n = profiles.shape[0]
    step = max(1, BLOCK_CELLS // max(1, n))
    transposed = profiles.T.tocsr()
    labels = np.arange(n, dtype=np.int64)
    for first in range(0, n, step):
        block = (profiles[first : first + step] @ transposed).tocoo()
        keep = block.data >= cut
        rows = block.row[keep].astype(np.int64) + first
        cols = block.col[keep].astype(np.int64)
        del block
        labels = _merge(labels, rows[rows < cols], cols[rows < cols])
    groups: dict[int, list[int]] = {}
    for index, label in enumerate(labels.tolist()):
        groups.setdefault(label, []).append(index)
    found = [g for g in groups.values() if len(g) >= MIN_MEMBERS]
    found.sort(key=len, reverse=True)
    _medoid_first(found, profiles, transposed, step)
    return found


def _merge(labels: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Component labels (the smallest member index) after adding the links ``rows``–``cols``."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    if not len(rows):
        return labels
    n = len(labels)
    a = np.concatenate([rows, np.arange(n, dtype=np.int64)])
    b = np.concatenate([cols, labels])
    graph = csr_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(n, n))
    _, comp = connected_components(graph, directed=False)
    smallest = np.full(int(comp.max()) + 1, n, dtype=np.int64)
    np.minimum.at(smallest, comp, np.arange(n, dtype=np.int64))
    return np.asarray(smallest[comp])


def _medoid_first(groups: list[list[int]], profiles: Any, transposed: Any, step: int) -> None:
    """Put each group's most central member (highest summed similarity) first.

    One pass over the similarity matrix, block by block (the sum of each row over its own
    group's columns) instead of slicing the matrix once per group."""
    n = profiles.shape[0]
    group_of = np.full(n, -1, dtype=np.int64)
    for number, group in enumerate(groups):
        group_of[group] = number
    centrality = np.zeros(n, dtype=np.float64)
    if groups:
        for first in range(0, n, step):
            coo = (profiles[first : first + step] @ transposed).tocoo()
            row = coo.row.astype(np.int64) + first
            inside = (group_of[row] >= 0) & (group_of[row] == group_of[coo.col])
            centrality += np.bincount(
                row[inside], weights=coo.data[inside].astype(np.float64), minlength=n
            )
    centrality = np.round(centrality, 5)  # copies of one text tie: the first one wins
    for group in groups:
        centre = int(np.argmax(centrality[group]))
        group.insert(0, group.pop(centre))


def _label(item: TextItem) -> str:
    text = normalize(item.title) or normalize(item.text)
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def heat_of(
    members: Iterable[TextItem], *, reference: datetime, half_life_days: float = MIN_HALF_LIFE_DAYS
) -> float:
    members = list(members)
    total = 0.0
    for item in members:
        age_days = max(0.0, (reference - item.created_at).total_seconds() / 86400)
        weight = 1 + max(0, item.me_too) + math.log1p(max(0, item.votes))
        total += weight * 0.5 ** (age_days / half_life_days)
    areas = {item.area_id if item.area_id is not None else item.area_name for item in members}
    return total * (1 + SPREAD_BONUS * math.log(max(1, len(areas))))


def _hotspot(members: list[TextItem], reference: datetime, half_life: float) -> Hotspot:
    times = [item.created_at for item in members]
    area_names = sorted({item.area_name for item in members if item.area_name})
    return Hotspot(
        label=_label(members[0]),
        heat=round(heat_of(members, reference=reference, half_life_days=half_life), 4),
        count=len(members),
        me_too=sum(max(0, item.me_too) for item in members),
        votes=sum(max(0, item.votes) for item in members),
        area_names=area_names,
        first_at=min(times),
        last_at=max(times),
        members=sorted(members, key=lambda item: item.created_at),
    )


def find_hotspots(items: Sequence[TextItem], *, limit: int = 10) -> list[Hotspot]:
    """The ``limit`` hottest clusters among ``items`` (an empty list when there are none)."""
    items = list(items)
    if not items or limit <= 0:
        return []
    reference = max(item.created_at for item in items)
    span_days = (reference - min(item.created_at for item in items)).total_seconds() / 86400
    half_life = max(MIN_HALF_LIFE_DAYS, span_days / 2)
    groups = cluster(items)
    spots = [_hotspot([items[i] for i in group], reference, half_life) for group in groups]
    spots.sort(key=lambda spot: (-spot.heat, -spot.count, spot.label))
    return spots[:limit]


def items_from_concerns(qs: Any) -> list[TextItem]:
    """TextItems for a Concern queryset (staff-only use: no masking). Votes are not recorded on
    concerns, so ``votes`` is 0; ``me_too`` is the concern's 我也反映 count."""
    rows = qs.select_related("area", "category").only(
        "code", "title", "text", "created_at", "me_too_count",
        "area__name", "area__path", "category__name",
    )  # fmt: skip
    return [
        TextItem(
            id=concern.code,
            text=concern.text,
            title=concern.title,
            created_at=concern.created_at,
            area_id=concern.area_id,
            area_name=concern.area.name if concern.area_id else "",
            me_too=concern.me_too_count,
            votes=0,
            category_id=concern.category_id,
            category_name=concern.category.name if concern.category_id else "",
        )
        for concern in rows.iterator(chunk_size=2000)
    ]
