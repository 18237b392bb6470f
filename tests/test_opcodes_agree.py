"""The JS patcher's opcodes (``js/src/ops.js``) agree with ``hypergen_vdom.wire.Op`` and ``ARITY``."""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypergen_vdom.wire import ARITY, Op

OPS_JS = Path(__file__).resolve().parent.parent / "js" / "src" / "ops.js"


def _js_source() -> str:
    return OPS_JS.read_text(encoding="utf-8")


def test_every_opcode_has_the_same_name_and_value() -> None:
    js = {
        name: int(value)
        for name, value in re.findall(r"^export const ([A-Z_]+) = (\d+)$", _js_source(), re.M)
    }
    assert js == {op.name: op.value for op in Op}


def test_arities_agree() -> None:
    match = re.search(r"^export const ARITY = (\[[\d, ]*\])$", _js_source(), re.M)
    assert match is not None, "ops.js has no `export const ARITY = [...]` line"
    assert json.loads(match.group(1)) == [ARITY[Op(code)] for code in range(len(Op))]
