"""Fingerprints of the values a page is rendered from, so that a rebuild can skip pages whose
inputs are all unchanged.

Pure: no Pelican, no files. A fingerprint is a digest of a canonical encoding of a value:
plain values, containers, dates, dataclasses and objects by their attributes (sorted),
functions and classes by their qualified name (their code is covered by the build's digest of
the plugins). Posts and pages (anything with a `source_path`) are fingerprinted by what they
hold, pickled (see Fingerprints._own_digest), plus the own fingerprint of the posts they point
to (newer, older, related), once per build. Attributes named in SKIPPED_ATTRIBUTES are left
out: the shared context and the settings, which the build's digest covers as a whole; so are
dataclass fields declared with `metadata={"fingerprint": False}`, whose value reaches the page
by another way (a listing's posts, for instance, through its pagination). A value that cannot
be encoded raises Unfingerprintable, and its page is then always rendered.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import functools
import hashlib
import io
import pickle
import types
from collections.abc import Mapping
from pathlib import PurePath

SKIPPED_ATTRIBUTES = frozenset({"_context", "settings"})
NEIGHBOUR_ATTRIBUTES = ("newer", "older", "related", "translations")
_PLAIN = (str, bytes, int, float, bool, type(None), complex)
_EXACT_PLAIN = frozenset(_PLAIN)
_CONTAINERS = frozenset({dict, list, tuple, set, frozenset})
_CODE = (types.FunctionType, types.BuiltinFunctionType, types.MethodType, type, types.ModuleType)


class Unfingerprintable(TypeError):
    """A value with no canonical encoding (a page rendered from it is never skipped)."""


def _is_content(value) -> bool:
    return hasattr(value, "source_path") and hasattr(value, "_context")


class Fingerprints:
    """Fingerprints for one build: contents are encoded once and remembered by identity."""

    def __init__(self):
        self._contents: dict[int, bytes] = {}
        self._own: dict[int, bytes] = {}
        self._composites: dict[int, tuple[object, bytes]] = {}

    def of(self, *values) -> str:
        digest = hashlib.blake2b(digest_size=20)
        for value in values:
            self._feed(digest, value, frozenset())
        return digest.hexdigest()

    def remember(self, value) -> None:
        """Fingerprint a post or page now, so that processes forked later share the work."""
        if _is_content(value):
            self._content(value)

    # -- contents -------------------------------------------------------------------------

    def _content(self, content) -> bytes:
        key = id(content)
        if key not in self._contents:
            digest = hashlib.blake2b(self._own_digest(content), digest_size=20)
            for name in NEIGHBOUR_ATTRIBUTES:
                neighbours = getattr(content, name, None)
                items = neighbours if isinstance(neighbours, list | tuple) else [neighbours]
                digest.update(name.encode())
                for item in items:
                    digest.update(self._own_digest(item) if _is_content(item) else b"-")
            self._contents[key] = digest.digest()
        return self._contents[key]

    def _own_digest(self, content) -> bytes:
        """What a post or page holds (not its neighbours), pickled: a rebuild fingerprints every
        post, and C's pickle encodes the few dozen values each holds several times faster than the
        canonical encoding below. Equal posts read from equal files pickle alike; where pickle's
        bytes depend on how a value was built (the order of a dict's keys), a post only looks
        changed and its pages are made again."""
        key = id(content)
        if key not in self._own:
            attributes = {name: value for name, value in vars(content).items()
                          if name not in SKIPPED_ATTRIBUTES and name not in NEIGHBOUR_ATTRIBUTES}
            # The body as templates see it: with {filename}/{static} links already resolved.
            attributes["content"] = content.content
            buffer = io.BytesIO()
            try:
                _ContentPickler(buffer, self).dump((type(content).__qualname__, attributes))
            except (pickle.PicklingError, TypeError, AttributeError, ValueError, RecursionError) as error:
                raise Unfingerprintable(f"{content.source_path}: {error}") from None
            self._own[key] = hashlib.blake2b(buffer.getvalue(), digest_size=20).digest()
        return self._own[key]

    # -- everything else ------------------------------------------------------------------

    def _feed(self, digest, value, active: frozenset[int]) -> None:
        kind = type(value)
        if kind is str:  # the commonest case first, without repr()
            data = value.encode("utf-8", "surrogatepass")
            digest.update(b"str:%d:" % len(data))
            digest.update(data)
            return
        how = _HOW.get(kind) or _classify(kind)
        if how is _Kind.PLAIN:
            digest.update(f"{kind.__name__}:{value!r};".encode())
        elif how is _Kind.CONTAINER:
            memo = self._composites.get(id(value))
            if memo is not None:
                digest.update(memo[1])
            else:
                digest.update(b"cycle;" if id(value) in active else self._composite(value, active))
        elif how is _Kind.OBJECT:
            if _is_content(value):
                digest.update(b"content:" + self._content(value))
            elif id(value) in active:
                digest.update(b"cycle;")
            else:
                digest.update(self._composite(value, active))
        else:
            digest.update(how(value).encode())

    def _composite(self, value, active: frozenset[int]) -> bytes:
        """A container's or object's digest, once per object: the build's values do not change
        once pages are queued (the object is kept, so that its id is not reused)."""
        key = id(value)
        if key in self._composites:
            return self._composites[key][1]
        active = active | {key}
        digest = hashlib.blake2b(digest_size=20)
        update = digest.update
        if isinstance(value, Mapping):
            update(f"map:{type(value).__name__}:".encode())
            self._feed_mapping(digest, value, active)
        elif isinstance(value, list | tuple):
            update(f"seq:{type(value).__name__}:{len(value)}(".encode())
            for item in value:
                self._feed(digest, item, active)
        elif isinstance(value, set | frozenset):
            update(f"set:{len(value)}(".encode())
            for part in sorted(self.of(item) for item in value):
                update(part.encode())
        elif dataclasses.is_dataclass(value):
            update(f"dc:{type(value).__qualname__}(".encode())
            for name in _field_names(type(value)):
                update(name.encode())
                self._feed(digest, getattr(value, name), active)
        elif hasattr(value, "__dict__"):
            update(f"obj:{type(value).__module__}.{type(value).__qualname__}(".encode())
            left_out = SKIPPED_ATTRIBUTES | _shadowed(type(value))
            attributes = {name: item for name, item in vars(value).items() if name not in left_out}
            self._feed_mapping(digest, attributes, active)
        else:
            raise Unfingerprintable(f"{type(value).__qualname__} has no canonical encoding")
        update(b")")
        self._composites[key] = (value, digest.digest())
        return self._composites[key][1]

    def _feed_mapping(self, digest, mapping, active: frozenset[int]) -> None:
        """A mapping's items in key order, not remembered: attribute dictionaries made here live
        only as long as this call (remembering them would keep every one of them in memory)."""
        keys = list(mapping)
        keys.sort(key=str if all(type(item_key) is str for item_key in keys) else repr)
        digest.update(b"%d(" % len(keys))
        for item_key in keys:
            self._feed(digest, item_key, active)
            self._feed(digest, mapping[item_key], active)
        digest.update(b")")


class _ContentPickler(pickle.Pickler):
    """Pickles what a post holds as the canonical encoding would see it: posts it points to by
    their fingerprint, without the shared context and settings, code by its qualified name."""

    def __init__(self, file, fingerprints: Fingerprints):
        super().__init__(file, protocol=5)
        self.fingerprints = fingerprints
        # No memo: with one, a value seen twice is pickled as a reference to the first, so the bytes
        # would depend on which equal values are the same object, not only on the values.
        self.fast = True

    def reducer_override(self, value):  # called for every value but None, bools, numbers, str, bytes and containers
        if isinstance(value, _CODE):
            if value is _named:
                return NotImplemented  # pickled by reference, once per pickle
            return _named, (f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', value)!s}",)
        attributes = getattr(value, "__dict__", None)
        if attributes is None:
            return NotImplemented
        if "source_path" in attributes and "_context" in attributes:
            return _named, (self.fingerprints._content(value).hex(),)
        left_out = SKIPPED_ATTRIBUTES | _shadowed(type(value))
        if not left_out.isdisjoint(attributes):
            kept = {name: item for name, item in attributes.items() if name not in left_out}
            return _named, (f"{type(value).__module__}.{type(value).__qualname__}",), kept
        return NotImplemented


def _named(name: str, state=None):
    """Stands in the pickles of _ContentPickler for what is encoded by a name (never unpickled)."""
    raise TypeError(name)


class _Kind:
    """How a type is encoded, when not by one of the functions of _classify."""

    PLAIN = "plain"  # by repr, with the type's name
    CONTAINER = "container"  # dict, list, tuple, set, frozenset: by their items, once per object
    OBJECT = "object"  # a post or page by what it holds; anything else by its attributes, once per object


_HOW: dict[type, object] = {}


def _classify(kind: type):
    """How values of this type are encoded (decided once per type)."""
    if kind in _EXACT_PLAIN:
        how = _Kind.PLAIN
    elif kind in _CONTAINERS:
        how = _Kind.CONTAINER
    elif issubclass(kind, _PLAIN):
        how = _Kind.PLAIN
    elif issubclass(kind, enum.Enum):
        how = lambda value: f"enum:{type(value).__qualname__}.{value.name};"  # noqa: E731
    elif issubclass(kind, datetime.date | datetime.time | datetime.timedelta):
        how = lambda value: f"{type(value).__name__}:{value}:{getattr(value, 'tzinfo', None)!s};"  # noqa: E731
    elif issubclass(kind, PurePath):
        how = lambda value: f"path:{value.as_posix()};"  # noqa: E731
    elif issubclass(kind, datetime.tzinfo):
        how = lambda value: f"tz:{value!s};"  # noqa: E731
    elif issubclass(kind, _CODE):
        how = lambda value: (f"code:{getattr(value, '__module__', '')}."  # noqa: E731
                             f"{getattr(value, '__qualname__', value)!s};")
    else:
        how = _Kind.OBJECT
    _HOW[kind] = how
    return how


@functools.cache
def _shadowed(cls) -> frozenset[str]:
    """Names of the class's properties (and other data descriptors): an entry of that name in an
    object's own dict is never what reading the attribute gives, so it is left out. (Pelican's
    URLWrapper.as_dict() copies `name` and `slug` into the dict of a tag or category, which
    would otherwise make it differ from an equal one whose URL was not asked for yet.)"""
    return frozenset(name for klass in cls.__mro__ for name, member in vars(klass).items()
                     if hasattr(member, "__set__") or hasattr(member, "__delete__"))


@functools.cache
def _field_names(cls) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(cls) if field.metadata.get("fingerprint", True))
