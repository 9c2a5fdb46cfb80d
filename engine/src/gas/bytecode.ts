/** The opcodes the report counts: storage, calls, creation, self-destruction and logs. */
const COUNTED: Record<number, string> = {
  0x54: 'SLOAD',
  0x55: 'SSTORE',
  0xf0: 'CREATE',
  0xf1: 'CALL',
  0xf2: 'CALLCODE',
  0xf4: 'DELEGATECALL',
  0xf5: 'CREATE2',
  0xfa: 'STATICCALL',
  0xff: 'SELFDESTRUCT',
  0xa0: 'LOG0',
  0xa1: 'LOG1',
  0xa2: 'LOG2',
  0xa3: 'LOG3',
  0xa4: 'LOG4',
};

/**
 * The length of the code proper, without solc's CBOR metadata tail, whose
 * last two bytes give its length. Code without a plausible tail is kept whole.
 */
export function codeLengthWithoutMetadata(code: Uint8Array): number {
  if (code.length < 2) return code.length;
  const n = (code[code.length - 2] << 8) | code[code.length - 1];
  // A CBOR map starts with 0xa1..0xa5 (a map of one to five entries).
  const start = code.length - 2 - n;
  if (n > 0 && start >= 0 && code[start] >= 0xa1 && code[start] <= 0xa5) return start;
  return code.length;
}

/**
 * Counts storage, call, create, self-destruct and log opcodes in runtime
 * bytecode, stepping over PUSH data and leaving out the metadata tail.
 * Every counted opcode appears in the result, zero or not.
 */
export function countOpcodes(code: Uint8Array): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of Object.values(COUNTED)) counts[name] = 0;
  const end = codeLengthWithoutMetadata(code);
  for (let pc = 0; pc < end; pc++) {
    const op = code[pc];
    const name = COUNTED[op];
    if (name) counts[name]++;
    // PUSH1..PUSH32 carry 1..32 bytes of data that are not instructions.
    if (op >= 0x60 && op <= 0x7f) pc += op - 0x5f;
  }
  return counts;
}
