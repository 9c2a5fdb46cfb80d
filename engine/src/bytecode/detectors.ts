/** Detectors over the explored control-flow graph. Each is documented in docs/bytecode.md. */
import type { Exploration } from './explore';
import { UPGRADE_SLOTS } from './proxy';

export type Severity = 'high' | 'medium' | 'low' | 'info';

export interface BytecodeDetectorMeta {
  id: string;
  title: string;
  /** SWC registry id; absent where no entry fits. */
  swc?: string;
  severity: Severity;
  confidence: 'high' | 'medium' | 'low';
}

export interface BytecodeFinding {
  id: string;
  title: string;
  swc?: string;
  severity: Severity;
  confidence: 'high' | 'medium' | 'low';
  /** Offset of the instruction in the analysed (runtime) code. */
  pc: number;
  /** Selectors (8 hex digits) whose entry reaches it; '' is the fallback / receive path. */
  selectors: string[];
  message: string;
  /** Set by concrete execution: true when a local EVM run showed it, false when tried and not shown. */
  confirmed?: boolean;
  confirmation?: string;
}

export const DETECTORS: readonly BytecodeDetectorMeta[] = [
  { id: 'bytecode-unprotected-selfdestruct', title: 'SELFDESTRUCT reachable without a caller check', swc: 'SWC-106', severity: 'high', confidence: 'medium' },
  { id: 'bytecode-delegatecall-calldata', title: 'DELEGATECALL to an address taken from calldata', swc: 'SWC-112', severity: 'high', confidence: 'medium' },
  { id: 'bytecode-tx-origin-branch', title: 'tx.origin used in a branch condition', swc: 'SWC-115', severity: 'medium', confidence: 'medium' },
  { id: 'bytecode-unchecked-call', title: "A call's success flag is never used", swc: 'SWC-104', severity: 'medium', confidence: 'medium' },
  { id: 'bytecode-unprotected-ether-transfer', title: 'CALL with value reachable without a caller check', swc: 'SWC-105', severity: 'high', confidence: 'low' },
  { id: 'bytecode-unprotected-upgrade-slot', title: 'Upgrade slot written without a caller check', severity: 'high', confidence: 'medium' },
];

/** The detectors' ids, which suppression comments may name beside the source rules' (the deep tier applies them). */
export const BYTECODE_DETECTOR_IDS: ReadonlySet<string> = new Set(DETECTORS.map((d) => d.id));

const META = new Map(DETECTORS.map((d) => [d.id, d]));

function finding(id: string, pc: number, fns: Iterable<string>, message: string): BytecodeFinding {
  const m = META.get(id)!;
  return { id, title: m.title, ...(m.swc ? { swc: m.swc } : {}), severity: m.severity, confidence: m.confidence, pc, selectors: [...new Set(fns)].sort(), message };
}

const at = (pc: number) => `0x${pc.toString(16).padStart(4, '0')}`;
const list = (fns: Iterable<string>) => [...fns].map((f) => (f ? `0x${f}` : 'fallback')).join(', ');

export function detect(ex: Exploration): BytecodeFinding[] {
  const out: BytecodeFinding[] = [];
  for (const sd of ex.selfdestructs.values())
    if (sd.unguarded) out.push(finding('bytecode-unprotected-selfdestruct', sd.pc, sd.fns, `SELFDESTRUCT at ${at(sd.pc)} is reached from ${list(sd.fns)} on a path with no comparison of CALLER against storage or a fixed address.`));
  for (const c of ex.calls.values()) {
    if ((c.op === 'DELEGATECALL' || c.op === 'CALLCODE') && c.addrCalldataUnguarded)
      out.push(finding('bytecode-delegatecall-calldata', c.pc, c.fns, `${c.op} at ${at(c.pc)} (from ${list(c.fns)}) runs code at an address read from calldata, with no caller check on the path: any caller chooses the code that runs with this contract's storage and balance.`));
    if (!c.used)
      out.push(finding('bytecode-unchecked-call', c.pc, c.fns, `The success flag of the ${c.op} at ${at(c.pc)} (from ${list(c.fns)}) is dropped: a failed call goes unnoticed.`));
    if ((c.op === 'CALL' || c.op === 'CALLCODE') && c.valueUnguarded && c.recipientFree && !c.valueOwn)
      out.push(finding('bytecode-unprotected-ether-transfer', c.pc, c.fns, `${c.op} at ${at(c.pc)} (from ${list(c.fns)}) may send ether on a path with no caller check, to the caller or an address it chooses, and the amount is neither bounded by the caller's own balance entry, nor the recipient's own entry, nor msg.value.`));
  }
  for (const o of ex.originBranches.values())
    out.push(finding('bytecode-tx-origin-branch', o.pc, o.fns, `The branch at ${at(o.pc)} (from ${list(o.fns)}) depends on ORIGIN (tx.origin): a contract the owner calls can act as the owner.`));
  for (const w of ex.sstores.values())
    if (w.unguarded && UPGRADE_SLOTS.has(w.slot))
      out.push(finding('bytecode-unprotected-upgrade-slot', w.pc, w.fns, `SSTORE at ${at(w.pc)} (from ${list(w.fns)}) writes upgrade slot 0x${w.slot.toString(16).padStart(64, '0')} on a path with no caller check: anyone may replace the code or the admin.`));
  return out.sort((a, b) => a.pc - b.pc || a.id.localeCompare(b.id));
}
