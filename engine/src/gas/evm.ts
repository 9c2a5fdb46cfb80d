import { createEVM, type EVM } from '@ethereumjs/evm';
import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import { Account, Address } from '@ethereumjs/util';
import type { AbiEntry, SolcContract } from '../compile/compile';
import { decodeRevert, encodeArgs, fromHex, hex, signatureOf } from './abi';
import { countOpcodes } from './bytecode';

/** EIP-170's limit on deployed code. */
export const EIP170_LIMIT = 24576;

const CALLER = new Address(fromHex('5e1f000000000000000000000000000000005e1f'));
const GAS_LIMIT = 30_000_000n;
const HARDFORKS = new Set<string>(Object.values(Hardfork));

/** A contract to deploy and call. */
export interface MeasureTarget {
  name: string;
  kind: 'contract' | 'library' | 'interface' | 'abstract';
  contract: SolcContract;
  /** Constructor arguments from `@custom:synor-args`, as written. */
  args?: string[];
  /** Signatures of the functions to call; all when undefined. */
  only?: ReadonlySet<string>;
}

export interface MeasuredFunction {
  name: string;
  signature: string;
  selector: string;
  stateMutability: string;
  gas: number | 'reverted' | 'not-called';
  revertReason?: string;
}

export interface MeasuredContract {
  deploy: { gas: number } | { failed: string };
  runtimeSize: number;
  initcodeSize: number;
  functions: MeasuredFunction[];
  opcodes: Record<string, number>;
  selectors: Array<{ selector: string; signature: string }>;
}

export interface MeasureOptions {
  /** solc's evmVersion; selects the matching hardfork's gas schedule (default: osaka). */
  evmVersion?: string;
  /** Selectors of every custom error in the compilation, for naming reverts. */
  errorSelectors?: ReadonlyMap<string, string>;
  /** Polled between calls; measurement stops with a 'cancelled' error when it returns true. */
  cancelled?: () => boolean;
}

export class MeasureCancelled extends Error {}

type Keccak = (b: Uint8Array) => Uint8Array;
let keccak: Keccak | undefined;

/** keccak-256, from the hash library the EVM itself uses. */
export function keccak256(data: Uint8Array): Uint8Array {
  // The package is ES-module-only; Node (>= 20.19) loads it through require.
  keccak ??= (require('@noble/hashes/sha3.js') as { keccak_256: Keccak }).keccak_256;
  return keccak(data);
}

/** 4-byte selectors of every `error` entry in the given ABIs, keyed by hex. */
export function errorSelectors(abis: Iterable<readonly AbiEntry[]>): Map<string, string> {
  const out = new Map<string, string>();
  for (const abi of abis)
    for (const e of abi) {
      if (e.type !== 'error') continue;
      const sig = signatureOf(e);
      out.set(hex(keccak256(new TextEncoder().encode(sig)).slice(0, 4)), sig);
    }
  return out;
}

function hardforkFor(evmVersion: string | undefined): string {
  if (evmVersion && HARDFORKS.has(evmVersion)) return evmVersion;
  // solc's names that differ from the hardfork names.
  if (evmVersion === 'tangerinewhistle') return Hardfork.TangerineWhistle;
  if (evmVersion === 'spuriousdragon') return Hardfork.SpuriousDragon;
  return Hardfork.Osaka;
}

/**
 * What a transaction costs, as a wallet or gas reporter shows it: intrinsic
 * gas (base, calldata, creation, init code words), execution, the refund
 * (capped), and since Prague the calldata floor.
 */
function transactionGas(common: Common, data: Uint8Array, create: boolean, executionGasUsed: bigint, refund: bigint): number {
  let zeros = 0;
  for (const b of data) if (b === 0) zeros++;
  const nonZeros = data.length - zeros;
  const istanbul = common.gteHardfork(Hardfork.Istanbul);
  let intrinsic = 21000n + BigInt(zeros * 4 + nonZeros * (istanbul ? 16 : 68));
  if (create) {
    intrinsic += 32000n;
    if (common.gteHardfork(Hardfork.Shanghai)) intrinsic += 2n * BigInt(Math.ceil(data.length / 32));
  }
  const used = intrinsic + executionGasUsed;
  const cap = used / (common.gteHardfork(Hardfork.London) ? 5n : 2n);
  let total = used - (refund < cap ? refund : cap);
  if (common.gteHardfork(Hardfork.Prague)) {
    const floor = 21000n + 10n * BigInt(zeros + nonZeros * 4);
    if (floor > total) total = floor;
  }
  return Number(total);
}

function failure(err: { error?: string } | undefined, returnValue: Uint8Array, errors: ReadonlyMap<string, string>): string {
  const kind = err?.error ?? 'failed';
  if (kind === 'revert') return decodeRevert(returnValue, errors);
  if (/code size/.test(kind)) return `${kind} (EIP-170 limit ${EIP170_LIMIT} bytes)`;
  return kind;
}

