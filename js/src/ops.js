// The opcodes of diff-mode frames: the mirror of `Op` and `ARITY` in hypergen_vdom/wire.py, whose
// docstring is the contract. tests/test_opcodes_agree.py reads the `export const NAME = N` lines
// below and compares them with the Python enum: keep one opcode per line, in that form.
export const SET_TEXT = 0
export const SPLICE_TEXT = 1
export const SET_ATTR = 2
export const DEL_ATTR = 3
export const SET_PROP = 4
export const INSERT = 5
export const REMOVE = 6
export const MOVE = 7
export const REPLACE = 8
export const ORDER = 9

// Number of arguments of each op, indexed by opcode; undefined: an op this client doesn't know.
export const ARITY = [2, 4, 3, 2, 3, 3, 1, 2, 2, 2]
