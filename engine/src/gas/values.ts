/**
 * Arguments that make sense, in the order they are tried. A measured call
 * should do what the function is for: send a non-zero amount to another
 * account, from a caller that holds something; a constructor should get the
 * deployer where an owner or admin goes. When the first choice reverts, the
 * next is tried, down to the zero values the old measurement used; which one
 * ran is said with the figure.
 */
import type { AbiParam } from '../compile/compile';
import { fromHex, type AbiValue } from './abi';
import type { AddressRole } from './scenario';

const addr = (h: string) => BigInt(h);

/** The account that deploys and calls (funded). */
export const DEPLOYER = addr('0x5e1f000000000000000000000000000000005e1f');
/** Another funded account: a recipient, a spender, a new admin. */
export const OTHER = addr('0x7e57000000000000000000000000000000007e57');
/** A contract that answers every call with words of 1 (true, 1, a non-zero address). */
export const STUB = addr('0x57ab0000000000000000000000000000000057ab');

/** Names for the accounts above, for saying what was sent. */
export const ACCOUNT_NAMES: ReadonlyMap<string, string> = new Map([
  [`0x${DEPLOYER.toString(16).padStart(40, '0')}`, 'deployer'],
  [`0x${OTHER.toString(16).padStart(40, '0')}`, 'other'],
  [`0x${STUB.toString(16).padStart(40, '0')}`, 'stub'],
]);

/**
 * How big the numbers are: `typical` (1 ether for wide integers, an hour or
 * a hundred for middling ones, 18 for a byte), `seed` (1,000 ether, for the
 * calls that set up state, so the measured call's amount fits in it),
 * `small` (1), `zero`, and `large` (far-future deadlines).
 */
export type Magnitude = 'typical' | 'seed' | 'small' | 'zero' | 'large';

/** Who the address parameters are: by role, all `other`, the first the caller and the rest `other`, all the caller, all the stub. */
export type AddressMode = 'roles' | 'other' | 'caller-first' | 'caller' | 'stub';

export interface ValueProfile {
  magnitude: Magnitude;
  addresses: AddressMode;
  /** Length of dynamic arrays. */
  arrayLength: number;
}

function intBits(type: string): { signed: boolean; bits: number } | undefined {
  const m = /^(u?)int(\d*)$/.exec(type);
  return m ? { signed: m[1] !== 'u', bits: m[2] ? Number(m[2]) : 256 } : undefined;
}

function number(bits: number, signed: boolean, magnitude: Magnitude): bigint {
  const max = (1n << BigInt(signed ? bits - 1 : bits)) - 1n;
  let v: bigint;
  switch (magnitude) {
    case 'zero':
      return 0n;
    case 'small':
      return 1n;
    case 'large':
      v = 10n ** 30n;
      break;
    case 'seed':
      v = bits >= 96 ? 1000n * 10n ** 18n : bits >= 64 ? 86400n : bits >= 16 ? 1000n : 100n;
      break;
    default:
      v = bits >= 96 ? 10n ** 18n : bits >= 64 ? 3600n : bits >= 16 ? 100n : 18n;
  }
  return v > max ? max : v;
}

interface Ctx {
  profile: ValueProfile;
  roles: ReadonlyArray<AddressRole | undefined>;
  /** Index of the next address parameter (for `caller-first`). */
  addressIndex: number;
  /** Index of the next integer leaf, for `overrides`. */
  leafIndex: number;
  /** Integer leaves (by index, in encoding order) given another magnitude or a value. */
  overrides?: ReadonlyMap<number, Magnitude | bigint>;
}

function addressFor(p: AbiParam, ctx: Ctx, role: AddressRole | undefined): bigint {
  const i = ctx.addressIndex++;
  const contractTyped = (p.internalType ?? '').startsWith('contract ');
  switch (ctx.profile.addresses) {
    case 'roles':
      if (role === 'owner') return DEPLOYER;
      if (role === 'contract' || contractTyped) return STUB;
      return OTHER;
    case 'caller':
      return contractTyped ? STUB : DEPLOYER;
    case 'caller-first':
      return contractTyped ? STUB : i === 0 ? DEPLOYER : OTHER;
    case 'stub':
      return STUB;
    default:
      return contractTyped ? STUB : OTHER;
  }
}

