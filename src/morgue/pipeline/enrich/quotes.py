"""Quotes and who said them.

Quotes are what stands between quotation marks (curly or straight), inside one
paragraph; a paragraph that opens a quote and never closes it continues into the next
(the newspaper convention for a long quote). Each quote belongs to a sentence of the
writer's own (sentences are split outside the quotes, so "…,” he said. “…" is two).
The speaker is found in the writer's words around the quotes, in this order:

1. **name**: a speech verb (said, told, added, according to…) with a person named
   beside it: "…,” Mr. Khalilzad said", "the Russian ambassador to NATO, Dmitry
   Rogozin, said", "said Mr. Smith";
2. **pronoun**: "he added", "she said": the person named last before it;
3. **continuation**: a quote in a sentence with no speech verb continues the speaker of
   the quote before it in the paragraph ("…,” Mr. Khalilzad said. “Most alarming…”);
4. **echo**: a short fragment quoted again inside a longer quote whose speaker is known
   ("warnings of “negative consequences”", later “All our warnings about the negative
   consequences…” Ambassador Vitaly Churkin said) is that speaker's;
5. **title**: "the Russian ambassador the United Nations saying" names no one, but when
   exactly one person of the article has a compatible role (Ambassador Vitaly Churkin;
   not Dmitry Rogozin, "ambassador to NATO") it is that person.

A quote none of these settles is kept, unattributed, with the words that introduced
it ("the diplomat, who requested anonymity, added").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .records import Entity, Quote

__all__ = ["CONFIDENCE", "MIN_CONFIDENCE", "find_quotes"]

#: How sure each way of finding a speaker is. A speaker is recorded only at
#: MIN_CONFIDENCE or above; below, the quote is kept unattributed. Set by reading the
#: seed and the test sentences in tests/pipeline/test_enrich_quotes.py; a change needs
#: the benchmark (benchmarks/enrich_bench.py) rerun.
CONFIDENCE = {"name": 0.95, "pronoun": 0.8, "continuation": 0.85, "echo": 0.8, "title": 0.65,
              "paragraph": 0.6}
MIN_CONFIDENCE = 0.5
#: A fragment this short (in words) or shorter may be an echo of a longer quote.
ECHO_MAX_WORDS = 8
#: How far (characters) from a speech verb a speaker's name may stand in the writer's words.
NAME_WINDOW = 160
#: Words of the writer's sentence kept as a quote's cue.
CUE_WORDS = 10

_OPEN, _CLOSE = "“", "”"
_SPEECH = re.compile(
    r"\b(?:said|says|say|saying|told|tells|telling|added|adds|adding|asked|asks|stated|"
    r"declared|warned|warns|explained|noted|insisted|argued|replied|responded|"
    r"acknowledged|admitted|recalled|conceded|wrote|writes|complained|predicted|urged|"
    r"announced|suggested|observed|remarked|cautioned|contended|maintained|claimed|"
    r"promised|vowed|continued|according to|pointed out|went on|described|called|accused|"
    r"remembered|joked|recounted|testified|tweeted|posted|weighed in)\b")
#: Verbs whose right-hand name is the one spoken to, not the speaker ("he told Cook").
_TO_LISTENER = frozenset("told tells telling asked asks".split())
_PRONOUN = re.compile(r"\b(?:he|she|He|She)\b")
#: Periods that do not end a sentence.
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Gov|Sen|Rep|Gen|Col|Lt|Capt|Jr|Sr|Prof|Rev|Mt|No|Inc|Corp|"
    r"Co|Ltd|vs|etc|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec)|\b[A-Z])\.$")
#: Words of a title that are not qualifiers ("the", "to", "of").
_GLUE = frozenset("the a an to of at in for and on with".split())
#: Heads of a descriptive phrase that can stand for a person.
_OFFICES = frozenset("""ambassador minister president official spokesman spokeswoman secretary
    diplomat senator governor mayor chairman chairwoman chief director envoy general
    commissioner judge leader premier chancellor representative negotiator adviser advisor
    executive lawyer attorney prosecutor officer commander""".split())


@dataclass(slots=True)
class _Span:
    start: int
    end: int  # exclusive, inner text without the marks
    closed: bool = True


@dataclass(slots=True)
class _Sentence:
    start: int
    end: int
    quotes: list[_Span] = field(default_factory=list)


def find_quotes(text: str, people: list[Entity]) -> list[Quote]:
    """Every quote in ``text`` with its speaker (a key of ``people``) where one is sure."""
    mentions = sorted(((m.start, m.end, e.key) for e in people for m in e.mentions))
    quotes: list[Quote] = []
    cued: list[bool] = []  # whether each quote's sentence had a speech verb
    paragraph_of: list[int] = []
    starts_paragraph: list[bool] = []  # the paragraph opens with this quote
    paragraphs = _paragraphs(text)
    for p, (p_start, p_end) in enumerate(paragraphs):
        previous_start = paragraphs[p - 1][0] if p else p_start
        spans = _quote_spans(text, p_start, p_end)
        for sentence in _sentences(text, p_start, p_end, spans):
            outside = _mask(text, sentence)
            speaker, cue, how, found_verb = _attribute(text, outside, sentence, mentions, people,
                                                       previous_start)
            for span in sentence.quotes:
                quote = Quote(span.start, span.end, text[span.start:span.end],
                              _kind(text, span), cue=cue)
                if speaker:
                    quote.speaker, quote.how, quote.confidence = speaker, how, CONFIDENCE[how]
                quotes.append(quote)
                cued.append(found_verb)
                paragraph_of.append(p)
                starts_paragraph.append(not text[p_start:span.start - 1].strip())
    _continue(quotes, cued, paragraph_of, starts_paragraph)
    _echo(quotes)
    return quotes


# -- finding quotes and sentences ----------------------------------------------------------

def _paragraphs(text: str) -> list[tuple[int, int]]:
    found, start = [], 0
    for match in re.finditer(r"\n\s*\n", text):
        found.append((start, match.start()))
        start = match.end()
    found.append((start, len(text)))
    return [(s, e) for s, e in found if text[s:e].strip()]


def _quote_spans(text: str, start: int, end: int) -> list[_Span]:
    """Quotes inside one paragraph: curly pairs, or straight quotes taken in pairs."""
    spans: list[_Span] = []
    opened: int | None = None
    for i in range(start, end):
        ch = text[i]
        if ch == _OPEN or (ch == '"' and opened is None):
            if opened is None:
                opened = i + 1
        elif (ch == _CLOSE or ch == '"') and opened is not None:
            if text[opened:i].strip():
                spans.append(_Span(opened, i))
            opened = None
    if opened is not None and text[opened:end].strip():
        spans.append(_Span(opened, end, closed=False))  # runs on into the next paragraph
    return spans


def _sentences(text: str, start: int, end: int, spans: list[_Span]) -> list[_Sentence]:
    """The paragraph's sentences that hold quotes; a sentence ends at . ? or ! outside a
    quote (or at the end of a quote that ends with one), before a capital or a quote."""
    ends: list[int] = []
    inside = {i for s in spans for i in range(s.start, s.end)}
    for i in range(start, end):
        ch = text[i]
        if ch in ".?!" and i not in inside and not _ABBREVIATION.search(text[max(start, i - 6):i + 1]):
            ends.append(i + 1)
        elif ch in "”\"" and i not in inside and i > start and text[i - 1] in ".?!":
            ends.append(i + 1)
    boundaries = [start]
    for e in ends:
        rest = text[e:end].lstrip()
        if rest and (rest[0].isupper() or rest[0] in "“\"‘'"):
            boundaries.append(e)
    boundaries.append(end)
    sentences = []
    for s, e in zip(boundaries, boundaries[1:], strict=False):
        if e > s:
            held = [q for q in spans if s <= q.start < e]
            if held:
                sentences.append(_Sentence(s, e, held))
    return sentences


def _mask(text: str, sentence: _Sentence) -> str:
    """The sentence with its quotes blanked out (offsets kept): the writer's own words."""
    chars = list(text[sentence.start:sentence.end])
    for q in sentence.quotes:
        for i in range(q.start - 1, min(q.end + 1, sentence.end)):
            if i - sentence.start >= 0:
                chars[i - sentence.start] = " "
    return "".join(chars)


