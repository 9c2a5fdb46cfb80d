/** solc's CBOR metadata at the end of the code: compiler version, source hash, experimental flag. */
import { toHexString } from './opcodes';

export interface CodeMetadata {
  /** `0.8.37` when solc wrote its version (0.5.9 and later). */
  solc?: string;
  ipfs?: string;
  bzzr0?: string;
  bzzr1?: string;
  experimental?: boolean;
  /** Keys we did not expect, as hex or text. */
  other?: Record<string, string | boolean | number>;
  /** Where the CBOR map starts; the two length bytes follow its end. */
  start: number;
  /** Bytes of CBOR plus the two length bytes. */
  length: number;
}

type Cbor = number | string | boolean | null | Uint8Array | Cbor[] | Map<string, Cbor>;

/**
 * A minimal CBOR reader for what solc emits: a definite map of text keys to byte
 * strings, text strings, booleans and small integers. Anything else (or bytes
 * past the end) throws, and the caller treats the tail as not metadata.
 */
function readCbor(b: Uint8Array, start: number, end: number): { value: Cbor; next: number } {
  let p = start;
  const need = (n: number) => {
    if (p + n > end) throw new Error('truncated');
  };
  const arg = (info: number): number => {
    if (info < 24) return info;
    const n = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : -1;
    if (n < 0) throw new Error('unsupported length');
    need(n);
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 256 + b[p++];
    return v;
  };
  const item = (depth: number): Cbor => {
    if (depth > 4) throw new Error('too deep');
    need(1);
    const first = b[p++];
    const major = first >> 5;
    const info = first & 31;
    switch (major) {
      case 0: return arg(info);
      case 1: return -1 - arg(info);
      case 2: {
        const n = arg(info);
        need(n);
        const v = b.slice(p, p + n);
        p += n;
        return v;
      }
      case 3: {
        const n = arg(info);
        need(n);
        const v = new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(p, p + n));
        p += n;
        return v;
      }
      case 4: {
        const n = arg(info);
        const a: Cbor[] = [];
        for (let i = 0; i < n; i++) a.push(item(depth + 1));
        return a;
      }
      case 5: {
        const n = arg(info);
        const m = new Map<string, Cbor>();
        for (let i = 0; i < n; i++) {
          const k = item(depth + 1);
          if (typeof k !== 'string') throw new Error('non-text key');
          m.set(k, item(depth + 1));
        }
        return m;
      }
      case 7:
        if (info === 20) return false;
        if (info === 21) return true;
        if (info === 22) return null;
        throw new Error('unsupported simple value');
      default:
        throw new Error('unsupported major type');
    }
  };
  const value = item(0);
  return { value, next: p };
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** Base58 (Bitcoin alphabet), as IPFS writes a CIDv0 multihash. */
export function base58(bytes: Uint8Array): string {
  let n = 0n;
  for (const x of bytes) n = n * 256n + BigInt(x);
  let s = '';
  while (n > 0n) {
    s = BASE58[Number(n % 58n)] + s;
    n /= 58n;
  }
  for (const x of bytes) {
    if (x !== 0) break;
    s = '1' + s;
  }
  return s;
}

/**
 * Reads the metadata solc appends to runtime code: a CBOR map followed by its
 * length as two big-endian bytes. Undefined when the tail is not such a map
 * (no metadata, `--metadata-hash none` with no version, or not solc's code).
 * `end` lets the caller look at the end of an embedded runtime inside creation code.
 */
export function decodeMetadata(code: Uint8Array, end = code.length): CodeMetadata | undefined {
  if (end < 2) return undefined;
  const len = (code[end - 2] << 8) | code[end - 1];
  const start = end - 2 - len;
  if (len === 0 || start < 0) return undefined;
  // A CBOR map of 1..15 entries starts with 0xa1..0xaf.
  if (code[start] < 0xa1 || code[start] > 0xaf) return undefined;
  let value: Cbor;
  try {
    const r = readCbor(code, start, end - 2);
    if (r.next !== end - 2) return undefined;
    value = r.value;
  } catch {
    return undefined;
  }
  if (!(value instanceof Map)) return undefined;
  const md: CodeMetadata = { start, length: len + 2 };
  for (const [k, v] of value) {
    if (k === 'solc' && v instanceof Uint8Array && v.length === 3) md.solc = `${v[0]}.${v[1]}.${v[2]}`;
    else if (k === 'solc' && typeof v === 'string') md.solc = v;
    else if (k === 'ipfs' && v instanceof Uint8Array) md.ipfs = base58(v);
    else if (k === 'bzzr0' && v instanceof Uint8Array) md.bzzr0 = toHexString(v);
    else if (k === 'bzzr1' && v instanceof Uint8Array) md.bzzr1 = toHexString(v);
    else if (k === 'experimental' && typeof v === 'boolean') md.experimental = v;
    else {
      md.other ??= {};
      md.other[k] = v instanceof Uint8Array ? toHexString(v) : typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number' ? v : JSON.stringify(v);
    }
  }
  return md;
}
