"""Zip-based outputs (DOCX, EPUB) written the same way every time.

Libraries stamp every zip entry with the current time, so two builds of an
unchanged article differ. `repack` rewrites an archive with fixed times, a
fixed order and fixed permissions, so an unchanged article gives the same
bytes (and caches and checksums can be trusted).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable

Transform = Callable[[str, bytes], bytes]


def repack(
    data: bytes,
    *,
    stamp: dt.datetime,
    first: str = "",
    transform: Transform | None = None,
    store: tuple[str, ...] = (),
) -> bytes:
    """The archive `data` rewritten deterministically.

    `first` (such as EPUB's 'mimetype') is written first and stored uncompressed;
    `transform(name, content)` may change an entry's content on the way; entries
    whose names end with a suffix in `store` (already compressed: '.mp3') are stored as they are.
    """
    stamp = max(stamp, dt.datetime(1980, 1, 1, tzinfo=stamp.tzinfo))  # the earliest time zip can store
    stamp = min(stamp, dt.datetime(2107, 12, 31, 23, 59, 58, tzinfo=stamp.tzinfo))  # and the latest
    date_time = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        names = source.namelist()
        if first in names:
            names.remove(first)
            names.insert(0, first)
        for name in names:
            content = source.read(name)
            if transform is not None:
                content = transform(name, content)
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.external_attr = 0o644 << 16
            info.create_system = 3
            stored = name == first or name.endswith(store)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            target.writestr(info, content, compresslevel=None if stored else 9)
    return out.getvalue()
