"""The YAML loader, with this project's rules on top of YAML 1.1's safe loading.

- A key twice in one mapping is an error naming the key and both lines: YAML
  would silently keep the last value, and a second `chapters:` would replace
  the first list whole.
- An integer is never octal: `start: 010` is 10 s, as a person means it (and as
  YAML 1.2 reads it), not YAML 1.1's 8.
- An integer of more digits than any time has is an error, not Python's
  int-conversion limit crashing the load.

It builds on the C loader (a subclass: the parsing stays in C; only mappings and
integers pass through these Python methods), and imports PyYAML, so only code
that reads YAML imports it.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode

from chaptercli.lined import LinedDict

# A time in seconds, or in milliseconds, fits in far fewer digits than this.
MAX_INT_DIGITS = 30
_INT_TAG = "tag:yaml.org,2002:int"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # ~10x faster; both safe


class Loader(_Base):  # type: ignore[misc]
    """The safe loader with the rules above."""

    def construct_mapping(self, node: Node, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, MappingNode):
            first_line: dict[tuple[str, str], int] = {}
            for key_node, _ in node.value:
                if not isinstance(key_node, ScalarNode) or key_node.tag == _MERGE_TAG:
                    continue
                key = (key_node.tag, key_node.value)
                line = key_node.start_mark.line + 1
                if key in first_line:
                    raise ConstructorError(
                        None, None,
                        f"duplicate key {key_node.value[:60]!r} (first on line {first_line[key]}): "
                        "YAML would keep only the last value",
                        key_node.start_mark,
                    )  # fmt: skip
                first_line[key] = line
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping

    def construct_yaml_int(self, node: ScalarNode) -> int:
        text = str(self.construct_scalar(node)).replace("_", "")
        digits = text.lstrip("+-")
        if sum(char.isdigit() for char in digits) > MAX_INT_DIGITS:
            raise ConstructorError(
                None, None, f"a number of more than {MAX_INT_DIGITS} digits", node.start_mark
            )
        if len(digits) > 1 and digits[0] == "0" and digits.isdigit():  # 010: decimal here
            return int(text, 10)
        value: int = super().construct_yaml_int(node)
        return value


Loader.add_constructor(_INT_TAG, Loader.construct_yaml_int)


_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


class _Fallback(Exception):
    """A collection with a tag of its own (!!omap, !!set): built the classic way."""


def load(document: bytes | str) -> Any:
    """The document's data, built from the parser's events as they come: the node
    tree PyYAML would build first (about 9 bytes a byte of input) never exists,
    which makes the peak about a fifth and the load a little faster. The rules are
    the Loader's; a tagged collection falls back to it."""
    loader = Loader(document)
    try:
        return _Builder(loader).build()
    except _Fallback:
        pass
    finally:
        loader.dispose()
    return yaml.load(document, Loader=Loader)  # noqa: S506 - the C safe loader, with rules


class _Open:
    """A mapping or sequence being built, and for a mapping the key waiting for
    its value, where that key was, and the line each key was first on."""

    __slots__ = ("container", "key", "lines", "mark", "merged", "start")

    def __init__(self, container: Any, start: Any) -> None:
        self.container = container
        self.start = start  # where the collection begins
        self.key: Any = _NO_KEY
        self.mark: Any = None
        self.lines: dict[Any, int] = {}
        self.merged: set[Any] = set()  # keys a merge (<<) gave, which the mapping's own override


class _Builder:
    def __init__(self, loader: Any) -> None:
        self.loader = loader
        self.constructors = loader.yaml_constructors
        self.anchors: dict[str, Any] = {}
        self.open: list[_Open] = []
        self.root: Any = None

    def build(self) -> Any:
        documents = 0
        while True:
            event = self.loader.get_event()
            kind = type(event)
            if kind is ScalarEvent:
                self.scalar(event)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                self.start(event, LinedDict() if kind is MappingStartEvent else [])
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                done = self.open.pop()
                self.put(done.container, done.start)
            elif kind is AliasEvent:
                if event.anchor not in self.anchors:
                    raise ConstructorError(None, None, f"found undefined alias {event.anchor!r}",
                                           event.start_mark)  # fmt: skip
                self.put(self.anchors[event.anchor], event.start_mark)
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise ConstructorError(None, None, "expected a single document in the "
                                           "stream", event.start_mark)  # fmt: skip
            elif kind is StreamEndEvent:
                return self.root

    def scalar(self, event: Any) -> None:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(ScalarNode, event.value, event.implicit)
        top = self.open[-1] if self.open else None
        if (
            tag == _MERGE_TAG
            and top is not None
            and isinstance(top.container, dict)
            and (top.key is _NO_KEY)
        ):
            top.key, top.mark = _MERGE_KEY, event.start_mark
            return
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        value = (self.constructors.get(tag) or self.constructors[None])(self.loader, node)
        if event.anchor is not None:
            self.anchors[event.anchor] = value
        self.put(value, event.start_mark)

    def start(self, event: Any, container: Any) -> None:
        if event.tag not in (None, "!", _MAP if isinstance(container, dict) else _SEQ):
            raise _Fallback
        if event.anchor is not None:
            self.anchors[event.anchor] = container
        opened = _Open(container, event.start_mark)
        if isinstance(container, LinedDict):
            container.line = event.start_mark.line + 1
            container.lines = opened.lines
        self.open.append(opened)

    def put(self, value: Any, mark: Any) -> None:
        if not self.open:
            self.root = value
            return
        top = self.open[-1]
        if isinstance(top.container, list):
            top.container.append(value)
        elif top.key is _NO_KEY:
            top.key, top.mark = value, mark
        else:
            key, top.key = top.key, _NO_KEY
            if key is _MERGE_KEY:
                self.merge(top, value, mark)
            else:
                self.set(top, key, value)

    def set(self, top: _Open, key: Any, value: Any) -> None:
        try:
            known = key in top.container
        except TypeError:
            raise ConstructorError(None, None, "found unhashable key", top.mark) from None
        if known and key not in top.merged:
            raise ConstructorError(
                None, None,
                f"duplicate key {str(key)[:60]!r} (first on line {top.lines[key]}): "
                "YAML would keep only the last value",
                top.mark,
            )  # fmt: skip
        top.merged.discard(key)
        top.container[key] = value
        top.lines[key] = top.mark.line + 1

    @staticmethod
    def merge(top: _Open, value: Any, mark: Any) -> None:
        """`<<: *defaults`: keys the mapping does not have yet, from each mapping."""
        for part in value if isinstance(value, list) else [value]:
            if not isinstance(part, dict):
                raise ConstructorError(None, None, "a merge (<<) takes mappings", mark)
            for key, item in part.items():
                if key not in top.container:
                    top.container[key] = item
                    top.merged.add(key)


_NO_KEY = object()
_MERGE_KEY = object()
