"""Fingerprints of the values a page is rendered from, so that a rebuild can skip pages whose
inputs are all unchanged.

Pure: no Pelican, no files. A fingerprint is a digest of a value's pickle, made by C's pickle
with these changes (`_Pickler`):

- posts and pages (anything with a `source_path` and a `_context`) count by their own
  fingerprint: what they hold, plus the own fingerprint of the posts they point to (newer,
  older, related), worked out once per build;
- attributes named in SKIPPED_ATTRIBUTES are left out (the shared context and the settings,
  which the build's digest covers as a whole), and so are entries of an object's dict that a
  property of its class shadows (templates never read them);
- dataclass fields declared with `metadata={"fingerprint": False}` are left out: their value
  reaches the page by another way (a listing's posts, for instance, through its pagination);
- functions and classes count by their qualified name (their code is covered by the build's
  digest of the plugins);
- nothing is pickled as a reference to an equal value met before (no memo), so the bytes
  depend on the values only, not on which of them are the same object.

A page's inputs are nested tuples, dicts and dataclasses: down to _SPLIT_DEPTH each item has its
own digest, remembered by identity for the build, so that a value many pages share (a context
variable, a feed's posts) is pickled once. Dicts count in the order of their keys, which is the
order a template iterating over them sees; sets down to that depth count in sorted order (a set
of strings iterates in another order in each process); deeper down a set counts in the order it
gives, so a page reading one may only look changed to a new process. A value that cannot be
pickled (a generator, a cycle) raises Unfingerprintable, and its page is then always rendered.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
import pickle
import types

SKIPPED_ATTRIBUTES = frozenset({"_context", "settings"})
NEIGHBOUR_ATTRIBUTES = ("newer", "older", "related", "translations")
_PLAIN = frozenset({str, bytes, int, float, bool, type(None), complex})
_CODE = (types.FunctionType, types.BuiltinFunctionType, types.MethodType, type, types.ModuleType)
# How deep a page's inputs are split into items with digests of their own (see the docstring).
_SPLIT_DEPTH = 3


class Unfingerprintable(TypeError):
    """A value with no encoding (a page rendered from it is never skipped)."""


def _is_content(value) -> bool:
    return hasattr(value, "source_path") and hasattr(value, "_context")


class Fingerprints:
    """Fingerprints for one build: values are encoded once and remembered by identity (a build's
    values do not change once its pages are queued; each is kept, so that its id is not reused)."""

    def __init__(self):
        self._contents: dict[int, bytes] = {}
        self._own: dict[int, bytes] = {}
        self._values: dict[int, tuple[object, bytes]] = {}

    def of(self, *values) -> str:
        digest = hashlib.blake2b(digest_size=20)
        for value in values:
            digest.update(self._digest(value, 0))
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
        """What a post or page holds, not its neighbours."""
        key = id(content)
        if key not in self._own:
            attributes = {name: value for name, value in vars(content).items()
                          if name not in SKIPPED_ATTRIBUTES and name not in NEIGHBOUR_ATTRIBUTES}
            # The body as templates see it: with {filename}/{static} links already resolved.
            attributes["content"] = content.content
            self._own[key] = self._pickled((type(content).__qualname__, attributes), content.source_path)
        return self._own[key]

    # -- everything else ------------------------------------------------------------------

    def _digest(self, value, depth: int) -> bytes:
        kind = type(value)
        if kind is str:  # the commonest case, without a pickle
            data = value.encode("utf-8", "surrogatepass")
            return b"s%d:" % len(data) + data
        if kind in _PLAIN:
            return pickle.dumps(value, protocol=5)
        kept = self._values.get(id(value))
        if kept is not None:
            return kept[1]
        if _is_content(value):
            digest = b"c" + self._content(value)
        elif kind in (tuple, list, dict, set, frozenset) and depth < _SPLIT_DEPTH:
            parts = hashlib.blake2b(f"{kind.__name__}:{len(value)}".encode(), digest_size=20)
            if kind is dict:
                for key, item in value.items():
                    parts.update(self._digest(key, depth + 1))
                    parts.update(self._digest(item, depth + 1))
            elif kind in (set, frozenset):  # in an order that does not change between processes
                for item in sorted(self._digest(item, depth + 1) for item in value):
                    parts.update(item)
            else:
                for item in value:
                    parts.update(self._digest(item, depth + 1))
            digest = b"d" + parts.digest()
        elif depth < _SPLIT_DEPTH and dataclasses.is_dataclass(value) and hasattr(value, "__dict__"):
            parts = hashlib.blake2b(f"{kind.__module__}.{kind.__qualname__}".encode(), digest_size=20)
            left_out = _left_out(kind)
            for name, item in vars(value).items():
                if name not in left_out:
                    parts.update(self._digest(name, depth + 1))
                    parts.update(self._digest(item, depth + 1))
            digest = b"o" + parts.digest()
        else:
            digest = b"p" + self._pickled(value, kind.__qualname__)
        self._values[id(value)] = (value, digest)
        return digest

    def _pickled(self, value, what: str) -> bytes:
        buffer = io.BytesIO()
        try:
            _Pickler(buffer, self).dump(value)
        except (pickle.PicklingError, TypeError, AttributeError, ValueError, RecursionError) as error:
            raise Unfingerprintable(f"{what}: {error}") from None
        return hashlib.blake2b(buffer.getvalue(), digest_size=20).digest()


class _Pickler(pickle.Pickler):
    """C's pickle, with the changes listed in the module's docstring."""

    def __init__(self, file, fingerprints: Fingerprints):
        super().__init__(file, protocol=5)
        self.fingerprints = fingerprints
        # No memo: with one, a value seen twice is pickled as a reference to the first.
        self.fast = True

    def reducer_override(self, value):  # called for every value but None, bools, numbers, str, bytes and containers
        if isinstance(value, _CODE):
            if value is _named:
                return NotImplemented  # pickled by reference
            return _named, (f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', value)!s}",)
        attributes = getattr(value, "__dict__", None)
        if attributes is None:
            return NotImplemented
        if "source_path" in attributes and "_context" in attributes:
            return _named, (self.fingerprints._content(value).hex(),)
        kind = type(value)
        left_out = _left_out(kind)
        if not left_out.isdisjoint(attributes):
            kept = {name: item for name, item in attributes.items() if name not in left_out}
            return _named, (f"{kind.__module__}.{kind.__qualname__}",), kept
        return NotImplemented


def _named(name: str, state=None):
    """Stands in the pickles of _Pickler for what is encoded by a name (never unpickled)."""
    raise TypeError(name)


@functools.cache
def _left_out(cls) -> frozenset[str]:
    """The attributes of an object of this class that do not count: the skipped ones, the fields
    of a dataclass marked out of the fingerprint, and names of the class's properties (and other
    data descriptors): an entry of that name in an object's own dict is never what reading the
    attribute gives. (Pelican's URLWrapper.as_dict() copies `name` and `slug` into the dict of a
    tag or category, which would otherwise make it differ from an equal one whose URL was not
    asked for yet.)"""
    shadowed = {name for klass in cls.__mro__ for name, member in vars(klass).items()
                if hasattr(member, "__set__") or hasattr(member, "__delete__")}
    if dataclasses.is_dataclass(cls):
        shadowed |= {field.name for field in dataclasses.fields(cls) if not field.metadata.get("fingerprint", True)}
    return SKIPPED_ATTRIBUTES | frozenset(shadowed)
