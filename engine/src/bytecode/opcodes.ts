/** EVM opcodes: names, stack effect, and the instruction stream of a code. */

/** [name, stack inputs, stack outputs] by opcode; PUSH/DUP/SWAP are filled in below. */
const TABLE: Record<number, [string, number, number]> = {
  0x00: ['STOP', 0, 0], 0x01: ['ADD', 2, 1], 0x02: ['MUL', 2, 1], 0x03: ['SUB', 2, 1], 0x04: ['DIV', 2, 1],
  0x05: ['SDIV', 2, 1], 0x06: ['MOD', 2, 1], 0x07: ['SMOD', 2, 1], 0x08: ['ADDMOD', 3, 1], 0x09: ['MULMOD', 3, 1],
  0x0a: ['EXP', 2, 1], 0x0b: ['SIGNEXTEND', 2, 1],
  0x10: ['LT', 2, 1], 0x11: ['GT', 2, 1], 0x12: ['SLT', 2, 1], 0x13: ['SGT', 2, 1], 0x14: ['EQ', 2, 1],
  0x15: ['ISZERO', 1, 1], 0x16: ['AND', 2, 1], 0x17: ['OR', 2, 1], 0x18: ['XOR', 2, 1], 0x19: ['NOT', 1, 1],
  0x1a: ['BYTE', 2, 1], 0x1b: ['SHL', 2, 1], 0x1c: ['SHR', 2, 1], 0x1d: ['SAR', 2, 1], 0x1e: ['CLZ', 1, 1],
  0x20: ['SHA3', 2, 1],
  0x30: ['ADDRESS', 0, 1], 0x31: ['BALANCE', 1, 1], 0x32: ['ORIGIN', 0, 1], 0x33: ['CALLER', 0, 1],
  0x34: ['CALLVALUE', 0, 1], 0x35: ['CALLDATALOAD', 1, 1], 0x36: ['CALLDATASIZE', 0, 1], 0x37: ['CALLDATACOPY', 3, 0],
  0x38: ['CODESIZE', 0, 1], 0x39: ['CODECOPY', 3, 0], 0x3a: ['GASPRICE', 0, 1], 0x3b: ['EXTCODESIZE', 1, 1],
  0x3c: ['EXTCODECOPY', 4, 0], 0x3d: ['RETURNDATASIZE', 0, 1], 0x3e: ['RETURNDATACOPY', 3, 0], 0x3f: ['EXTCODEHASH', 1, 1],
  0x40: ['BLOCKHASH', 1, 1], 0x41: ['COINBASE', 0, 1], 0x42: ['TIMESTAMP', 0, 1], 0x43: ['NUMBER', 0, 1],
  0x44: ['PREVRANDAO', 0, 1], 0x45: ['GASLIMIT', 0, 1], 0x46: ['CHAINID', 0, 1], 0x47: ['SELFBALANCE', 0, 1],
  0x48: ['BASEFEE', 0, 1], 0x49: ['BLOBHASH', 1, 1], 0x4a: ['BLOBBASEFEE', 0, 1],
  0x50: ['POP', 1, 0], 0x51: ['MLOAD', 1, 1], 0x52: ['MSTORE', 2, 0], 0x53: ['MSTORE8', 2, 0], 0x54: ['SLOAD', 1, 1],
  0x55: ['SSTORE', 2, 0], 0x56: ['JUMP', 1, 0], 0x57: ['JUMPI', 2, 0], 0x58: ['PC', 0, 1], 0x59: ['MSIZE', 0, 1],
  0x5a: ['GAS', 0, 1], 0x5b: ['JUMPDEST', 0, 0], 0x5c: ['TLOAD', 1, 1], 0x5d: ['TSTORE', 2, 0], 0x5e: ['MCOPY', 3, 0],
  0x5f: ['PUSH0', 0, 1],
  0xa0: ['LOG0', 2, 0], 0xa1: ['LOG1', 3, 0], 0xa2: ['LOG2', 4, 0], 0xa3: ['LOG3', 5, 0], 0xa4: ['LOG4', 6, 0],
  0xf0: ['CREATE', 3, 1], 0xf1: ['CALL', 7, 1], 0xf2: ['CALLCODE', 7, 1], 0xf3: ['RETURN', 2, 0],
  0xf4: ['DELEGATECALL', 6, 1], 0xf5: ['CREATE2', 4, 1], 0xfa: ['STATICCALL', 6, 1], 0xfd: ['REVERT', 2, 0],
  0xfe: ['INVALID', 0, 0], 0xff: ['SELFDESTRUCT', 1, 0],
};
for (let n = 1; n <= 32; n++) TABLE[0x5f + n] = [`PUSH${n}`, 0, 1];
for (let n = 1; n <= 16; n++) TABLE[0x7f + n] = [`DUP${n}`, n, n + 1];
for (let n = 1; n <= 16; n++) TABLE[0x8f + n] = [`SWAP${n}`, n + 1, n + 1];

