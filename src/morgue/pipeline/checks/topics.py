"""What a story is about, in the IPTC's top-level subjects, without learning from the archive.

A model learned from the archive's own sections (``category``) cannot say a story reads
like sport when the archive has no Sports section, or only a handful of sports stories.
News topics are the same in every paper, though: a game report speaks of innings,
pitchers and playoffs whatever the paper, a company report of shares and earnings. So
each of eight IPTC Media Topics (sport 15000000; economy, business and finance 04000000;
politics 11000000; crime, law and justice 02000000; arts, culture and entertainment
01000000; science and technology 13000000; health 07000000; weather 17000000) has a
list of words that mark it, chosen as words that lean to one topic in any paper (no
"win", "race", "draft" or "quarter": every desk uses those; "game", "team" and "goals"
lean to sport, and the share rule below keeps a business story's "market players" from
tipping it). A story's **profile** is each
topic's share of the marker words in its first words; it **reads like** a topic when
that topic holds most of them (:data:`STRONG_SHARE`) from enough different words
(:data:`STRONG_MIN_CUES`).

A section's topics come from its name ("Sports", "Business & Markets") or, when the
name says nothing ("Scoreboard", "Mergers"), from what most of its stories read like.
General sections (Local, News, World, Opinion) have none, and a story there is never
called misfiled by its topic.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["IPTC_CODES", "LABELS", "TOPICS", "TopicProfile", "learned_topics", "name_topics", "topic_profile"]

#: IPTC Media Topic codes (top level) of the topics below.
IPTC_CODES = {"sport": "15000000", "economy": "04000000", "politics": "11000000", "crime": "02000000",
              "arts": "01000000", "science": "13000000", "health": "07000000", "weather": "17000000"}
#: How each topic is named in a message.
LABELS = {"sport": "sport", "economy": "business and the economy", "politics": "politics",
          "crime": "crime and the courts", "arts": "arts and entertainment",
          "science": "science and technology", "health": "health", "weather": "weather"}

_MARKERS = {
    "sport": """athlete athletes athletic baseball basketball football soccer hockey tennis golf golfer
        cricket rugby boxing boxer marathon olympic olympics league leagues playoff playoffs postseason
        championship championships tournament coach coaches coached quarterback touchdown touchdowns
        goalkeeper goalie striker midfielder teammate teammates inning innings pitcher pitchers pitched
        homer homers shortstop catcher outfielder infielder batter batters batting hitter hitters rbi rbis
        doubleheader strikeout strikeouts rebounds dunk halftime overtime semifinal semifinals
        quarterfinal roster nfl nba mlb nhl fifa uefa ncaa referee umpire wicket wickets sprinter podium
        stadium ballpark scoreless unbeaten undefeated varsity bullpen dugout lineup slugger
        game games season seasons scored scoring goal goals team teams fans player players yards
        tackle tackles sack sacks defensive assists saves puck winger defenseman comeback rushing
        tiebreak singles champions streak""",
    "economy": """shares shareholder shareholders stock stocks investor investors investment profit
        profits revenue revenues earnings dividend dividends corp inc ltd acquisition acquisitions merger
        mergers takeover stake trading currency currencies dlrs mln bln tariff tariffs exports imports
        inflation economy economic economist economists gdp unemployment jobless retailer retailers
        quarterly fiscal lending mortgage mortgages bonds treasury nasdaq dow ceo subsidiary wholesale
        commodity commodities barrels opec futures exporter importers importer exporters bankruptcy
        layoffs payroll payrolls customers""",
    "politics": """election elections elected voters ballot ballots campaign campaigning candidate
        candidates senator senators senate congress congressional congressman congresswoman parliament
        parliamentary minister ministers presidential governor legislature legislative legislation
        lawmakers legislator legislators democrat democrats democratic republican republicans
        opposition coalition cabinet diplomat diplomatic diplomats treaty sanctions referendum
        impeachment constituency caucus primaries incumbent""",
    "crime": """police arrested arrest arrests charged court courts judge jury trial sentenced prison
        jail murder murdered shooting robbery stolen theft suspect suspects prosecutors prosecutor
        lawsuit sued guilty plea pleaded convicted conviction crime crimes criminal detectives
        homicide assault fraud felony indicted indictment defendant defendants testified sheriff""",
    "arts": """museum gallery galleries exhibit exhibition painting paintings painter artist artists
        concert concerts orchestra symphony musician musicians album albums song songs singer
        film films movie movies actor actress theater theatre opera ballet novel novelist poetry poet
        sculpture premiere jazz choreographer playwright curator soloist""",
    "science": """scientists scientist researchers laboratory physics chemistry biology astronomers
        nasa spacecraft telescope planet planets species genome software computer computers
        smartphone algorithm experiment experiments""",
    "health": """hospital hospitals patients patient doctors physician physicians medical medicine
        disease diseases virus vaccine vaccines cancer nurses clinic clinics surgery symptoms
        infection infections outbreak diagnosis""",
    "weather": """weather storm storms snow snowfall rainfall forecast forecasters temperatures hurricane
        flooding tornado blizzard drought heatwave""",
}
TOPICS: tuple[str, ...] = tuple(_MARKERS)
_WORD_TOPIC: dict[str, str] = {w: topic for topic, words in _MARKERS.items() for w in words.split()}

#: Section names that say a topic ("Sports", "Arts & Entertainment", "Money").
_NAME_TOPICS = {
    "sport": "sport sports sporting athletics scoreboard",
    "economy": "business money markets market finance financial economy companies industry commerce",
    "politics": "politics political elections election government capitol statehouse",
    "crime": "crime courts police justice",
    "arts": "arts art entertainment culture music movies film books theater theatre",
    "science": "science technology tech",
    "health": "health medicine wellness",
    "weather": "weather",
}
_NAME_WORD_TOPIC = {w: topic for topic, words in _NAME_TOPICS.items() for w in words.split()}

#: A story reads like a topic when the topic holds at least this share of its marker
#: words, from at least STRONG_MIN_CUES different ones. Calibrated on data/zyte (pages of
#: sports, business and political sites read as such; 0 of the sports pages read as
#: business) and the Reuters sections (no story of the seven business topics reads
#: like sport); see docs/benchmarks.md.
STRONG_SHARE = 0.6
STRONG_MIN_CUES = 4
#: A word counts at most this often: one name repeated ("the Pilots") is not many cues.
MAX_PER_WORD = 3
#: Marker words quoted as evidence.
EXAMPLES = 5
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class TopicProfile:
    #: topic -> share of the marker words
    shares: dict[str, float]
    #: topic -> distinct marker words
    cues: dict[str, int]
    #: the most frequent marker words of the leading topic (evidence for a message)
    examples: tuple[str, ...] = ()

    @property
    def strongest(self) -> str | None:
        """The topic the story reads like, or None when no topic clearly leads."""
        if not self.shares:
            return None
        topic = max(self.shares, key=lambda t: (self.shares[t], t))
        if self.shares[topic] >= STRONG_SHARE and self.cues.get(topic, 0) >= STRONG_MIN_CUES:
            return topic
        return None


def topic_profile(text: str) -> TopicProfile:
    """Each topic's share of the marker words of ``text``."""
    counts = Counter(w for w in _WORD.findall(text.casefold()) if w in _WORD_TOPIC)
    hits: Counter[str] = Counter()
    cues: Counter[str] = Counter()
    for word, n in counts.items():
        topic = _WORD_TOPIC[word]
        hits[topic] += min(n, MAX_PER_WORD)
        cues[topic] += 1
    total = sum(hits.values())
    if not total:
        return TopicProfile({}, {})
    lead = max(hits, key=lambda t: (hits[t], t))
    examples = tuple(w for w, _ in counts.most_common() if _WORD_TOPIC[w] == lead)[:EXAMPLES]
    return TopicProfile({t: n / total for t, n in hits.items()}, dict(cues), examples)


def name_topics(section: str) -> set[str]:
    """The topics a section's name says ("Sports" -> {"sport"}); empty for "Local"."""
    return {_NAME_WORD_TOPIC[w] for w in _WORD.findall(section.casefold()) if w in _NAME_WORD_TOPIC}


def learned_topics(profiles: Iterable[str | None], min_stories: int, share: float) -> set[str]:
    """The topic most of a section's stories read like, if most of them read like one."""
    strong = Counter(t for t in profiles if t is not None)
    total = sum(strong.values())
    if total < min_stories:
        return set()
    topic, n = strong.most_common(1)[0]
    return {topic} if n >= share * total else set()
