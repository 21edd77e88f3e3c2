"""Layout tables → plain block containers, before trafilatura reads the page.

Sites of the 2000s laid pages out with nested ``<table>``\\ s: a navigation column, the
story column, a sidebar, header and footer rows. trafilatura reads every table as data
and renders it as ``| cell | cell |`` rows, gluing the menu, the headline, the story and
the copyright line into one paragraph. So each table is first judged on its own rows
and cells (the rows of tables nested in them apart), on the page as it came:

1. **layout**, whatever else it has, when it says ``role="presentation"``, or a cell
   holds another table, a heading, or a paragraph's worth of text;
2. **data** when it has header cells (``<th>``), a ``<thead>`` or a ``<caption>``;
3. **layout** when a cell holds a run of blocks (paragraphs, lists, divs); when it is
   one cell, one row or one column; or when it carries presentational attributes
   (``width``, ``cellpadding``…) and has only a few rows that either do not line up in
   columns or hold one cell far longer than a data value;
4. **data** otherwise: box scores, election results and tide tables (rows of short
   cells in consistent columns) stay tables, and trafilatura renders them as tables.

Then the layout tables are rewritten in place: ``table``, ``tr``, ``td``, ``th`` and
``caption`` become ``div`` (order, attributes and text kept), ``thead``/``tbody``/``tfoot``
are unwrapped and ``col``/``colgroup`` dropped. A data table nested in a layout cell
stays a table. No text is added or lost, so whatever reads the page's text afterwards
(:func:`.paragraphs.html_paragraphs` treats cells and divs alike as blocks) sees the same
paragraphs. What trafilatura then makes of the divs is its own call: it reads loose
text in a ``div`` only when a page has few ``<p>``\\ s, so the short cells of a frame
(menus, date bars, footers) drop out of the body, and :mod:`.html` records the longer
ones in ``set_aside``.

Thresholds below were calibrated on the sample archive's 2003 pages and on data/zyte
(13 of its 181 pages have tables); re-run ``tests/pipeline/test_extract_layout.py``
and the zyte body F1 (data/README.md) if one changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import lxml.html

__all__ = ["LayoutReport", "TableVerdict", "classify_table", "unwrap_layout_tables"]

#: A cell with at least this many words holds a text column (a story, a sidebar), not
#: a data value: data cells hold a number, a name or a short phrase, and even the
#: description column of a timeline stays under this. A story paragraph in print runs
#: 30-80 words; a story column set as ``text<br><br>text`` in one cell passes it at once.
LONG_CELL_WORDS = 80

#: A cell with at least this many blocks of text (``<p>``, ``<div>``, lists…; a block
#: counts only if no other block is inside it) holds a run of content: the story column
#: of a frame. One is not enough: tables pasted from Word wrap every data cell in a
#: ``<p>``, and some CMSs in ``<div><p>``.
BLOCKS_PER_LAYOUT_CELL = 2

#: Presentational attributes count only for a table of at most this many rows: a page
#: frame has a header, a body and a footer row, while data tables with those attributes
#: (very common in the 2000s) have more rows, or a few rows in clean columns.
FEW_ROWS = 3

#: ... and only if a cell holds more than this many words (a caption or a blurb beside
#: a photo, where data cells are a few words), or the rows do not line up in columns.
SHORT_CELL_WORDS = 25

#: ``role`` values that declare a table to be for layout (WAI-ARIA; trafilatura itself
#: turns these into divs too).
LAYOUT_ROLES = frozenset({"presentation", "none"})

#: Attributes page builders used to lay tables out. Data tables carry them too, so they
#: count only with few rows (see FEW_ROWS).
LAYOUT_ATTRIBUTES = ("width", "height", "cellpadding", "cellspacing", "bgcolor", "background")

#: Block elements: two of them with text in one cell is running content (BLOCKS_PER_LAYOUT_CELL).
BLOCK_TAGS = frozenset(
    "p div ul ol dl blockquote pre form center address article section aside nav "
    "header footer figure".split()
)
HEADING_TAGS = frozenset("h1 h2 h3 h4 h5 h6".split())

REASON_ROLE = "role=presentation"
REASON_NESTED = "a cell holds another table"
REASON_HEADING = "a cell holds a heading"
REASON_LONG_CELL = "a cell holds a long text"
REASON_HEADERS = "header cells or caption"
REASON_BLOCKS = "a cell holds several blocks"
REASON_ONE_CELL = "one cell"
REASON_ONE_ROW = "one row"
REASON_ONE_COLUMN = "one column"
REASON_FRAME = "presentational attributes and a few uneven rows"
REASON_GRID = "rows of short cells in columns"
REASON_EMPTY = "no cells"

#: Children of a table (or of these) that hold its rows.
_ROW_GROUPS = frozenset({"thead", "tbody", "tfoot", "form"})
_SECTIONS = frozenset({"thead", "tbody", "tfoot"})
_COLUMN_SPECS = frozenset({"col", "colgroup"})
_VISIBLE_TEXT = ".//text()[not(ancestor::script or ancestor::style or ancestor::noscript)]"
#: A ``colspan`` larger than this is a typo or a "100": counted as this many columns.
_MAX_COLSPAN = 50


@dataclass(frozen=True, slots=True)
class TableVerdict:
    """What one table was taken for, and the signal that decided it."""

    layout: bool
    reason: str


@dataclass(slots=True)
class LayoutReport:
    """What :func:`unwrap_layout_tables` did to one page."""

    #: why each unwrapped table was taken for layout, in document order
    unwrapped: list[str] = field(default_factory=list)
    #: how many tables were kept as data tables
    kept: int = 0


def unwrap_layout_tables(root: lxml.html.HtmlElement) -> LayoutReport:
    """Rewrite the layout tables under ``root`` as ``div``\\ s, in place; keep data tables.

    Every table is judged before any is rewritten, so an outer table's verdict never
    depends on what became of the tables inside it.
    """
    report = LayoutReport()
    layout: list[lxml.html.HtmlElement] = []
    for table in root.iter("table"):
        verdict = classify_table(table)
        if verdict.layout:
            layout.append(table)
            report.unwrapped.append(verdict.reason)
        else:
            report.kept += 1
    for table in layout:
        _to_blocks(table)
    return report


def classify_table(table: lxml.html.HtmlElement) -> TableVerdict:
    """Layout or data, judged on the table's own rows and cells (see the module doc)."""
    if (table.get("role") or "").strip().lower() in LAYOUT_ROLES:
        return TableVerdict(True, REASON_ROLE)
    rows = [_cells(row) for row in _rows(table)]
    cells = [cell for row in rows for cell in row]
    if not cells:
        return TableVerdict(False, REASON_EMPTY)

    # 1. What the cells hold: stronger than any header markup.
    if any(cell.find(".//table") is not None for cell in cells):
        return TableVerdict(True, REASON_NESTED)
    if any(_tag(e) in HEADING_TAGS for cell in cells for e in cell.iterdescendants()):
        return TableVerdict(True, REASON_HEADING)
    words = [_word_count(cell) for cell in cells]
    if max(words) >= LONG_CELL_WORDS:
        return TableVerdict(True, REASON_LONG_CELL)

    # 2. Declared headers make a data table.
    if any(_tag(child) in ("thead", "caption") for child in table) or any(_tag(c) == "th" for c in cells):
        return TableVerdict(False, REASON_HEADERS)

    # 3. Weaker layout signals.
    if any(_holds_blocks(cell) for cell in cells):
        return TableVerdict(True, REASON_BLOCKS)
    if len(cells) == 1:
        return TableVerdict(True, REASON_ONE_CELL)
    if len(rows) == 1:
        return TableVerdict(True, REASON_ONE_ROW)
    if all(len(row) <= 1 for row in rows):
        return TableVerdict(True, REASON_ONE_COLUMN)
    widths = {sum(_colspan(cell) for cell in row) for row in rows}
    if (
        any(table.get(name) is not None for name in LAYOUT_ATTRIBUTES)
        and len(rows) <= FEW_ROWS
        and (len(widths) > 1 or max(words) > SHORT_CELL_WORDS)
    ):
        return TableVerdict(True, REASON_FRAME)

    # 4. Rows of short cells.
    return TableVerdict(False, REASON_GRID)