function valueFor(p: AbiParam, ctx: Ctx, role: AddressRole | undefined, type = p.type): AbiValue {
  const arr = /^(.*)\[(\d*)\]$/.exec(type);
  const mag = ctx.profile.magnitude;
  if (arr) {
    const n = arr[2] === '' ? (mag === 'zero' ? 0 : ctx.profile.arrayLength) : Number(arr[2]);
    const start = ctx.addressIndex;
    const out: AbiValue[] = [];
    for (let k = 0; k < n; k++) {
      // Elements of an address array are distinct accounts (owners, recipients): duplicates are often refused.
      ctx.addressIndex = start;
      const v = valueFor(p, ctx, role, arr[1]);
      out.push(k > 0 && typeof v === 'bigint' && arr[1] === 'address' ? v + BigInt(k) : v);
    }
    return out;
  }
  if (type === 'tuple') return (p.components ?? []).map((c) => valueFor(c, ctx, undefined));
  if (type === 'address') return mag === 'zero' ? 0n : addressFor(p, ctx, role);
  if (type === 'bool') return mag !== 'zero';
  if (type === 'string') return mag === 'zero' ? '' : 'synor';
  if (type === 'bytes') return mag === 'small' ? fromHex('01') : new Uint8Array();
  const fixed = /^bytes(\d+)$/.exec(type);
  if (fixed) {
    const b = new Uint8Array(Number(fixed[1]));
    if (mag !== 'zero') b[b.length - 1] = 1;
    return b;
  }
  // An enum's first member is always valid.
  if ((p.internalType ?? '').startsWith('enum ')) return mag === 'small' ? 1n : 0n;
  const it = intBits(type);
  if (it) {
    const leaf = ctx.leafIndex++;
    const o = ctx.overrides?.get(leaf);
    if (typeof o === 'bigint') return o;
    return number(it.bits, it.signed, o ?? mag);
  }
  return 0n;
}

/** Values for `inputs` under one profile; `roles` says what each address parameter stands for. */
export function valuesFor(inputs: readonly AbiParam[], profile: ValueProfile, roles: ReadonlyArray<AddressRole | undefined> = [], overrides?: ReadonlyMap<number, Magnitude | bigint>): AbiValue[] {
  const ctx: Ctx = { profile, roles, addressIndex: 0, leafIndex: 0, overrides };
  return inputs.map((p, i) => valueFor(p, ctx, roles[i]));
}

/** How many integer leaves `inputs` have under a profile (array lengths follow the profile). */
export function integerLeaves(inputs: readonly AbiParam[], profile: ValueProfile): number {
  const ctx: Ctx = { profile, roles: [], addressIndex: 0, leafIndex: 0 };
  for (const p of inputs) valueFor(p, ctx, undefined);
  return ctx.leafIndex;
}

/**
 * The values with a word another call returned (an id it created) put in the
 * first top-level `uint256` or `bytes32` parameter; undefined when there is none.
 */
export function withReturnedId(inputs: readonly AbiParam[], values: readonly AbiValue[], word: Uint8Array): AbiValue[] | undefined {
  const i = inputs.findIndex((p) => (p.type === 'uint256' || p.type === 'bytes32') && !(p.internalType ?? '').startsWith('enum '));
  if (i < 0 || word.length < 32) return undefined;
  const out = [...values];
  const w = word.slice(0, 32);
  out[i] = inputs[i].type === 'bytes32' ? w : BigInt(`0x${Buffer.from(w).toString('hex')}`);
  return out;
}

const MAGNITUDES_SEED: Magnitude[] = ['seed', 'typical', 'small', 'zero'];

/**
 * Profiles to try for a measured call, in tiers: non-zero amounts first
 * (tried from the deployed state and from states other calls set up), then
 * far-future figures (deadlines), then zeros, the old measurement's arguments.
 */
export function callProfileTiers(arrayLength = 1): ValueProfile[][] {
  const modes: AddressMode[] = ['other', 'caller-first', 'caller', 'stub'];
  const tier = (ms: Magnitude[]) => ms.flatMap((magnitude) => modes.map((addresses) => ({ magnitude, addresses, arrayLength })));
  return [tier(['typical', 'small']), tier(['large']), tier(['zero'])];
}

