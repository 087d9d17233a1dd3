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


def _profiles(docs: list[str]) -> Any:
    """Row-normalised sparse keyword profiles (n × vocabulary), or None when nothing is shared.

    The TF-IDF of character bigrams as scikit-learn's ``TfidfVectorizer(analyzer="char",
    ngram_range=(2, 2), min_df=2, max_df=…, sublinear_tf=True)`` computes it, but the bigrams are
    counted with numpy over the code points instead of a Python dict per bigram: the counting was
    two thirds of the run time at 100k texts (profile in bench/README.md)."""
    from sklearn.preprocessing import normalize as l2

    n = len(docs)
    counts = _bigram_counts(docs)
    if counts is None:
        return None
    frequency = np.bincount(counts.indices, minlength=counts.shape[1])
    keep = np.flatnonzero((frequency >= 2) & (frequency <= max(0.05, min(1.0, 50 / n)) * n))
    if not len(keep):  # no bigram appears twice (or every one is boilerplate)
        return None
    x = counts[:, keep].tocsr()
    idf = (np.log((1 + n) / (1 + frequency[keep])) + 1).astype(np.float32)
    x.data = (np.log(x.data) + 1) * idf[x.indices]
    return l2(_keep_top(l2(x), TOP_TERMS))


_RUNS = re.compile(r"\s\s+")


def _bigram_counts(docs: list[str]) -> Any:
    """Sparse counts (n × distinct bigrams) of each text's character bigrams, lower-cased and with
    runs of white space folded to one space (as scikit-learn's char analyzer does)."""
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
    return counts


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


def _components(sim: Any, threshold: float) -> np.ndarray:
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    coo = sim.tocoo()
    keep = (coo.data >= threshold) & (coo.row < coo.col)
    graph = csr_matrix(
        (np.ones(int(keep.sum()), dtype=np.int8), (coo.row[keep], coo.col[keep])), shape=sim.shape
    )
    _, labels = connected_components(graph, directed=False)
    return np.asarray(labels)


def cluster(items: Sequence[TextItem], *, threshold: float | None = None) -> list[list[int]]:
    """Indices of items grouped into clusters of at least ``MIN_MEMBERS`` (largest first)."""
    if len(items) < MIN_MEMBERS:
        return []
    profiles = _profiles([_doc(item) for item in items])
    if profiles is None:
        return []
    sim = (profiles @ profiles.T).tocsr()
    labels = _components(sim, SIMILARITY if threshold is None else threshold)
    groups: dict[int, list[int]] = {}
    for index, label in enumerate(labels.tolist()):
        groups.setdefault(label, []).append(index)
    found = [g for g in groups.values() if len(g) >= MIN_MEMBERS]
    found.sort(key=len, reverse=True)
    _medoid_first(found, sim)
    return found


def _medoid_first(groups: list[list[int]], sim: Any) -> None:
    """Put each group's most central member (highest summed similarity) first.

    One pass over the similarity matrix (the sum of each row over its own group's columns)
    instead of slicing the matrix once per group."""
    group_of = np.full(sim.shape[0], -1, dtype=np.int64)
    for number, group in enumerate(groups):
        group_of[group] = number
    coo = sim.tocoo()
    inside = (group_of[coo.row] >= 0) & (group_of[coo.row] == group_of[coo.col])
    centrality = np.bincount(
        coo.row[inside], weights=coo.data[inside].astype(np.float64), minlength=sim.shape[0]
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
