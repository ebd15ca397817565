"""Reading one source file safely: its bytes, bounded, and whether it is text.

Source folders hold surprises: a FIFO named `x.txt` (reading it would block
the build forever), dangling links, binary files, cp1252 or UTF-16 text,
stray NUL bytes, names that are not UTF-8. Each becomes a skip reason or a
warning for the build summary, never an aborted build.
"""

import codecs
import os
import stat

SNIFF_BYTES = 8192
# Random (compressed, image) bytes are ~11% control bytes; text has almost none.
MAX_CONTROL_SHARE = 0.05
CONTROL_BYTES = frozenset(range(32)) - {9, 10, 12, 13} | {127}
NOT_CONTROL = bytes(b for b in range(256) if b not in CONTROL_BYTES)  # what translate() deletes
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class Unusable(Exception):
    """The file cannot be indexed; the message is the skip reason."""


def megabytes(n: int) -> str:
    return f"{n / 1_000_000:g} MB"


def read_bytes(path, max_bytes: int) -> tuple[bytes, os.stat_result]:
    """A regular file's bytes and stat; anything else (FIFO, folder, too big) is Unusable.

    The file is opened without blocking and checked on the open descriptor,
    so a FIFO or device swapped in after listing cannot hang the build.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise Unusable("not a regular file")
            if info.st_size > max_bytes:
                raise Unusable(f"larger than {megabytes(max_bytes)}")
            data = read_fd(fd, min(info.st_size, max_bytes) + 1, max_bytes + 1)
        finally:
            os.close(fd)
    except OSError as err:
        if isinstance(err, FileNotFoundError) and os.path.islink(path):  # to another package's file
            raise Unusable("a broken symbolic link") from None
        raise Unusable(f"unreadable ({err.strerror or err})") from None
    if len(data) > max_bytes:  # grew while we read it
        raise Unusable(f"larger than {megabytes(max_bytes)}")
    return data, info


def read_fd(fd: int, first: int, limit: int) -> bytes:
    """Up to `limit` bytes of an open file, asking for `first` (its size and one) at once:
    a buffered read(limit) would allocate `limit` bytes for every small file."""
    chunks, total, want = [], 0, first
    while total < limit:
        chunk = os.read(fd, min(want, limit - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        want = 1 << 20  # the file grew since fstat, or a short read
    return b"".join(chunks)


def looks_binary(data: bytes) -> bool:
    if data.startswith(UTF16_BOMS):  # UTF-16 text is half NUL bytes
        return False
    sample = data[:SNIFF_BYTES]
    control = len(sample.translate(None, NOT_CONTROL))  # the control bytes alone, counted in C
    return control > MAX_CONTROL_SHARE * len(sample)


def check_name(rel: str) -> str:
    """The relative path, refused when the file name is not valid UTF-8."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        raise Unusable("file name is not valid UTF-8") from None
    return rel


def printable(rel: str) -> str:
    """A relative path fit to print, even when its bytes are not UTF-8."""
    return os.fsencode(rel).decode("utf-8", errors="replace")