def _kind(text: str, span: _Span) -> str:
    inner = text[span.start:span.end].strip()
    direct = inner[:1].isupper() and inner[-1:] in ",.?!:" and len(inner.split()) >= 3
    return "direct" if direct else "partial"


# -- speakers ------------------------------------------------------------------------------

def _attribute(text: str, outside: str, sentence: _Sentence,
               mentions: list[tuple[int, int, str]], people: list[Entity],
               paragraph_start: int = 0) -> tuple[str | None, str, str, bool]:
    """(speaker key, cue, how, whether a speech verb was there) for one sentence."""
    base = sentence.start
    verbs = list(_SPEECH.finditer(outside))
    if not verbs:
        return None, "", "", False
    first_cue = ""
    for verb in verbs:
        v_start, v_end = base + verb.start(), base + verb.end()
        left_limit = _clause_start(outside, verb.start()) + base
        cue = _words(text, left_limit, v_end)
        first_cue = first_cue or cue
        # a name on the left of the verb ("Dmitry Rogozin, said"), else on its right
        left = [m for m in mentions if left_limit <= m[0] and m[1] <= v_start
                and v_start - m[1] <= NAME_WINDOW]
        if left:
            return left[-1][2], cue, "name", True
        before, after = outside[max(0, verb.start() - 12):verb.start()], outside[verb.end():verb.end() + 6]
        if _PRONOUN.search(before) or (verb.group(0) not in _TO_LISTENER and _PRONOUN.search(after)):
            found = _last_speaker(text, v_start, mentions, people, paragraph_start)
            if found:
                return found, cue, "pronoun", True
        right_end = _clause_end(outside, verb.end()) + base
        right = [m for m in mentions if v_end <= m[0] < right_end and m[0] - v_end <= NAME_WINDOW]
        if right and verb.group(0) not in _TO_LISTENER:
            return right[0][2], _words(text, v_start, right[0][1]), "name", True
        titled = _title_speaker(text[left_limit:v_start], people)
        if titled:
            return titled, cue, "title", True
    return None, first_cue, "", True


