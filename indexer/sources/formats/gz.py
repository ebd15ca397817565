"""gzip-compressed files of any other format (`.txt.gz`, `.html.gz`, `.page.gz`).

The file is inflated in bounded steps: one that would unpack to more than
MAX_GUNZIPPED_BYTES (a gzip bomb) is refused after reading that much, not after
filling memory.
"""

import gzip
import io
import zlib

from indexer.sources import sourcefile
from indexer.sources.formats.common import FormatError, Refused

MAX_GUNZIPPED_BYTES = 50_000_000


def gunzip(data: bytes, limit: int = MAX_GUNZIPPED_BYTES) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as f:
            inner = f.read(limit + 1)
    except (OSError, EOFError, zlib.error) as err:
        raise FormatError(f"not a readable gzip file: {err}") from None
    if len(inner) > limit:
        raise Refused(f"gzip bomb: unpacks to more than {sourcefile.megabytes(limit)}")
    return inner


def unpacking(read, binary: bool = False):
    """A reader of the gzip-compressed form of a format read by `read`."""
    def read_compressed(data: bytes):
        inner = gunzip(data)
        if not binary and sourcefile.looks_binary(inner):
            raise Refused("binary file")
        return read(inner)
    return read_compressed