export const OP = {
  STOP: 0x00, ADD: 0x01, MUL: 0x02, SUB: 0x03, DIV: 0x04, EXP: 0x0a, LT: 0x10, GT: 0x11, SLT: 0x12, SGT: 0x13, EQ: 0x14,
  ISZERO: 0x15, AND: 0x16, OR: 0x17, XOR: 0x18, NOT: 0x19, SHL: 0x1b, SHR: 0x1c, SHA3: 0x20, ADDRESS: 0x30,
  ORIGIN: 0x32, CALLER: 0x33, CALLVALUE: 0x34, CALLDATALOAD: 0x35, CALLDATASIZE: 0x36, CODECOPY: 0x39,
  POP: 0x50, MLOAD: 0x51, MSTORE: 0x52, SLOAD: 0x54, SSTORE: 0x55, JUMP: 0x56, JUMPI: 0x57, PC: 0x58,
  JUMPDEST: 0x5b, PUSH0: 0x5f, PUSH1: 0x60, PUSH32: 0x7f, DUP1: 0x80, DUP16: 0x8f, SWAP1: 0x90, SWAP16: 0x9f,
  CREATE: 0xf0, CALL: 0xf1, CALLCODE: 0xf2, RETURN: 0xf3, DELEGATECALL: 0xf4, CREATE2: 0xf5,
  STATICCALL: 0xfa, REVERT: 0xfd, INVALID: 0xfe, SELFDESTRUCT: 0xff,
} as const;

/** One decoded instruction. `push` is the immediate of PUSH1..PUSH32 (PUSH0: 0n). */
export interface Instruction {
  pc: number;
  op: number;
  name: string;
  /** Bytes the instruction takes, immediate included. */
  size: number;
  push?: bigint;
  /** Stack items taken and given; unknown opcodes take and give none (they halt). */
  pops: number;
  pushes: number;
}

export function opName(op: number): string {
  return TABLE[op]?.[0] ?? `UNKNOWN_0x${op.toString(16).padStart(2, '0')}`;
}

/** Halting or unconditional control transfer: nothing falls through. */
export function isTerminator(op: number): boolean {
  return op === OP.STOP || op === OP.JUMP || op === OP.RETURN || op === OP.REVERT || op === OP.INVALID || op === OP.SELFDESTRUCT || !(op in TABLE);
}

/**
 * Decodes `code[0, end)` into instructions, stepping over PUSH immediates so that
 * data bytes are never read as opcodes. A PUSH cut short by `end` takes zero bytes
 * for its missing immediate, as the EVM does.
 */
export function disassemble(code: Uint8Array, end = code.length): Instruction[] {
  const out: Instruction[] = [];
  for (let pc = 0; pc < end; ) {
    const op = code[pc];
    const t = TABLE[op];
    let size = 1;
    let push: bigint | undefined;
    if (op >= OP.PUSH1 && op <= OP.PUSH32) {
      const n = op - OP.PUSH1 + 1;
      let v = 0n;
      for (let i = 1; i <= n; i++) v = (v << 8n) | BigInt(pc + i < end ? code[pc + i] : 0);
      push = v;
      size = 1 + n;
    } else if (op === OP.PUSH0) push = 0n;
    out.push({ pc, op, name: t?.[0] ?? opName(op), size, push, pops: t?.[1] ?? 0, pushes: t?.[2] ?? 0 });
    pc += size;
  }
  return out;
}

/** Text listing, one instruction a line: `0x001a PUSH2 0x0040`. */
export function listing(instrs: readonly Instruction[]): string {
  return instrs.map((i) => `0x${i.pc.toString(16).padStart(4, '0')} ${i.name}${i.push !== undefined && i.op !== OP.PUSH0 ? ` 0x${i.push.toString(16).padStart((i.size - 1) * 2, '0')}` : ''}`).join('\n');
}

/** The index of the instruction at `pc` in a disassembly (ordered by pc), or -1. */
export function indexOfPc(instrs: readonly Instruction[], pc: number): number {
  let lo = 0;
  let hi = instrs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = instrs[mid].pc;
    if (at === pc) return mid;
    if (at < pc) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

export function fromHexString(hex: string): Uint8Array | undefined {
  let h = hex.trim();
  if (h.startsWith('0x') || h.startsWith('0X')) h = h.slice(2);
  if (h.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(h)) return undefined;
  // Buffer's decoder: parsing two digits at a time in JavaScript took ~10 ms on 24 KB.
  // A copy, not a view: small Buffers share a pooled slab.
  return new Uint8Array(Buffer.from(h, 'hex'));
}

export function toHexString(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}
