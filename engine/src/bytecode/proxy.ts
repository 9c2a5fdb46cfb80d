/** Proxy kind: EIP-1167 clones, EIP-1967 slots (implementation, beacon, admin), UUPS, diamonds. */
import type { Exploration } from './explore';
import { toHexString } from './opcodes';

export const SLOTS = {
  /** bytes32(uint256(keccak256('eip1967.proxy.implementation')) - 1) */
  implementation: 0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbcn,
  /** bytes32(uint256(keccak256('eip1967.proxy.admin')) - 1) */
  admin: 0xb53127684a568b3173ae13b9f8a6016e243e63b6e8ee1178d6a717850b5d6103n,
  /** bytes32(uint256(keccak256('eip1967.proxy.beacon')) - 1) */
  beacon: 0xa3f0ad74e5423aebfd80d3ef4346578335a9a72aeaee59ff6cb3582b35133d50n,
  /** keccak256('org.zeppelinos.proxy.implementation'), OpenZeppelin's pre-EIP-1967 proxies. */
  zeppelinos: 0x7050c9e0f4ca769c69bd3a8ef740bc37934f8e2c036e5a723fd8ee048ed3f8c3n,
  /** keccak256('PROXIABLE'), EIP-1822. */
  eip1822: 0xc5f16f0fcc639fa48a6947836d9850f504798523bf8c9a3a87d5876cf622bcf7n,
} as const;

export const UPGRADE_SLOTS: ReadonlySet<bigint> = new Set([SLOTS.implementation, SLOTS.admin, SLOTS.beacon, SLOTS.zeppelinos, SLOTS.eip1822]);

export type ProxyKind = 'none' | 'eip1167' | 'eip1967' | 'eip1967-beacon' | 'beacon' | 'eip1822' | 'zeppelinos' | 'diamond' | 'custom-slot' | 'delegating';

export interface ProxyInfo {
  kind: ProxyKind;
  /** The implementation address written in the code (EIP-1167). */
  implementation?: string;
  /** The storage slot to read for the implementation (or the beacon), as 0x-hex. */
  slot?: string;
  /** The EIP-1967 admin slot is read (a transparent proxy's admin). */
  adminSlot?: string;
  /** The contract is a UUPS implementation: it answers proxiableUUID() (0x52d1902d). */
  uups: boolean;
  /** How the kind was recognised. */
  evidence: string;
}

const hex32 = (v: bigint) => `0x${v.toString(16).padStart(64, '0')}`;

const EIP1167 = /^363d3d373d3d3d363d73([0-9a-f]{40})5af43d82803e903d91602b57fd5bf3$/;

/** EIP-1167's exact runtime, and its creation code (a 10-byte prefix that returns it). */
export function minimalProxy(code: Uint8Array): { implementation: string; creation: boolean } | undefined {
  const h = toHexString(code);
  let m = EIP1167.exec(h);
  if (m) return { implementation: `0x${m[1]}`, creation: false };
  if (h.startsWith('3d602d80600a3d3981f3')) {
    m = EIP1167.exec(h.slice(20));
    if (m) return { implementation: `0x${m[1]}`, creation: true };
  }
  return undefined;
}

export function proxyKind(ex: Exploration, selectors: ReadonlySet<string>): ProxyInfo {
  const uups = selectors.has('52d1902d');
  // A proxy delegates from its fallback (no selector matched); a DELEGATECALL inside a function
  // (UUPS's upgradeToAndCall, Multicall's self-delegation) does not make the contract a proxy.
  const delegates = [...ex.calls.values()].filter((c) => c.op === 'DELEGATECALL' && c.fns.has(''));
  const adminSlot = ex.sloadSlots.has(SLOTS.admin) ? hex32(SLOTS.admin) : undefined;
  const base = { uups, ...(adminSlot ? { adminSlot } : {}) };
  if (delegates.length === 0) return { kind: 'none', ...base, evidence: uups ? 'answers proxiableUUID(): a UUPS implementation, not a proxy' : 'no DELEGATECALL from the fallback' };
  const slotsOf = new Set(delegates.flatMap((d) => [...d.addrSlots]).map((s) => BigInt(`0x${s}`)));
  const named: Array<[bigint, ProxyKind]> = [[SLOTS.implementation, 'eip1967'], [SLOTS.eip1822, 'eip1822'], [SLOTS.zeppelinos, 'zeppelinos']];
  for (const [slot, kind] of named)
    if (slotsOf.has(slot)) return { kind, slot: hex32(slot), ...base, evidence: `DELEGATECALL to the address stored at slot ${hex32(slot)}` };
  // A beacon proxy asks the beacon (a call) for the implementation, so the delegated address is not the slot itself.
  if (ex.sloadSlots.has(SLOTS.beacon)) return { kind: 'eip1967-beacon', slot: hex32(SLOTS.beacon), ...base, evidence: 'reads the EIP-1967 beacon slot and delegates' };
  if (delegates.some((d) => d.addrFromReturndata)) return { kind: 'beacon', ...base, evidence: 'DELEGATECALL to an address another contract returned (a beacon asked for the implementation)' };
  if (delegates.some((d) => d.addrCdKeyed)) return { kind: 'diamond', ...base, evidence: 'DELEGATECALL to an address read from a mapping keyed by calldata (the selector): a facet table' };
  const other = [...slotsOf].find((s) => s < 1n << 256n);
  if (other !== undefined) return { kind: 'custom-slot', slot: hex32(other), ...base, evidence: `DELEGATECALL to the address stored at slot ${hex32(other)}` };
  return { kind: 'delegating', ...base, evidence: 'DELEGATECALL to an address not read from a fixed slot' };
}
