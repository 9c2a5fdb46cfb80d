/**
 * Concrete confirmation in a local EVM (@ethereumjs/evm): deploy the code, call the
 * selector that reaches the finding from an account that is neither deployer nor
 * owner, and see what happened. Shanghai rules, so that SELFDESTRUCT still removes
 * code (EIP-6780 keeps it since Cancun).
 */
import { createEVM } from '@ethereumjs/evm';
import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import { Account, Address } from '@ethereumjs/util';
import type { BytecodeFinding } from './detectors';
import { fromHexString } from './opcodes';
import { SLOTS, UPGRADE_SLOTS } from './proxy';

const DEPLOYER = new Address(fromHexString('00000000000000000000000000000000000d3b10')!);
const STRANGER = new Address(fromHexString('000000000000000000000000000000000bad0bad')!);
const TARGET = new Address(fromHexString('00000000000000000000000000000000c0de0001')!);
/** The stranger's own contract: what a DELEGATECALL is pointed at, and the new implementation an upgrade is given. */
const PROBE = new Address(fromHexString('00000000000000000000000000000000c0de0bad')!);
/** The storage slot and value the probe writes when it runs in another contract's context. */
const MARK_SLOT = 0x5e1f5e1f5e1f5e1f5e1f5e1f5e1f5e1f5e1f5e1f5e1f5e1f5e1f5e1f5e1f5e1fn;
const MARK_VALUE = 0xbad0bad0bad0bad0bad0bad0bad0bad0bad0bad0bad0bad0bad0bad0bad0bad0n;
const FUNDS = 10n ** 18n;

/** The findings a stranger's call can show: the contract destroyed, ether taken, code of the stranger's choosing run, an upgrade slot rewritten. */
export const CONFIRMABLE: ReadonlySet<string> = new Set([
  'bytecode-unprotected-selfdestruct', 'bytecode-unprotected-ether-transfer', 'bytecode-delegatecall-calldata', 'bytecode-unprotected-upgrade-slot',
]);

const word = (v: bigint) => v.toString(16).padStart(64, '0');

/**
 * The probe's runtime. Called directly it returns the EIP-1967 implementation slot (what a UUPS
 * upgrade asks of the new implementation's proxiableUUID()); run by DELEGATECALL (ADDRESS is not
 * its own) it first writes MARK_VALUE at MARK_SLOT in the caller's storage. Any calldata.
 */
const PROBE_CODE = fromHexString(
  `7f${word(SLOTS.implementation)}600052` + // mstore(0, implementation slot)
  `3073${PROBE.toString().slice(2)}14608157` + // if (address() == PROBE) jump to the return
  `7f${word(MARK_VALUE)}7f${word(MARK_SLOT)}55` + // sstore(MARK_SLOT, MARK_VALUE)
  '5b60206000f3', // return(0, 32)
)!;

const HEAD = 6;

/**
 * Calldata variants to try: zero arguments; `addr` in every word; and, for each of the first
 * HEAD words, `addr` there and every other head word an offset to an empty tail, so that a
 * dynamic argument (bytes, a string, an array) anywhere else decodes as empty.
 */
function calldatas(selector: string, addr: Address, placed: boolean): Uint8Array[] {
  const sel = selector ? fromHexString(selector)! : new Uint8Array(0);
  const build = (words: Array<Uint8Array | bigint>) => {
    const out = new Uint8Array(sel.length + 32 * words.length);
    out.set(sel);
    words.forEach((w, i) => {
      if (typeof w === 'bigint') out.set(fromHexString(word(w))!, sel.length + 32 * i);
      else out.set(w, sel.length + 32 * i + 12);
    });
    return out;
  };
  const variants = [selector ? build(Array(HEAD).fill(0n)) : new Uint8Array(0), build(Array(HEAD).fill(addr.bytes))];
  if (placed) for (let k = 0; k < HEAD; k++) variants.push(build([...Array.from({ length: HEAD }, (_, i) => (i === k ? addr.bytes : BigInt(32 * HEAD))), 0n]));
  return variants;
}

/**
 * Tries the findings of CONFIRMABLE detectors; sets `confirmed` on those tried.
 * `creation`: deploy by running this init code (no constructor arguments); otherwise
 * the runtime is installed as is, with empty storage.
 */