/** Profiles to try for a call that sets up state: the deployer receives what is minted or deposited. */
export function seedProfiles(): ValueProfile[] {
  const out: ValueProfile[] = [];
  for (const magnitude of MAGNITUDES_SEED) for (const addresses of ['caller', 'caller-first', 'other', 'stub'] as AddressMode[]) out.push({ magnitude, addresses, arrayLength: 1 });
  return out;
}

/** Profiles for constructor arguments: addresses by what the code does with them, then fallbacks. */
export function constructorProfiles(): ValueProfile[] {
  const out: ValueProfile[] = [];
  for (const magnitude of ['seed', 'typical', 'small', 'large', 'zero'] as Magnitude[]) for (const addresses of ['roles', 'caller', 'other'] as AddressMode[]) out.push({ magnitude, addresses, arrayLength: 1 });
  return out;
}

const ETHER = 10n ** 18n;
const PLACEHOLDERS: Record<string, bigint> = { '@deployer': DEPLOYER, '@caller': DEPLOYER, '@other': OTHER, '@stub': STUB };

/**
 * A value written by a person (`synor.config.json`, `@custom:synor-args`):
 * numbers with `ether`/`gwei` units or `e` exponents, hex, `@deployer`,
 * `@other`, `@stub`, `@this`, booleans, strings and JSON arrays.
 */
export function parseUserValue(p: AbiParam, raw: unknown, self: bigint, type = p.type): AbiValue {
  const arr = /^(.*)\[(\d*)\]$/.exec(type);
  if (arr) {
    const list = Array.isArray(raw) ? raw : typeof raw === 'string' && raw.trim().startsWith('[') ? safeJson(raw) : [];
    return (Array.isArray(list) ? list : []).map((x) => parseUserValue(p, x, self, arr[1]));
  }
  if (type === 'tuple') {
    const list = Array.isArray(raw) ? raw : [];
    return (p.components ?? []).map((c, i) => parseUserValue(c, list[i], self));
  }
  if (typeof raw === 'boolean') return type === 'bool' ? raw : raw ? 1n : 0n;
  if (typeof raw === 'number') raw = String(BigInt(Math.trunc(raw)));
  const s = String(raw ?? '').trim();
  const unq = /^(["'])(.*)\1$/s.exec(s)?.[2] ?? s;
  if (type === 'string') return unq;
  if (type === 'bool') return /^(true|1)$/i.test(unq);
  if (type === 'bytes' || /^bytes\d+$/.test(type)) return /^0x[0-9a-f]*$/i.test(unq) ? fromHex(unq) : new TextEncoder().encode(unq);
  const lower = unq.toLowerCase();
  if (lower === '@this') return self;
  if (lower in PLACEHOLDERS) return PLACEHOLDERS[lower];
  return parseAmount(unq);
}

/** `1.5 ether`, `100 gwei`, `1e18`, `0x10`, `1_000`; 0 for anything else. */
export function parseAmount(text: string): bigint {
  const s = text.replace(/_/g, '').trim();
  const unit = /^(.*?)\s*(wei|gwei|ether)$/i.exec(s);
  if (unit) {
    const scale = unit[2].toLowerCase() === 'ether' ? ETHER : unit[2].toLowerCase() === 'gwei' ? 10n ** 9n : 1n;
    const [whole, frac = ''] = unit[1].trim().split('.');
    const digits = scale === 1n ? 0 : scale.toString().length - 1;
    if (!/^-?\d*$/.test(whole) || !/^\d*$/.test(frac)) return 0n;
    return BigInt(whole || '0') * scale + (frac ? BigInt(frac.slice(0, digits).padEnd(digits, '0')) : 0n);
  }
  const exp = /^(-?\d+)e(\d+)$/i.exec(s);
  if (exp) return BigInt(exp[1]) * 10n ** BigInt(exp[2]);
  if (/^-?(0x[0-9a-f]+|\d+)$/i.test(s)) return s.startsWith('-') ? -BigInt(s.slice(1)) : BigInt(s);
  return 0n;
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return [];
  }
}

/** Funded accounts other than the deployer that call too: to grow per-caller lists (members, depositors). */
export const CALLERS: readonly bigint[] = Array.from({ length: 8 }, (_, i) => BigInt(`0xa11ce0000000000000000000000000000000000${i + 1}`));

/** One ether, the value sent to payable functions. */
export const ONE_ETHER = ETHER;
