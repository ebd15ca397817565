"""`zlib.compress(data, level)`, byte for byte, for many small inputs.

Whoosh compresses every posting block (most hold a few postings, under 100
bytes) with `zlib.compress`, which sets up and frees zlib's 260 KB of state
each time: that took more time than the compression itself, a ninth of a
build worker's time. Here one zlib stream per thread is reset between inputs
(`deflateReset`: "equivalent to deflateEnd followed by deflateInit", the same
parameters, no new allocation), through ctypes to the very libz that
Python's zlib module runs on. Where that library cannot be had, or its
version is not the one Python's zlib reports, or a self-check differs, it is
plain `zlib.compress`.
"""

import ctypes
import ctypes.util
import threading
import zlib

Z_FINISH, Z_OK, Z_STREAM_END = 4, 0, 1
Z_DEFLATED, MAX_WBITS, DEF_MEM_LEVEL, Z_DEFAULT_STRATEGY = 8, 15, 8, 0  # what zlib.compress asks for
OUT_BYTES = 1 << 20  # inputs whose compressed bound exceeds this go to zlib.compress


class ZStream(ctypes.Structure):
    """zlib.h's z_stream."""
    _fields_ = [("next_in", ctypes.c_char_p), ("avail_in", ctypes.c_uint), ("total_in", ctypes.c_ulong),
                ("next_out", ctypes.c_void_p), ("avail_out", ctypes.c_uint), ("total_out", ctypes.c_ulong),
                ("msg", ctypes.c_char_p), ("state", ctypes.c_void_p),
                ("zalloc", ctypes.c_void_p), ("zfree", ctypes.c_void_p), ("opaque", ctypes.c_void_p),
                ("data_type", ctypes.c_int), ("adler", ctypes.c_ulong), ("reserved", ctypes.c_ulong)]


def load_libz():
    """The libz Python's zlib module reports, or None."""
    try:
        lib = ctypes.CDLL(ctypes.util.find_library("z") or "libz.so.1")
        lib.zlibVersion.restype = ctypes.c_char_p
        lib.deflateBound.restype = ctypes.c_ulong
        lib.deflateBound.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
    except (OSError, AttributeError):
        return None
    return lib if lib.zlibVersion().decode("ascii") == zlib.ZLIB_RUNTIME_VERSION else None


class Deflater:
    """One reusable zlib stream at one level."""

    def __init__(self, lib, level: int):
        self.lib, self.level, self.stream = lib, level, ZStream()
        self.ref = ctypes.byref(self.stream)
        self.out = ctypes.create_string_buffer(OUT_BYTES)
        self.out_address = ctypes.addressof(self.out)
        rc = lib.deflateInit2_(self.ref, level, Z_DEFLATED, MAX_WBITS, DEF_MEM_LEVEL, Z_DEFAULT_STRATEGY,
                               lib.zlibVersion(), ctypes.sizeof(ZStream))
        if rc != Z_OK:
            raise OSError(f"deflateInit2 failed ({rc})")

    def compress(self, data: bytes) -> bytes:
        lib, stream = self.lib, self.stream
        if len(data) > OUT_BYTES // 2 or lib.deflateBound(self.ref, len(data)) > OUT_BYTES:
            return zlib.compress(data, self.level)
        lib.deflateReset(self.ref)
        stream.next_in, stream.avail_in = data, len(data)
        stream.next_out, stream.avail_out = self.out_address, OUT_BYTES
        if lib.deflate(self.ref, Z_FINISH) != Z_STREAM_END:
            return zlib.compress(data, self.level)
        return ctypes.string_at(self.out_address, stream.total_out)

    def __del__(self):
        if getattr(self, "lib", None) is not None:
            self.lib.deflateEnd(self.ref)


SELF_CHECK = [b"", b"a", bytes(range(256)) * 9, b"zoek " * 3000, bytes(70_000)]

_lib = load_libz()
_local = threading.local()


def compressor(level: int):
    """A function like zlib.compress(data, level) for this thread."""
    if _lib is None:
        return lambda data: zlib.compress(data, level)
    found = getattr(_local, "deflaters", None)
    if found is None:
        found = _local.deflaters = {}
    if level not in found:
        deflater = Deflater(_lib, level)
        same = all(deflater.compress(d) == zlib.compress(d, level) for d in SELF_CHECK)
        found[level] = deflater.compress if same else (lambda data: zlib.compress(data, level))
    return found[level]
