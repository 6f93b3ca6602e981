"""TF-IDF similarity (相似度) between a text and each observation point's profile, over character 1–3-grams
and jieba words of the match form: n-grams find paraphrases that share characters, words weigh whole
terms. Sublinear term frequency, IDF over the points, cosine of L2-normalised vectors."""

from __future__ import annotations

import math
import re
from collections import Counter

from corpora.text import cut, match_form

_NOISE = re.compile(r"[\s\d.,，。、；;：:（）()《》〔〕\[\]【】“”\"'%％\-—_/]+")


def features(text: str) -> Counter:
    form = _NOISE.sub(" ", match_form(text))
    grams: Counter = Counter()
    for chunk in form.split():
        for n in (1, 2, 3):
            grams.update(f"{n}:{chunk[i : i + n]}" for i in range(len(chunk) - n + 1))
    grams.update(f"w:{w}" for w in cut(form) if len(w) > 1 and w.strip())
    return grams


class TfIdf:
    """Vectors of the points' texts, and the cosine of a query against each of them."""

    def __init__(self, documents: list[str]):
        counts = [features(d) for d in documents]
        df: Counter = Counter()
        for c in counts:
            df.update(c.keys())
        n = len(documents)
        self.idf = {t: math.log((1 + n) / (1 + k)) + 1.0 for t, k in df.items()}
        self.postings: dict[str, list[tuple[int, float]]] = {}
        self.size = n
        for i, c in enumerate(counts):
            vec = self._weigh(c)
            for t, w in vec.items():
                self.postings.setdefault(t, []).append((i, w))

    def _weigh(self, counts: Counter) -> dict[str, float]:
        vec = {t: (1 + math.log(k)) * self.idf[t] for t, k in counts.items() if t in self.idf}
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        return {t: w / norm for t, w in vec.items()}

    def scores(self, text: str) -> list[float]:
        out = [0.0] * self.size
        for t, w in self._weigh(features(text)).items():
            for i, v in self.postings.get(t, ()):
                out[i] += w * v
        return out
