import type { AbiEntry, AbiParam } from '../compile/compile';

/**
 * Just enough of the contract ABI to call every function with synthesised
 * arguments and to read why a call reverted. Values are zero (dynamic types
 * empty) unless given, as in `/// @custom:synor-args`.
 */

const WORD = 32;

/** The canonical type of a parameter, tuples spelled out: `(uint256,address)[]`. */
export function canonicalType(p: AbiParam): string {
  if (p.type.startsWith('tuple')) return `(${(p.components ?? []).map(canonicalType).join(',')})${p.type.slice('tuple'.length)}`;
  return p.type;
}

/** `name(type,…)` as used for selectors. */
export function signatureOf(e: AbiEntry): string {
  return `${e.name ?? ''}(${(e.inputs ?? []).map(canonicalType).join(',')})`;
}

interface Encoded {
  dynamic: boolean;
  bytes: Uint8Array;
}

function word(value: bigint): Uint8Array {
  const out = new Uint8Array(WORD);
  let v = BigInt.asUintN(256, value);
  for (let i = WORD - 1; i >= 0 && v > 0n; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function padRight(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(b.length / WORD) * WORD);
  out.set(b);
  return out;
}

/** Splits `uint256[3][]` into the base and its array suffixes, outermost last. */
function arrayParts(type: string): { base: string; dims: Array<number | undefined> } {
  const dims: Array<number | undefined> = [];
  let t = type;
  for (let m = /\[(\d*)\]$/.exec(t); m; m = /\[(\d*)\]$/.exec(t)) {
    dims.unshift(m[1] === '' ? undefined : Number(m[1]));
    t = t.slice(0, m.index);
  }
  return { base: t, dims };
}

function encodeSequence(items: readonly Encoded[]): Encoded {
  const headSize = items.reduce((n, i) => n + (i.dynamic ? WORD : i.bytes.length), 0);
  const heads: Uint8Array[] = [];
  const tails: Uint8Array[] = [];
  let tailOffset = headSize;
  for (const i of items) {
    if (i.dynamic) {
      heads.push(word(BigInt(tailOffset)));
      tails.push(i.bytes);
      tailOffset += i.bytes.length;
    } else heads.push(i.bytes);
  }
  return { dynamic: items.some((i) => i.dynamic), bytes: concat([...heads, ...tails]) };
}

/** The zero value of a type, ABI-encoded. */
function encodeZero(p: AbiParam, type = p.type): Encoded {
  const { base, dims } = arrayParts(type);
  if (dims.length > 0) {
    const last = dims[dims.length - 1];
    const inner = type.slice(0, type.lastIndexOf('['));
    if (last === undefined) return { dynamic: true, bytes: word(0n) };
    const el = encodeZero(p, inner);
    return encodeSequence(Array.from({ length: last }, () => el));
  }
  if (base === 'tuple') return encodeSequence((p.components ?? []).map((c) => encodeZero(c)));
  if (base === 'bytes' || base === 'string') return { dynamic: true, bytes: word(0n) };
  return { dynamic: false, bytes: word(0n) };
}

/** Parses one value written in `@custom:synor-args` for an elementary type. */
function encodeValue(p: AbiParam, raw: string): Encoded {
  const v = raw.trim();
  const unq = /^(["'])(.*)\1$/s.exec(v)?.[2];
  const t = p.type;
  if (t === 'string') {
    const b = new TextEncoder().encode(unq ?? v);
    return { dynamic: true, bytes: concat([word(BigInt(b.length)), padRight(b)]) };
  }
  if (t === 'bytes') {
    const b = hexBytes(unq ?? v);
    return { dynamic: true, bytes: concat([word(BigInt(b.length)), padRight(b)]) };
  }
  if (t === 'bool') return { dynamic: false, bytes: word(/^(true|1)$/i.test(v) ? 1n : 0n) };
  if (/^bytes\d+$/.test(t)) return { dynamic: false, bytes: padRight(hexBytes(unq ?? v)).slice(0, WORD) };
  if (t === 'address' || /^u?int\d*$/.test(t)) {
    const n = parseNumber(unq ?? v);
    return { dynamic: false, bytes: word(n) };
  }
  return encodeZero(p);
}

function parseNumber(v: string): bigint {
  const s = v.replace(/_/g, '').trim();
  // Allow `1e18` and `1 ether` style amounts, common in constructor arguments.
  const unit = /^(.*?)\s*(wei|gwei|ether)$/.exec(s);
  if (unit) return parseNumber(unit[1]) * (unit[2] === 'ether' ? 10n ** 18n : unit[2] === 'gwei' ? 10n ** 9n : 1n);
  const exp = /^(-?\d+)e(\d+)$/i.exec(s);
  if (exp) return BigInt(exp[1]) * 10n ** BigInt(exp[2]);
  if (/^-?(0x[0-9a-f]+|\d+)$/i.test(s)) return s.startsWith('-') ? -BigInt(s.slice(1)) : BigInt(s);
  return 0n;
}

function hexBytes(v: string): Uint8Array {
  const h = v.replace(/^0x/i, '');
  if (!/^[0-9a-f]*$/i.test(h)) return new TextEncoder().encode(v);
  const even = h.length % 2 ? '0' + h : h;
  const out = new Uint8Array(even.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(even.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Splits `1, "a,b", 0x12` at top-level commas. */
export function splitArgs(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote = '';
  let depth = 0;
  for (const c of text) {
    if (quote) {
      cur += c;
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
      cur += c;
    } else if (c === '[' || c === '(') {
      depth++;
      cur += c;
    } else if (c === ']' || c === ')') {
      depth--;
      cur += c;
    } else if (c === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/**
 * A value to encode, already decided: a number for integers, addresses and
 * enums, a boolean, bytes for `bytes`/`bytesN`, text for `string`, and a
 * list for arrays and tuples.
 */
export type AbiValue = bigint | boolean | Uint8Array | string | AbiValue[];

function encodeTyped(p: AbiParam, v: AbiValue, type = p.type): Encoded {
  const { base, dims } = arrayParts(type);
  if (dims.length > 0) {
    const last = dims[dims.length - 1];
    const inner = type.slice(0, type.lastIndexOf('['));
    const items = (Array.isArray(v) ? v : []).map((x) => encodeTyped(p, x, inner));
    if (last === undefined) {
      const seq = encodeSequence(items);
      return { dynamic: true, bytes: concat([word(BigInt(items.length)), seq.bytes]) };
    }
    while (items.length < last) items.push(encodeZero(p, inner));
    return encodeSequence(items.slice(0, last));
  }
  if (base === 'tuple') {
    const parts = Array.isArray(v) ? v : [];
    return encodeSequence((p.components ?? []).map((c, i) => (parts[i] === undefined ? encodeZero(c) : encodeTyped(c, parts[i]))));
  }
  if (base === 'string' || base === 'bytes') {
    const b = typeof v === 'string' ? new TextEncoder().encode(v) : v instanceof Uint8Array ? v : new Uint8Array();
    return { dynamic: true, bytes: concat([word(BigInt(b.length)), padRight(b)]) };
  }
  if (/^bytes\d+$/.test(base)) {
    const out = new Uint8Array(WORD);
    if (v instanceof Uint8Array) out.set(v.slice(0, WORD));
    return { dynamic: false, bytes: out };
  }
  if (typeof v === 'boolean') return { dynamic: false, bytes: word(v ? 1n : 0n) };
  if (typeof v === 'bigint') return { dynamic: false, bytes: word(v) };
  return encodeZero(p, type);
}

/** ABI-encodes decided values for `inputs`; a missing value is the type's zero. */
export function encodeValues(inputs: readonly AbiParam[], values: readonly (AbiValue | undefined)[]): Uint8Array {
  return encodeSequence(inputs.map((p, i) => (values[i] === undefined ? encodeZero(p) : encodeTyped(p, values[i]!)))).bytes;
}

/** A value as a person would write it in `@custom:synor-args`, for saying what was sent. */
export function showValue(v: AbiValue | undefined, names: ReadonlyMap<string, string> = new Map()): string {
  if (v === undefined) return '0';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof Uint8Array) return `0x${hex(v)}`;
  if (Array.isArray(v)) return `[${v.map((x) => showValue(x, names)).join(', ')}]`;
  const asAddress = `0x${v.toString(16).padStart(40, '0')}`;
  const named = names.get(asAddress);
  if (named) return named;
  if (v >= 10n ** 15n && v % 10n ** 15n === 0n && v < 1n << 160n) return `${Number(v / 10n ** 15n) / 1000} ether`;
  // Large non-round numbers are addresses or hashes: hex reads better.
  if (v >= 1n << 64n) return `0x${v.toString(16)}`;
  return v.toString();
}

/** ABI-encodes arguments for `inputs`: given values where there are any, zero values for the rest. */
export function encodeArgs(inputs: readonly AbiParam[], given: readonly string[] = []): Uint8Array {
  return encodeSequence(inputs.map((p, i) => (given[i] !== undefined && given[i] !== '' ? encodeValue(p, given[i]) : encodeZero(p)))).bytes;
}

function readWord(data: Uint8Array, at: number): bigint {
  let v = 0n;
  for (let i = 0; i < WORD; i++) v = (v << 8n) | BigInt(data[at + i] ?? 0);
  return v;
}

const PANICS: Record<number, string> = {
  0x00: 'generic compiler panic',
  0x01: 'assert failed',
  0x11: 'arithmetic overflow or underflow',
  0x12: 'division or modulo by zero',
  0x21: 'invalid enum value',
  0x22: 'invalid storage byte array',
  0x31: 'pop on an empty array',
  0x32: 'array index out of bounds',
  0x41: 'out of memory',
  0x51: 'call to a zero-initialised internal function',
};

/**
 * Why a call reverted, from its return data: `Error(string)`, `Panic(uint256)`
 * or a custom error named through the ABI's error selectors.
 */
export function decodeRevert(data: Uint8Array, errorSelectors: ReadonlyMap<string, string>): string {
  if (data.length === 0) return 'reverted without a reason';
  if (data.length < 4) return `reverted with data 0x${hex(data)}`;
  const sel = hex(data.slice(0, 4));
  if (sel === '08c379a0' && data.length >= 68) {
    const off = Number(readWord(data, 4));
    const len = Number(readWord(data, 4 + off));
    const text = new TextDecoder().decode(data.slice(4 + off + WORD, 4 + off + WORD + len));
    return `Error("${text}")`;
  }
  if (sel === '4e487b71' && data.length >= 36) {
    const code = Number(readWord(data, 4));
    return `Panic(0x${code.toString(16).padStart(2, '0')}): ${PANICS[code] ?? 'unknown panic code'}`;
  }
  const named = errorSelectors.get(sel);
  return named ? `custom error ${named}` : `custom error 0x${sel}`;
}

export function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

export function fromHex(h: string): Uint8Array {
  return hexBytes(h);
}
