"""IPTC Media Topics for an article: the 17 top-level subjects, scored from its words.

Each topic has words that mark it in any paper; the eight the ``category`` check
already knows (:mod:`morgue.pipeline.checks.topics`) are reused, and the other nine
get theirs here. An article's score for a topic is that topic's share of the marker
words in its text (each word counted at most MAX_PER_WORD times), plus SECTION_BONUS
when its section's name says the topic. Topics at MIN_SCORE or more, from at least
MIN_CUES different words, are kept, best first.
"""

from __future__ import annotations

import re
from collections import Counter

from morgue.pipeline.checks import topics as known

from .records import TopicScore

__all__ = ["TOPICS", "VOCABULARY", "score_topics"]

#: The vocabulary and the version whose labels are used (recorded with each score).
VOCABULARY = "IPTC Media Topics (top level, medtop), labels as of the 2024 releases"

#: QCode -> label, all 17 top-level Media Topics.
TOPICS = {
    "medtop:01000000": "arts, culture, entertainment and media",
    "medtop:02000000": "crime, law and justice",
    "medtop:03000000": "disaster, accident and emergency incident",
    "medtop:04000000": "economy, business and finance",
    "medtop:05000000": "education",
    "medtop:06000000": "environment",
    "medtop:07000000": "health",
    "medtop:08000000": "human interest",
    "medtop:09000000": "labour",
    "medtop:10000000": "lifestyle and leisure",
    "medtop:11000000": "politics",
    "medtop:12000000": "religion",
    "medtop:13000000": "science and technology",
    "medtop:14000000": "society",
    "medtop:15000000": "sport",
    "medtop:16000000": "conflict, war and peace",
    "medtop:17000000": "weather",
}

_MORE = {
    "medtop:03000000": """earthquake earthquakes fire fires blaze firefighters crash crashed
        collision derailed explosion evacuated evacuation rescue rescuers victims casualties
        disaster disasters emergency tsunami wildfire landslide drowned injured""",
    "medtop:05000000": """school schools students student teacher teachers teaching classroom
        university universities college colleges campus tuition curriculum pupils
        kindergarten graduates graduation enrollment professors""",
    "medtop:06000000": """environment environmental pollution emissions climate conservation
        wildlife recycling habitat carbon greenhouse endangered pesticide deforestation
        wetlands ecosystem""",
    "medtop:08000000": """birthday anniversary celebrity centenarian wedding heartwarming
        reunion reunited pets pet rescued hero""",
    "medtop:09000000": """union unions workers strike strikes wages wage employees employment
        labor labour layoffs pension pensions overtime bargaining picket""",
    "medtop:10000000": """recipe recipes restaurant restaurants travel vacation tourism tourists
        fashion gardening hobby cuisine chef wine holiday hotels leisure""",
    "medtop:12000000": """church churches religious religion faith bishop priest pastor
        mosque synagogue catholic protestant muslim muslims jewish christian christians
        pope vatican clergy worship prayer""",
    "medtop:14000000": """poverty homeless homelessness immigrants immigration welfare
        discrimination community communities charity volunteers housing families
        neighborhood minorities""",
    "medtop:16000000": """war wars military troops soldiers army armed arms weapons
        separatist separatists secession independence ceasefire rebels insurgents
        invasion conflict conflicts peacekeepers militia bombing attack attacks
        territorial sovereignty breakaway""",
}
_OLD_CODES = {name: f"medtop:{code}" for name, code in known.IPTC_CODES.items()}
_WORD_TOPIC: dict[str, str] = {w: _OLD_CODES[topic] for w, topic in known._WORD_TOPIC.items()}
_WORD_TOPIC.update({w: code for code, words in _MORE.items() for w in words.split()})

#: Each word counts at most this often, so one repeated name is not many cues.
MAX_PER_WORD = 3
#: A topic is kept at this share of the marker words or more, from MIN_CUES words.
MIN_SCORE = 0.15
MIN_CUES = 2
#: Added to the topic the article's section names ("Sports" -> sport).
SECTION_BONUS = 0.5
_WORD = re.compile(r"[^\W\d_]+")


def score_topics(text: str, section: str = "") -> list[TopicScore]:
    """The article's topics with a score in 0..1, best first."""
    counts = Counter(w for w in _WORD.findall(text.casefold()) if w in _WORD_TOPIC)
    hits: Counter[str] = Counter()
    cues: Counter[str] = Counter()
    for word, n in counts.items():
        hits[_WORD_TOPIC[word]] += min(n, MAX_PER_WORD)
        cues[_WORD_TOPIC[word]] += 1
    total = sum(hits.values()) or 1
    scores = {code: hits[code] / total for code in hits if cues[code] >= MIN_CUES}
    for name in known.name_topics(section):
        code = _OLD_CODES[name]
        scores[code] = scores.get(code, 0.0) + SECTION_BONUS
    kept = [TopicScore(code, TOPICS[code], round(min(score, 1.0), 3))
            for code, score in scores.items() if score >= MIN_SCORE]
    return sorted(kept, key=lambda t: (-t.score, t.code))
