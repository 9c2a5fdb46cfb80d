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

const DEPLOYER = new Address(fromHexString('00000000000000000000000000000000000d3b10')!);
const STRANGER = new Address(fromHexString('000000000000000000000000000000000bad0bad')!);
const TARGET = new Address(fromHexString('00000000000000000000000000000000c0de0001')!);
const FUNDS = 10n ** 18n;

/** Calldata variants to try: zero arguments, and the stranger's address in every word. */
function calldatas(selector: string): Uint8Array[] {
  if (!selector) return [new Uint8Array(0)];
  const sel = fromHexString(selector)!;
  const zero = new Uint8Array(4 + 32 * 6);
  zero.set(sel);
  const addr = new Uint8Array(4 + 32 * 6);
  addr.set(sel);
  for (let w = 0; w < 6; w++) addr.set(STRANGER.bytes, 4 + 32 * w + 12);
  return [zero, addr];
}

/**
 * Tries the selfdestruct and ether-transfer findings; sets `confirmed` on those tried.
 * `creation`: deploy by running this init code (no constructor arguments); otherwise
 * the runtime is installed as is, with empty storage.
 */
export async function confirmFindings(findings: BytecodeFinding[], code: { runtime: Uint8Array; creation?: Uint8Array }, budgetMs = 2000): Promise<void> {
  const wanted = findings.filter((f) => f.id === 'bytecode-unprotected-selfdestruct' || f.id === 'bytecode-unprotected-ether-transfer');
  if (wanted.length === 0) return;
  const started = Date.now();
  const evm = await createEVM({ common: new Common({ chain: Mainnet, hardfork: Hardfork.Shanghai }), allowUnlimitedContractSize: true, allowUnlimitedInitCodeSize: true });
  const sm = evm.stateManager;
  await sm.putAccount(DEPLOYER, new Account(0n, 10n ** 24n));
  await sm.putAccount(STRANGER, new Account(0n, 10n ** 24n));
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

  for (const f of wanted) {
    f.confirmed = false;
    f.confirmation = 'no call from a stranger reached it';
    search: for (const sel of f.selectors) {
      for (const data of calldatas(sel)) {
        if (Date.now() - started > budgetMs) {
          f.confirmation = 'not tried: the confirmation budget was spent';
          break search;
        }
        await sm.checkpoint();
        try {
          const before = (await sm.getAccount(target))?.balance ?? 0n;
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
        } catch {
          // An EVM error on our input is a failed attempt, not an analysis failure.
        } finally {
          await sm.revert();
        }
      }
    }
  }
}
