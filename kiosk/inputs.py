"""Reading files that come from outside the kiosk, bounded (Qt-free).

Every file a command or a screen is handed (a site-key export, a revocation list, an audit
anchor, a pairs list) is read here: at most ``max_bytes`` + 1 bytes are read, and more than
``max_bytes`` refuses, so ``/dev/zero`` or a huge file costs no memory. JSON is refused when it
nests deeper than :data:`MAX_DEPTH` or holds more than :data:`MAX_VALUES` values, before the
parser sees it: a file of 100,000 brackets gives one clear error instead of a
``RecursionError``, and millions of tiny values never become gigabytes of Python objects.
Non-finite numbers (``NaN``, ``Infinity``) are refused too. Photos have their own reader
(:mod:`kiosk.camera.still`); file-system errors are put in words by :func:`describe_os_error`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from kiosk.errors import KioskError

MAX_JSON_BYTES = 16 * 1024 * 1024  #: default limit for a JSON file
MAX_DEPTH = 32  #: deepest nesting of arrays and objects accepted in a JSON file
MAX_VALUES = 1_000_000  #: values (arrays, objects and the items in them) accepted in a JSON file

#: a JSON string, or an unterminated one up to the end (possessive: linear time on any input)
_STRING = re.compile(r'"(?:[^"\\]|\\.?)*+(?:"|\Z)', re.DOTALL)


def _mb(n: int) -> str:
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{n // 1024} KB"


def read_bytes(path: Path, what: str, max_bytes: int, error: type[KioskError] = KioskError) -> bytes:
    """The bytes of the file at ``path``; ``what`` names it in errors ("the anchor file")."""
    path = Path(path)
    try:
        if path.is_dir():
            raise error(f"{path} is a folder, not {what}.", remedy="Give the path of the file.")
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as exc:
        raise error(f"Cannot read {what} {path}: {describe_os_error(exc)}.", remedy="Check the path.") from None
    if len(data) > max_bytes:
        raise error(f"{path} is larger than {_mb(max_bytes)}: it is not {what}.", remedy="Check the path.")
    return data


def read_text(path: Path, what: str, max_bytes: int, encoding: str = "utf-8",
              error: type[KioskError] = KioskError) -> str:
    data = read_bytes(path, what, max_bytes, error)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise error(f"{path} is not {what}: it is not {encoding.upper()} text.", remedy="Check the path.") from None


def json_shape(text: str) -> tuple[int, int]:
    """(how deep arrays and objects nest, about how many values there are) in ``text``;
    brackets and commas inside strings do not count. Counted without recursion, in linear
    time and little memory, so any file is measured safely before it is parsed."""
    import numpy as np

    data = np.frombuffer(_STRING.sub('""', text).encode("utf-8", "surrogatepass"), dtype=np.uint8)
    step = np.zeros(256, dtype=np.int8)
    step[[ord("["), ord("{")]], step[[ord("]"), ord("}")]] = 1, -1
    separators = np.zeros(256, dtype=bool)
    separators[[ord("["), ord("{"), ord(",")]] = True
    depth = deepest = values = 0
    for start in range(0, len(data), 1 << 20):  # a chunk at a time: little memory on a large file
        chunk = data[start:start + (1 << 20)]
        levels = np.cumsum(step[chunk], dtype=np.int64) + depth
        if len(levels):
            deepest, depth = max(deepest, int(levels.max())), int(levels[-1])
        values += int(np.count_nonzero(separators[chunk]))
    return deepest, values


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def loads(text: str, source: str, what: str, max_depth: int = MAX_DEPTH, error: type[KioskError] = KioskError,
          max_values: int = MAX_VALUES):
    """Parse ``text`` (from ``source``) as JSON, refusing deep nesting, too many values and
    non-finite numbers; one line (``error``) for anything that is not JSON."""
    depth, values = json_shape(text)
    if depth > max_depth:
        raise error(f"{source} is not {what}: its JSON nests deeper than {max_depth} levels.",
                    remedy="Check the path.")
    if values > max_values:  # a few bytes per value would cost many times the file's size in memory
        raise error(f"{source} is not {what}: it holds more than {max_values:,} JSON values.",
                    remedy="Check the path.")
    try:
        return json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise error(f"{source} is not {what}: it is not valid JSON.", remedy="Check the path.") from None


def read_json(path: Path, what: str, max_bytes: int = MAX_JSON_BYTES, max_depth: int = MAX_DEPTH,
              error: type[KioskError] = KioskError, max_values: int = MAX_VALUES):
    """The JSON document in the file at ``path``, bounded in size and depth; ``error`` is the
    KioskError subclass raised (the caller's own kind of error)."""
    return loads(read_text(path, what, max_bytes, error=error), str(path), what, max_depth, error, max_values)


_REASONS = {
    "EACCES": "permission denied",
    "EPERM": "operation not permitted",
    "ENOENT": "no such file or folder",
    "ENOTDIR": "a part of the path is a file, not a folder",
    "EISDIR": "it is a folder",
    "EEXIST": "a file of that name is already there",
    "ENOSPC": "the disk is full",
    "EROFS": "the file system is read-only",
    "ENAMETOOLONG": "the name is too long",
    "EDQUOT": "the disk quota is used up",
    "ELOOP": "too many symbolic links",
}


def describe_os_error(exc: OSError) -> str:
    """The reason of a file-system error in words (never a bare errno)."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    return _REASONS.get(name) or (exc.strerror or str(exc) or type(exc).__name__).lower()
