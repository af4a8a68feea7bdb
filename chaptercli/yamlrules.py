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
from yaml.nodes import MappingNode, Node, ScalarNode

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
