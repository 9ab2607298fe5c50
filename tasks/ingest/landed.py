"""Opening a landed file as discovery saw it, or not at all.

Discovery lists and hashes each file; a worker opens it again, minutes or hours later, and may
open an archive many times (once per page). In between, the name may have come to hold
something else: a FIFO (opening it to read waits for a writer for ever, and an in-process
batch has no time limit), a link, another file, or the same file rewritten. So a local file
is opened without blocking and without following a link (O_NONBLOCK | O_NOFOLLOW), and what
was opened is checked on its descriptor (no race between the check and the read): a regular
file with the inode, size and modification time discovery saw, else `Changed` (a `changed`
reject). In object storage (no FIFOs, no links) the size is compared.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from typing import IO

from tasks.lake.storage import is_local, resolve

_KINDS = {
    stat.S_IFIFO: "named pipe (FIFO)",
    stat.S_IFSOCK: "socket",
    stat.S_IFCHR: "character device",
    stat.S_IFBLK: "block device",
    stat.S_IFDIR: "folder",
}


def kind_of(mode: int) -> str:
    """What a file that is not a regular one is, by its st_mode: "named pipe (FIFO)", ..."""
    return _KINDS.get(stat.S_IFMT(mode), "special file")


@dataclass(frozen=True)
class Seen:
    """What discovery saw of a file: its size, and for a local file its inode and mtime."""

    size: int
    inode: int | None = None
    mtime_ns: int | None = None

    @classmethod
    def of(cls, info: os.stat_result) -> Seen:
        return cls(info.st_size, info.st_ino, info.st_mtime_ns)

    def differs(self, now: Seen) -> str | None:
        """How `now` differs from what was seen, or None."""
        if self.inode is not None and now.inode != self.inode:
            return "it is another file now (it was replaced)"
        if now.size != self.size:
            return f"its size changed from {self.size:,} to {now.size:,} bytes"
        if self.mtime_ns is not None and now.mtime_ns != self.mtime_ns:
            return "it was modified"
        return None


class Changed(Exception):
    """The file is no longer what discovery saw: it is not read."""


def open_seen(url: str, seen: Seen | None, block_size: int | None = None) -> tuple[IO[bytes], int]:
    """The file at `url` opened for reading, and its size; Changed if it is not a regular
    file (anything but one is never opened for reading, so never waited on) or not the one
    discovery saw (`seen`; None: any regular file). `block_size`: what object storage fetches
    at a time. OSError if it cannot be opened (gone, no permission)."""
    fs, path = resolve(url)
    if not is_local(fs):
        handle = fs.open(path, "rb", **({"block_size": block_size} if block_size else {}))
        if seen is not None and (problem := seen.differs(Seen(int(handle.size)))):
            handle.close()
            raise Changed(problem)
        return handle, int(handle.size)
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # O_NOFOLLOW refused a link
            raise Changed("it is a link now") from exc
        raise
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise Changed(f"it is a {kind_of(info.st_mode)} now, not a regular file")
        if seen is not None and (problem := seen.differs(Seen.of(info))):
            raise Changed(problem)
    except BaseException:
        os.close(descriptor)
        raise
    return os.fdopen(descriptor, "rb"), info.st_size