function mutabilityOf(e: AbiEntry): string {
  if (e.stateMutability) return e.stateMutability;
  if (e.constant) return 'view';
  return e.payable ? 'payable' : 'nonpayable';
}

async function freshEvm(common: Common): Promise<EVM> {
  const evm = await createEVM({ common });
  await evm.stateManager.putAccount(CALLER, new Account(0n, 10n ** 30n));
  return evm;
}

function prepareTransaction(evm: EVM, to?: Address): void {
  // What a transaction would find warm (EIP-2929/3651): sender, recipient, precompiles.
  evm.journal.addAlwaysWarmAddress(CALLER.toString());
  if (to) evm.journal.addAlwaysWarmAddress(to.toString());
  for (let i = 1; i <= 0x11; i++) evm.journal.addAlwaysWarmAddress(`0x${i.toString(16).padStart(40, '0')}`);
}

/**
 * Deploys a contract in a fresh EVM with synthesised constructor arguments,
 * then calls each of its functions, every call starting from the state the
 * deployment left, so no call's gas depends on another having run first.
 */
export async function measureContract(t: MeasureTarget, opts: MeasureOptions = {}): Promise<MeasuredContract> {
  const errors = opts.errorSelectors ?? new Map<string, string>();
  const linkFree = (h: string | undefined) => (h ?? '').replace(/__\$[0-9a-fA-F]{34}\$__|__[^_]{1,36}_*__/g, '0'.repeat(40));
  const initcode = fromHex(linkFree(t.contract.evm?.bytecode?.object));
  const runtime = fromHex(linkFree(t.contract.evm?.deployedBytecode?.object));
  const ids = t.contract.evm?.methodIdentifiers ?? {};
  const selectors = Object.entries(ids)
    .map(([signature, selector]) => ({ selector: `0x${selector}`, signature }))
    .sort((a, b) => a.selector.localeCompare(b.selector));
  const functions: MeasuredFunction[] = [];
  const bySig = new Map<string, AbiEntry>();
  for (const e of t.contract.abi) if (e.type === 'function') bySig.set(signatureOf(e), e);
  for (const [signature, selector] of Object.entries(ids)) {
    const e = bySig.get(signature);
    functions.push({ name: e?.name ?? signature.slice(0, signature.indexOf('(')), signature, selector: `0x${selector}`, stateMutability: e ? mutabilityOf(e) : 'nonpayable', gas: 'not-called' });
  }
  functions.sort((a, b) => a.signature.localeCompare(b.signature));
  const base = { runtimeSize: runtime.length, initcodeSize: initcode.length, functions, opcodes: countOpcodes(runtime), selectors };
  if (t.kind === 'interface' || t.kind === 'abstract' || initcode.length === 0) {
    return { ...base, deploy: { failed: t.kind === 'interface' ? 'an interface is not deployed' : 'an abstract contract is not deployed' } };
  }
  const common = new Common({ chain: Mainnet, hardfork: hardforkFor(opts.evmVersion) });
  const evm = await freshEvm(common);
  const ctor = t.contract.abi.find((e) => e.type === 'constructor');
  const data = new Uint8Array([...initcode, ...encodeArgs(ctor?.inputs ?? [], t.args)]);
  prepareTransaction(evm);
  const created = await evm.runCall({ caller: CALLER, origin: CALLER, data, gasLimit: GAS_LIMIT });
  await evm.journal.cleanup();
  const ex = created.execResult;
  if (ex.exceptionError || !created.createdAddress) {
    return { ...base, deploy: { failed: `deployment ${failure(ex.exceptionError, ex.returnValue, errors)}` } };
  }
  const deployGas = transactionGas(common, data, true, ex.executionGasUsed, ex.gasRefund ?? 0n);
  const address = created.createdAddress;
  // Libraries guard their state-changing functions against direct calls; they are measured through their users.
  if (t.kind !== 'library') {
    for (const f of functions) {
      if (t.only && !t.only.has(f.signature)) continue;
      if (opts.cancelled?.()) throw new MeasureCancelled('cancelled');
      const e = bySig.get(f.signature);
      const calldata = new Uint8Array([...fromHex(f.selector), ...encodeArgs(e?.inputs ?? [])]);
      prepareTransaction(evm, address);
      await evm.journal.checkpoint();
      const r = await evm.runCall({ caller: CALLER, origin: CALLER, to: address, data: calldata, gasLimit: GAS_LIMIT });
      await evm.journal.revert();
      await evm.journal.cleanup();
      if (r.execResult.exceptionError) {
        f.gas = 'reverted';
        f.revertReason = failure(r.execResult.exceptionError, r.execResult.returnValue, errors);
      } else f.gas = transactionGas(common, calldata, false, r.execResult.executionGasUsed, r.execResult.gasRefund ?? 0n);
    }
  }
  return { ...base, deploy: { gas: deployGas } };
}