def _last_speaker(text: str, before: int, mentions: list[tuple[int, int, str]],
                  people: list[Entity], nearby: int = 0) -> str | None:
    """Who "he" or "she" is. In this paragraph and the one before (from ``nearby``): the
    person last named as a subject: saying something ("Cook said", "said Mr. Smith") or
    opening a sentence ("McCormick, who…, told"; "Wild defenseman Ryan Suter could see").
    Else the person last named as saying something anywhere before; else the story's
    most-named person so far (its subject, usually), leaving out one-word names
    mentioned once (often a misread word: "Twitter"); the one named last among equals."""
    earlier = [m for m in mentions if m[1] <= before]
    for start, end, key in reversed([m for m in earlier if m[0] >= nearby]):
        if _says(text, start, end) or _opens_sentence(text, start):
            return key
    for start, end, key in reversed(earlier):
        if _says(text, start, end):
            return key
    solid = {e.key for e in people if len(e.mentions) > 1 or " " in e.key}
    named = [m[2] for m in mentions if m[1] <= before and m[2] in solid]
    if not named:
        return None
    counts = Counter(named)
    return max(reversed(named), key=lambda key: counts[key])


def _says(text: str, start: int, end: int) -> bool:
    return bool(_SPEECH.match(text[end:end + 16].lstrip(" ,"))
                or re.search(r"\b(?:said|says|added|asked)\s*$", text[max(0, start - 10):start]))


