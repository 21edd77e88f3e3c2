"""CMS exports with one record per line (JSON Lines) or row (CSV).

Each record yields its exact bytes in the file (without the line terminator, which
separates records rather than belonging to one; and without a byte-order mark, which
belongs to the file) plus ``fields``, the record under our field names.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import json
from collections.abc import Iterator
from typing import BinaryIO

from charset_normalizer import from_bytes

from morgue.pipeline.records import RawPage, SourceItem, SourceProblem

from .base import FileSource, SourceOptions
from .fields import FieldMapper
from .files import Entry, mtime_utc, open_file, strip_eol

# bytes read to sniff a CSV's delimiter
CSV_SNIFF_BYTES = 64 * 1024
CSV_DELIMITERS = ",;\t|"
# Lines with non-ASCII bytes looked at to choose a CSV's encoding; enough to tell UTF-8
# from a legacy 8-bit encoding with certainty, few enough to stay quick on huge exports.
ENCODING_PROBE_LINES = 2000
# bytes of such lines handed to charset-normalizer when the file is not UTF-8
ENCODING_SAMPLE_BYTES = 1024 * 1024
# what legacy Windows-era CMSs wrote when not UTF-8, and what charset-normalizer's
# "no idea" falls back to
LEGACY_FALLBACK_ENCODING = "cp1252"
_COUNT_CHUNK = 1024 * 1024
_UTF16_32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _skip_bom(fh: BinaryIO) -> bool:
    """Step over a UTF-8 byte-order mark; True if there was one."""
    if fh.read(3) == codecs.BOM_UTF8:
        return True
    fh.seek(0)
    return False


class JsonlSource(FileSource):
    """One JSON object per line."""

    __slots__ = ("mapper",)

    def __init__(self, path: str, format: str, options: SourceOptions) -> None:
        super().__init__(path, format, options)
        self.mapper = FieldMapper(options.column_map)

    def estimate(self) -> int | None:
        try:
            with open_file(self.path) as fh:
                count, last = 0, b"\n"
                while chunk := fh.read(_COUNT_CHUNK):
                    count += chunk.count(b"\n")
                    last = chunk[-1:]
                return count + (last != b"\n")
        except OSError:
            return None

    def read_entry(self, entry: Entry) -> Iterator[SourceItem]:
        name = entry.locator
        try:
            fh = open_file(entry.path)
        except OSError as exc:
            yield self.unreadable(name, exc)
            return
        captured_at = mtime_utc(entry.path)
        limit = self.options.read_limit
        with fh:
            _skip_bom(fh)
            seen_any = False
            number = 0
            try:
                while raw := fh.readline(limit + 1):
                    if len(raw) > limit and not raw.endswith(b"\n"):
                        number += 1
                        seen_any = True
                        yield self.problem(f"{name}#{number}", f"line {number} is longer than the read limit "
                                           f"of {limit} bytes; not read")
                        while (more := fh.readline(limit + 1)) and not more.endswith(b"\n"):
                            pass  # the rest of the long line
                        continue
                    number += 1
                    line = strip_eol(raw)
                    if not line.strip():
                        continue
                    seen_any = True
                    yield from self._line(line, f"{name}#{number}", number, captured_at)
            except OSError as exc:
                yield self.problem(name, f"cannot read file: {exc.strerror or exc}")
                return
            if not seen_any:
                yield self.problem(name, "empty file")

    def _line(
        self, line: bytes, locator: str, number: int, captured_at: dt.datetime | None
    ) -> Iterator[RawPage | SourceProblem]:
        try:
            record = json.loads(line.decode("utf-8"))
        except UnicodeDecodeError as exc:
            yield self.problem(locator, f"line {number} is not UTF-8: {exc}", line)
            return
        except json.JSONDecodeError as exc:
            yield self.problem(locator, f"line {number} is not valid JSON: {exc}", line)
            return
        if not isinstance(record, dict):
            yield self.problem(locator, f"line {number} is a JSON {type(record).__name__}, not an object", line)
            return
        fields = self.mapper.map_record(record)
        yield RawPage(
            content=line,
            source=self.path,
            locator=locator,
            format=self.format,
            legacy_url=fields.get("legacy_url"),
            captured_at=captured_at,
            content_type="application/json",
            declared_charset="utf-8",
            fields=fields,
        )
        warning = self.oversize(locator, len(line))
        if warning:
            yield warning


def detect_csv_encoding(fh: BinaryIO) -> str:
    """The encoding of a CSV export, read from its non-ASCII lines (file position kept).

    UTF-8 wins when most such lines decode as UTF-8, so one stray Windows-1252 row in a
    UTF-8 file stays one undecodable row instead of turning the whole file to mojibake.
    """
    start = fh.tell()
    valid = invalid = 0
    sample: list[bytes] = []
    sample_size = 0
    for line in fh:
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            valid += 1
        except UnicodeDecodeError:
            invalid += 1
            if sample_size < ENCODING_SAMPLE_BYTES:
                sample.append(line)
                sample_size += len(line)
        if valid + invalid >= ENCODING_PROBE_LINES:
            break
    fh.seek(start)
    if valid >= invalid:
        return "utf-8"
    return choose_legacy_encoding(b"".join(sample))


def choose_legacy_encoding(sample: bytes) -> str:
    """The 8-bit encoding of a sample, preferring Windows-1252 where it reads the same.

    charset-normalizer often names a sibling code page (cp1250, cp1257) for Western
    text, because on most letters they agree; where Windows-1252 decodes the sample to
    the same text, or at least as cleanly, it is by far the likelier one for a
    newspaper CMS.
    """
    results = from_bytes(sample)
    best = results.best()
    if best is None:
        return LEGACY_FALLBACK_ENCODING
    best_name = codecs.lookup(best.encoding).name
    try:
        if sample.decode(LEGACY_FALLBACK_ENCODING) == sample.decode(best_name):
            return LEGACY_FALLBACK_ENCODING
    except UnicodeDecodeError:
        return best_name
    for match in results:
        if (
            codecs.lookup(match.encoding).name == LEGACY_FALLBACK_ENCODING
            and match.chaos <= best.chaos
            and match.coherence >= best.coherence
        ):
            return LEGACY_FALLBACK_ENCODING
    return best_name


def sniff_delimiter(sample: str) -> str:
    """The delimiter of a CSV sample: csv.Sniffer's pick if it splits the header, else
    the candidate most frequent in the header line."""
    header = sample.split("\n", 1)[0]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=CSV_DELIMITERS).delimiter
        if delimiter in header:
            return delimiter
    except csv.Error:
        pass  # no consistent delimiter in the sample: fall back to counting
    counts = {candidate: header.count(candidate) for candidate in CSV_DELIMITERS}
    best = max(counts, key=lambda candidate: counts[candidate])
    return best if counts[best] else ","


class _RawLines:
    """Feeds decoded lines to csv.reader while keeping the raw bytes it consumed.

    csv.reader pulls exactly the lines of one row (more than one when a quoted cell
    spans lines), so after each row ``consumed`` holds that row's bytes.
    """

    __slots__ = ("fh", "encoding", "consumed", "decode_error")

    def __init__(self, fh: BinaryIO, encoding: str) -> None:
        self.fh = fh
        self.encoding = encoding
        self.consumed: list[bytes] = []
        self.decode_error: UnicodeDecodeError | None = None

    def start_row(self) -> None:
        self.consumed.clear()
        self.decode_error = None

    def __iter__(self) -> Iterator[str]:
        for raw in self.fh:
            self.consumed.append(raw)
            try:
                yield raw.decode(self.encoding)
            except UnicodeDecodeError as exc:
                self.decode_error = self.decode_error or exc
                yield raw.decode(self.encoding, errors="replace")


class CsvSource(FileSource):
    """One record per CSV row; the first row names the columns."""

    __slots__ = ("mapper",)

    def __init__(self, path: str, format: str, options: SourceOptions) -> None:
        super().__init__(path, format, options)
        self.mapper = FieldMapper(options.column_map)

    def read_entry(self, entry: Entry) -> Iterator[SourceItem]:
        name = entry.locator
        try:
            fh = open_file(entry.path)
        except OSError as exc:
            yield self.unreadable(name, exc)
            return
        with fh:
            try:
                yield from self._rows(fh, name, mtime_utc(entry.path))
            except OSError as exc:
                yield self.problem(name, f"cannot read file: {exc.strerror or exc}")

    def _rows(self, fh: BinaryIO, name: str, captured_at: dt.datetime | None) -> Iterator[SourceItem]:
        head = fh.read(CSV_SNIFF_BYTES)
        if not head.strip():
            yield self.problem(name, "empty file")
            return
        if head.startswith(_UTF16_32_BOMS):
            yield self.problem(name, "UTF-16/32 encoded CSV is not supported; save it as UTF-8 and ingest again")
            return
        fh.seek(0)
        bom = _skip_bom(fh)
        encoding = "utf-8" if bom else detect_csv_encoding(fh)
        sample = head[3 if bom else 0 :].decode(encoding, errors="replace")
        delimiter = sniff_delimiter(sample[: sample.rfind("\n") + 1] or sample)
        # bodies in exports run far past csv's default 128 KB cell limit (a process-wide setting)
        csv.field_size_limit(max(csv.field_size_limit(), self.options.max_bytes))
        lines = _RawLines(fh, encoding)
        # strict: a stray quote is an error to report, not something to guess around
        reader = csv.reader(lines, delimiter=delimiter, strict=True)
        try:
            header = [column.strip() for column in next(row for row in reader if row)]
        except StopIteration:
            yield self.problem(name, "empty file")
            return
        except csv.Error as exc:
            yield self.problem(name, f"cannot read the header row: {exc}", b"".join(lines.consumed))
            return
        columns = tuple(header)
        missing = self.mapper.missing_columns(columns)
        if missing:
            yield self.problem(
                name,
                f"column map names column(s) not in the header: {', '.join(missing)}",
                severity="warning",
            )
        number = 0
        while True:
            lines.start_row()
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                number += 1
                raw = strip_eol(b"".join(lines.consumed))
                yield self.problem(f"{name}#{number}", f"row {number} is not valid CSV: {exc}", raw)
                continue
            if not row:
                continue  # a blank line between rows
            number += 1
            locator = f"{name}#{number}"
            raw = strip_eol(b"".join(lines.consumed))
            error = lines.decode_error
            fields = self.mapper.map_record(dict(zip(columns, row, strict=False)))
            yield RawPage(
                content=raw,
                source=self.path,
                locator=locator,
                format=self.format,
                legacy_url=fields.get("legacy_url"),
                captured_at=captured_at,
                content_type="text/csv",
                # a row that does not decode says nothing true about its charset
                declared_charset=None if error else encoding,
                fields=fields,
            )
            warning = self._row_warning(
                locator, number=number, cells=len(row), width=len(columns), error=error, size=len(raw)
            )
            if warning:
                yield warning

    def _row_warning(
        self, locator: str, *, number: int, cells: int, width: int, error: UnicodeDecodeError | None, size: int
    ) -> SourceProblem | None:
        """One warning (a second at the same place would supersede the first) for a row
        that was yielded: undecodable bytes, wrong width, size."""
        reasons: list[str] = []
        if error is not None:
            reasons.append(
                f"row {number} is not valid {error.encoding} ({error.reason} at byte {error.start} of a line: "
                f"{error.object[error.start : error.start + 4]!r}); its fields were read with "
                "replacement characters, its bytes are kept as they are"
            )
        if cells != width:
            reasons.append(f"row {number} has {cells} cells, the header has {width}")
        oversize = self.oversize(locator, size)
        if oversize:
            reasons.append(oversize.reason)
        return self.problem(locator, "; ".join(reasons), severity="warning") if reasons else None