export async function confirmFindings(findings: BytecodeFinding[], code: { runtime: Uint8Array; creation?: Uint8Array }, budgetMs = 2000): Promise<void> {
  const wanted = findings.filter((f) => CONFIRMABLE.has(f.id));
  if (wanted.length === 0) return;
  const started = Date.now();
  const evm = await createEVM({ common: new Common({ chain: Mainnet, hardfork: Hardfork.Shanghai }), allowUnlimitedContractSize: true, allowUnlimitedInitCodeSize: true });
  const sm = evm.stateManager;
  await sm.putAccount(DEPLOYER, new Account(0n, 10n ** 24n));
  await sm.putAccount(STRANGER, new Account(0n, 10n ** 24n));
  await sm.putCode(PROBE, PROBE_CODE);
  let target = TARGET;
  if (code.creation) {
    const r = await evm.runCall({ caller: DEPLOYER, origin: DEPLOYER, data: code.creation, gasLimit: 30_000_000n });
    if (r.execResult.exceptionError || !r.createdAddress) {
      for (const f of wanted) {
        f.confirmed = false;
        f.confirmation = 'the creation code did not deploy without constructor arguments';
      }
      return;
    }
    target = r.createdAddress;
  } else await sm.putCode(TARGET, code.runtime);
  const acct = (await sm.getAccount(target)) ?? new Account();
  acct.balance = FUNDS;
  await sm.putAccount(target, acct);
  const load = async (slot: bigint) => {
    const v = await sm.getStorage(target, fromHexString(word(slot))!);
    return v.length === 0 ? 0n : BigInt(`0x${Buffer.from(v).toString('hex')}`);
  };

  for (const f of wanted) {
    f.confirmed = false;
    f.confirmation = 'no call from a stranger reached it';
    const placed = f.id === 'bytecode-delegatecall-calldata' || f.id === 'bytecode-unprotected-upgrade-slot';
    search: for (const sel of f.selectors) {
      for (const data of calldatas(sel, placed ? PROBE : STRANGER, placed)) {
        if (Date.now() - started > budgetMs) {
          f.confirmation = 'not tried: the confirmation budget was spent';
          break search;
        }
        await sm.checkpoint();
        try {
          const before = (await sm.getAccount(target))?.balance ?? 0n;
          const slotsBefore = f.id === 'bytecode-unprotected-upgrade-slot' ? await Promise.all([...UPGRADE_SLOTS].map(load)) : [];
          const r = await evm.runCall({ caller: STRANGER, origin: STRANGER, to: target, data, gasLimit: 10_000_000n });
          if (r.execResult.exceptionError) continue;
          const calldata = Buffer.from(data).toString('hex');
          if (f.id === 'bytecode-unprotected-selfdestruct' && r.execResult.selfdestruct?.has(target.toString())) {
            f.confirmed = true;
            f.confirmation = `a stranger's call (calldata 0x${calldata.slice(0, 8)}…) destroyed the contract`;
            break search;
          }
          const after = (await sm.getAccount(target))?.balance ?? 0n;
          if (f.id === 'bytecode-unprotected-ether-transfer' && after < before) {
            f.confirmed = true;
            f.confirmation = `a stranger's call (calldata 0x${calldata.slice(0, 8)}…) took ${before - after} wei out of the contract`;
            break search;
          }
          if (f.id === 'bytecode-delegatecall-calldata' && (await load(MARK_SLOT)) === MARK_VALUE) {
            f.confirmed = true;
            f.confirmation = `a stranger's call (calldata 0x${calldata.slice(0, 8)}…) made the contract run the stranger's code at ${PROBE.toString()}, which wrote storage slot 0x${word(MARK_SLOT)} of the contract`;
            break search;
          }
          if (f.id === 'bytecode-unprotected-upgrade-slot') {
            const slots = [...UPGRADE_SLOTS];
            const changed = await (async () => {
              for (let i = 0; i < slots.length; i++) {
                const now = await load(slots[i]);
                if (now !== slotsBefore[i]) return { slot: slots[i], now };
              }
              return undefined;
            })();
            if (changed) {
              f.confirmed = true;
              f.confirmation = `a stranger's call (calldata 0x${calldata.slice(0, 8)}…) set upgrade slot 0x${word(changed.slot)} to 0x${changed.now.toString(16)}`;
              break search;
            }
          }
        } catch {
          // An EVM error on our input is a failed attempt, not an analysis failure.
        } finally {
          await sm.revert();
        }
      }
    }
  }
}