def _tag(element: lxml.html.HtmlElement) -> str:
    """Lower-case tag name; "" for comments and processing instructions."""
    return element.tag.lower() if isinstance(element.tag, str) else ""


def _rows(table: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The table's own rows, through ``tbody``/``thead``/``tfoot`` and a stray ``form``."""
    rows: list[lxml.html.HtmlElement] = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            rows.append(child)
        elif tag in _ROW_GROUPS:
            rows.extend(_rows(child))
    return rows


def _cells(row: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    return [cell for cell in row if _tag(cell) in ("td", "th")]


def _word_count(cell: lxml.html.HtmlElement) -> int:
    """Visible words: a search box's script in a header cell is not text."""
    return sum(len(t.split()) for t in cell.xpath(_VISIBLE_TEXT))


def _holds_blocks(cell: lxml.html.HtmlElement) -> bool:
    """At least BLOCKS_PER_LAYOUT_CELL innermost blocks with text inside ``cell``."""
    found = 0
    for element in cell.iterdescendants(*BLOCK_TAGS):
        if next(element.iterdescendants(*BLOCK_TAGS), None) is None and element.text_content().strip():
            found += 1
            if found >= BLOCKS_PER_LAYOUT_CELL:
                return True
    return False


def _colspan(cell: lxml.html.HtmlElement) -> int:
    try:
        return min(max(int((cell.get("colspan") or "1").strip()), 1), _MAX_COLSPAN)
    except ValueError:
        return 1


def _to_blocks(table: lxml.html.HtmlElement) -> None:
    """table/tr/td/th/caption → div; row groups unwrapped; column specs dropped.

    Only this table's own parts change: a table nested in one of its cells is judged
    and rewritten (or kept) on its own.
    """
    parts = [table]
    for row in _rows(table):
        parts.append(row)
        parts.extend(_cells(row))
    parts.extend(child for child in table if _tag(child) == "caption")
    for spec in [e for e in table.iter(*_COLUMN_SPECS) if _owner(e) is table]:
        spec.drop_tree()
    for section in [e for e in table.iter(*_SECTIONS) if _owner(e) is table]:
        section.drop_tag()
    for element in parts:
        element.tag = "div"


def _owner(element: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The nearest table above ``element``."""
    return next(element.iterancestors("table"), None)
