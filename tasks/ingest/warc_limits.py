"""The limits warcio's reader lacks, per record: an archive may be any size (a CC-NEWS file is
about 1 GB), but no one record may cost unbounded memory or time.

warcio reads a header line of any length whole (a 1 MB `.warc.gz` holding one 1 GiB header
line took 3.1 GiB of memory and 30 s to scan) and inflates a gzip member of any ratio. So
the archive is read through `GuardedReader`, warcio's own reader with three checks:
- a header line (WARC or HTTP) is read at most `MAX_HEADER_LINE` bytes at a time, and a
  record's header block (with the blank lines before it) at most `MAX_HEADER_BYTES`: over
  either, `OverLimit("header_too_long")`;
- a gzip member (one record of a `.warc.gz`) may inflate to `MAX_RATIO` times the compressed
  bytes read for it, once past `RATIO_FLOOR`: over that, `OverLimit("gzip_bomb")`, after at
  most one read block inflated (about 16 MiB at deflate's ratio of 1,000).
Neither record's end can be found without reading it through, so the scan stops there, with
the pages before it kept. What a page may weigh (its declared and decoded size) is checked by
tasks.ingest.warc, which goes on past a page over the limit.
"""

from __future__ import annotations

from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader

MAX_HEADER_LINE = 64 * 1024  # bytes in one header line: URLs, cookies and CSPs stay well under
MAX_HEADER_BYTES = 256 * 1024  # bytes in one record's WARC and HTTP header lines together
MAX_RATIO = 100  # inflated / compressed bytes of one gzip member: HTML inflates 5 to 10 times
RATIO_FLOOR = 2**20  # inflated bytes of a member before its ratio is checked
READ_BLOCK = 16 * 1024  # compressed bytes read (and inflated) at a time: warcio's default


class OverLimit(Exception):
    """A record over a limit of this module; `reason` is its reject's reason."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class GuardedReader(DecompressingBufferedReader):
    """warcio's reader (gzip members or plain bytes), with the limits of the module's doc.

    Header bytes are counted over consecutive `readline` calls, which is how warcio reads
    header lines and the blank lines between records; a `read` (a record's content) or
    `new_record` starts the count again.
    """

    def __init__(self, stream: IO[bytes]) -> None:
        super().__init__(stream, block_size=READ_BLOCK)
        self.header_bytes = 0  # read by readline since the last read or new_record
        self.line_bytes = 0  # of a line not ended yet (warcio may return one in pieces)
        self.member_in = self.member_out = 0

    def new_record(self) -> None:
        self.header_bytes = self.line_bytes = 0

    def read(self, length: int | None = None) -> bytes:
        self.new_record()
        data: bytes = super().read(length)
        return data

    def readline(self, length: int | None = None) -> bytes:
        room = min(MAX_HEADER_LINE - self.line_bytes, MAX_HEADER_BYTES - self.header_bytes) + 1
        line: bytes = super().readline(room if length is None else min(length, room))
        self.header_bytes += len(line)
        self.line_bytes += len(line)
        if self.line_bytes > MAX_HEADER_LINE:
            raise OverLimit("header_too_long", f"a header line over {MAX_HEADER_LINE:,} bytes")
        if self.header_bytes > MAX_HEADER_BYTES:
            message = f"header lines over {MAX_HEADER_BYTES:,} bytes in all"
            raise OverLimit("header_too_long", message)
        if line.endswith(b"\n"):
            self.line_bytes = 0
        return line

    def _process_read(self, data: bytes) -> None:
        """Inflate one block read (warcio), and count it for its member's ratio."""
        super()._process_read(data)
        if not data or self.decompressor is None:  # the end, or a plain archive
            return
        self.member_in += len(data) - len(self.decompressor.unused_data)
        self.member_out += self.buff_size
        if self.member_out > max(RATIO_FLOOR, MAX_RATIO * self.member_in):
            raise OverLimit(
                "gzip_bomb",
                f"its gzip member inflates over {MAX_RATIO} times: {self.member_out:,} bytes "
                f"from {self.member_in:,}",
            )

    def read_next_member(self) -> bool:
        moved = bool(super().read_next_member())
        if moved:
            self.member_in = self.member_out = 0
        return moved


def guarded_records(handle: IO[bytes]) -> ArchiveIterator:
    """warcio's record iterator over `handle`, reading through a GuardedReader (warcio makes
    its reader in the iterator's constructor and uses it from the first record on)."""
    records = ArchiveIterator(handle, block_size=READ_BLOCK)
    records.reader = GuardedReader(records.fh)
    return records
