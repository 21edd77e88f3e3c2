"""PostgreSQL full text: websearch_to_tsquery, ts_rank over a weighted tsvector, ts_headline.

The query is first read by :func:`morgue.search.query.parse` (so both backends agree on
what is required, optional and excluded) and written back in websearch syntax.
"""

from __future__ import annotations

from django.db import connection

from ..query import ParsedQuery, SearchQuery, Term
from .base import MARK_END, MARK_START, Sql, SqlBackend, marked_html

#: ts_rank normalisation 1: divide by 1 + log(document length), so long stories do not
#: win by length alone
RANK_NORMALIZATION = 1
#: ts_headline drops what its parser reads as an HTML tag, so a story quoting "<script>"
#: would lose those words in its snippet: the angle brackets stand in disguise meanwhile
HIDE_TAGS = ("<>", "\ue002\ue003")
HEADLINE_OPTIONS = (f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=35, MinWords=15, "
                    'ShortWord=3, MaxFragments=2, FragmentDelimiter=" … "')


def websearch_term(term: Term) -> str:
    text = " ".join(term.words)
    return f'"{text}"' if term.is_phrase else text


def tsquery(parsed: ParsedQuery, config: str) -> tuple[str, list[str]]:
    """The query as one tsquery expression read with ``config`` (an SQL expression giving
    a regconfig): each group through websearch_to_tsquery, joined with ``&&``, each
    excluded term ``&& !!``. One websearch string would read "a or b -c" as
    a | (b & !c), since its AND binds tighter than OR and it has no parentheses."""
    parts, params = [], []
    for group in parsed.groups:
        parts.append(f"websearch_to_tsquery({config}, %s)")
        params.append(" or ".join(websearch_term(t) for t in group))
    for term in parsed.excluded:
        parts.append(f"!!websearch_to_tsquery({config}, %s)")
        params.append(websearch_term(term))
    return "(" + " && ".join(parts) + ")", params


class PostgresBackend(SqlBackend):
    name = vendor = "postgresql"

    def matching(self, parsed: ParsedQuery, query: SearchQuery) -> Sql:
        where, params = self.filters(query)
        # ts_rank reads each match's whole tsvector; only work it out when it orders hits.
        score = (f"ts_rank(d.vector, tsq.q, {RANK_NORMALIZATION})" if query.sort == "relevance"
                 else "0.0")
        # Each row is matched by the query as its own analyser reads it (German stems
        # for a German story): one query per analyser the index holds.
        configs = self.analysers() or ["english"]
        expression, words = tsquery(parsed, "%s::regconfig")
        queries = ", ".join([f"(%s::regconfig, {expression})"] * len(configs))
        values = [value for name in configs
                  for value in (name, *(v for word in words for v in (name, word)))]
        return Sql(
            f"SELECT d.article_id, {score} AS score, "
            "d.published, d.year, d.section FROM search_document d "
            f"JOIN (VALUES {queries}) AS tsq(config, q) ON d.analyser = tsq.config "
            f"WHERE d.vector @@ tsq.q AND {where}",
            [*values, *params])

    def snippets(self, ids: list[int], parsed: ParsedQuery) -> dict[int, str]:
        if not ids:
            return {}
        expression, words = tsquery(parsed, "analyser")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT article_id, ts_headline(analyser, translate(body, %s, %s), "
                f"{expression}, %s) FROM search_document WHERE article_id = ANY(%s)",
                [*HIDE_TAGS, *words, HEADLINE_OPTIONS, ids])
            unhide = str.maketrans(HIDE_TAGS[1], HIDE_TAGS[0])
            return {pk: marked_html((text or "").translate(unhide))
                    for pk, text in cursor.fetchall()}

    @staticmethod
    def _cast_text(expr: str) -> str:
        return f"({expr})::text"

    @staticmethod
    def _cast_number(expr: str) -> str:
        return f"({expr})::float8"