#: A name this many words or fewer into its sentence is taken as the sentence's subject
#: ("Wild defenseman Ryan Suter").
SUBJECT_WORDS = 3


def _opens_sentence(text: str, start: int) -> bool:
    head = re.split(r"(?:[.?!][”\"]?\s+|\n)", text[max(0, start - 200):start])[-1]
    return len(head.split()) <= SUBJECT_WORDS and "“" not in head and '"' not in head


def _clause_start(outside: str, at: int) -> int:
    """Where the writer's words before a verb begin: after the last quote or sentence start."""
    blank = outside.rfind("  ", 0, at)
    return 0 if blank < 0 else blank + 2


def _clause_end(outside: str, at: int) -> int:
    blank = outside.find("  ", at)
    return len(outside) if blank < 0 else blank


def _words(text: str, start: int, end: int) -> str:
    """The cue as shown: at most CUE_WORDS words, ending at the verb or the name."""
    return " ".join(text[start:end].split()[-CUE_WORDS:]).strip(" ,—")


def _title_speaker(before: str, people: list[Entity]) -> str | None:
    """The one person whose role fits a descriptive phrase before the verb."""
    phrase = before.rsplit(",", 1)[-1]
    words = re.findall(r"[\w’'-]+", phrase)
    starts = [i for i, w in enumerate(words) if w.casefold() in ("the", "a", "an")]
    if not starts:
        return None
    described = words[starts[0] + 1:]
    heads = {w.casefold() for w in described} & _OFFICES
    if not heads:
        return None
    qualifiers = {w.casefold() for w in described if w[:1].isupper()} - heads
    fits = []
    for person in people:
        for role in person.roles:
            role_words = re.findall(r"[\w’'-]+", role)
            role_heads = {w.casefold() for w in role_words} & _OFFICES
            role_qualifiers = {w.casefold() for w in role_words
                               if w[:1].isupper() and w.casefold() not in _GLUE} - role_heads
            if heads & role_heads and role_qualifiers <= qualifiers:
                fits.append(person.key)
                break
    return fits[0] if len(set(fits)) == 1 else None


def _continue(quotes: list[Quote], cued: list[bool], paragraph_of: list[int],
              starts_paragraph: list[bool]) -> None:
    """A quote whose sentence has no speech verb continues the speaker before it."""
    for i, quote in enumerate(quotes):
        if quote.speaker or cued[i] or i == 0:
            continue
        before = quotes[i - 1]
        if before.speaker and paragraph_of[i - 1] == paragraph_of[i]:
            quote.speaker, quote.how = before.speaker, "continuation"
            quote.confidence, quote.cue = CONFIDENCE["continuation"], before.cue
        elif (before.speaker and paragraph_of[i - 1] == paragraph_of[i] - 1
              and starts_paragraph[i]):
            # a paragraph that is one more quote of the speaker just quoted
            quote.speaker, quote.how = before.speaker, "paragraph"
            quote.confidence, quote.cue = CONFIDENCE["paragraph"], before.cue
        if quote.confidence < MIN_CONFIDENCE:
            quote.speaker = None


def _echo(quotes: list[Quote]) -> None:
    """A short unattributed fragment found inside a longer attributed quote is its speaker's."""
    for quote in quotes:
        if quote.speaker or len(quote.text.split()) > ECHO_MAX_WORDS:
            continue
        needle = _normal(quote.text)
        if not needle:
            continue
        sources = {q.speaker for q in quotes if q is not quote and q.speaker
                   and len(q.text) > len(quote.text) and needle in _normal(q.text)}
        if len(sources) == 1:
            quote.speaker, quote.how, quote.confidence = sources.pop(), "echo", CONFIDENCE["echo"]


def _normal(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))
