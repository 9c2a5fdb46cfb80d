import { createEVM, type EVM } from '@ethereumjs/evm';
import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import { Account, Address } from '@ethereumjs/util';
import type { AbiEntry, AbiParam, SolcContract } from '../compile/compile';
import { decodeRevert, encodeArgs, encodeValues, fromHex, hex, showValue, signatureOf, type AbiValue } from './abi';
import { codeLengthWithoutMetadata, countOpcodes } from './bytecode';
import { factsKey, type ContractFacts, type FunctionFacts } from './scenario';
import { ACCOUNT_NAMES, callProfileTiers, CALLERS, constructorProfiles, DEPLOYER, integerLeaves, ONE_ETHER, OTHER, parseAmount, parseUserValue, seedProfiles, STUB, valuesFor, withReturnedId, type Magnitude, type ValueProfile } from './values';
import type { GasContractConfig, GasStepConfig } from './config';
import { installJumpCache } from './jumpCache';

/** EIP-170's limit on deployed code. */
export const EIP170_LIMIT = 24576;
/** EIP-3860's limit on init code. */
export const EIP3860_LIMIT = 49152;

const GAS_LIMIT = 30_000_000n;
const HARDFORKS = new Set<string>(Object.values(Hardfork));
const toAddress = (v: bigint) => new Address(fromHex(v.toString(16).padStart(40, '0')));
const CALLER = toAddress(DEPLOYER);

/** How many times the loop-seeding call runs for the two measured sizes. */
export const DEFAULT_LOOP_SIZES: [number, number] = [1, 5];

/** A contract to deploy and call. */
export interface MeasureTarget {
  name: string;
  kind: 'contract' | 'library' | 'interface' | 'abstract';
  contract: SolcContract;
  /** Constructor arguments from `@custom:synor-args`, as written. */
  args?: string[];
  /** Signatures of the functions to call; all when undefined. */
  only?: ReadonlySet<string>;
  /** What the program model says about the contract (roles, reads and writes, loops). */
  facts?: ContractFacts;
  /** The contract's entry of `gas.contracts` in synor.config.json. */
  user?: GasContractConfig;
  /** Replays the scenarios chosen for another build of the same contract (measuring a fix). */
  replay?: ContractPlan;
}

/** One transaction of a scenario. */
export interface Step {
  signature: string;
  data: Uint8Array;
  value: bigint;
  /** `mint(deployer, 1000 ether)`. */
  text: string;
  /** The first word it returned when run from the deployed state (an id it created). */
  returned?: Uint8Array;
}

/** What was done to measure one function, replayable on another build of the contract. */
export interface FunctionPlan {
  setup: Step[];
  call: Step;
  /**
   * A call that grows what the function loops over, run `sizes[0]` and
   * `sizes[1]` times, from distinct accounts (per-caller lists) or all from the deployer.
   */
  loop?: { step: Step; sizes: [number, number]; over: string; callers?: 'distinct' | 'deployer' };
  /** The same call with longer array arguments (elements per array: `sizes`). */
  longer?: { data: Uint8Array; sizes: [number, number] };
}

export interface ContractPlan {
  deploy: { args: Uint8Array; value: bigint; text: string };
  setup: Step[];
  functions: Map<string, FunctionPlan>;
}

export interface MeasuredFunction {
  name: string;
  signature: string;
  selector: string;
  stateMutability: string;
  /** The scenario's call: transaction gas, refund included; see `refund`. */
  gas: number | 'reverted' | 'not-called';
  revertReason?: string;
  /** Every successful measurement of the function (first and repeated call, loop sizes). */
  stats?: { min: number; median: number; max: number; samples: number };
  /** Gas refunded in `gas` (storage cleared): the figure is after a refund, not a plain cost. */
  refund?: number;
  /** What ran before the call and with which arguments. */
  scenario?: string;
  /** What one more iteration of the function's loop costs, measured at two sizes. */
  perIteration?: { gas: number; sizes: [number, number]; over: string };
  /** The call reached a contract that a stub answered (an external system). */
  stubbed?: boolean;
  /** The function calls other contracts (it needs an external system to do its work). */
  external?: boolean;
  /** Only the contract itself may call the function (through a multisig's own transaction, say). */
  selfOnly?: boolean;
}

export interface MeasuredContract {
  deploy: { gas: number } | { failed: string };
  runtimeSize: number;
  initcodeSize: number;
  functions: MeasuredFunction[];
  opcodes: Record<string, number>;
  selectors: Array<{ selector: string; signature: string }>;
  /** The constructor arguments deployed with, in words. */
  constructorArgs?: string;
  /** The scenarios used, for measuring another build the same way. */
  plan?: ContractPlan;
  /** Scenario problems worth saying (a configured setup call that reverted). */
  notes?: string[];
}

export interface MeasureOptions {
  /** solc's evmVersion; selects the matching hardfork's gas schedule (default: osaka). */
  evmVersion?: string;
  /** Selectors of every custom error in the compilation, for naming reverts. */
  errorSelectors?: ReadonlyMap<string, string>;
  /** Polled between calls; measurement stops with a 'cancelled' error when it returns true. */
  cancelled?: () => boolean;
  /** How many times the loop-seeding call runs at the two measured sizes (default 1 and 5). */
  loopSizes?: [number, number];
  /** At most this many transactions for one contract (default 4000); past it, remaining functions are not called. */
  maxTransactions?: number;
  /**
   * Time for searching scenarios, per contract (default 10,000 ms): past it, the
   * functions left are tried from the deployed state with plain arguments only.
   */
  searchBudgetMs?: number;
  /** Call each function a second time for min / median / max (default true; measuring a fix needs only the first). */
  repeat?: boolean;
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

/** A block as on mainnet today, so that time and block arithmetic behave (deadlines, vesting, `block.number - 1`). */
const BLOCK = {
  header: {
    number: 20_000_000n,
    coinbase: new Address(new Uint8Array(20)),
    timestamp: 1_750_000_000n,
    difficulty: 0n,
    prevRandao: new Uint8Array(32).fill(7),
    gasLimit: 36_000_000n,
    baseFeePerGas: 7n,
    slotNumber: 0n,
    getBlobGasPrice: () => 1n,
  },
};

/** Answers any call with eight words of 1: `true`, `1`, a non-zero address; accepts ETH. */
const STUB_CODE = fromHex([...Array.from({ length: 8 }, (_, i) => `6001${(0x60).toString(16)}${(i * 32).toString(16).padStart(2, '0')}52`), '61010060' + '00f3'].join(''));

/**
 * What a transaction costs, as a wallet or gas reporter shows it: intrinsic
 * gas (base, calldata, creation, init code words), execution, the refund
 * (capped), and since Prague the calldata floor. Also the refund applied.
 */
function transactionGas(common: Common, data: Uint8Array, create: boolean, executionGasUsed: bigint, refund: bigint, hashed?: [number, number]): { gas: number; refund: number } {
  let zeros = 0;
  // Bytes of solc's metadata hash are priced as non-zero: they change with any edit, comments
  // included, and a deployment figure should not move with them.
  for (let i = 0; i < data.length; i++) if (data[i] === 0 && !(hashed && i >= hashed[0] && i < hashed[1])) zeros++;
  const nonZeros = data.length - zeros;
  const istanbul = common.gteHardfork(Hardfork.Istanbul);
  let intrinsic = 21000n + BigInt(zeros * 4 + nonZeros * (istanbul ? 16 : 68));
  if (create) {
    intrinsic += 32000n;
    if (common.gteHardfork(Hardfork.Shanghai)) intrinsic += 2n * BigInt(Math.ceil(data.length / 32));
  }
  const used = intrinsic + executionGasUsed;
  const cap = used / (common.gteHardfork(Hardfork.London) ? 5n : 2n);
  const applied = refund < cap ? refund : cap;
  let total = used - applied;
  if (common.gteHardfork(Hardfork.Prague)) {
    const floor = 21000n + 10n * BigInt(zeros + nonZeros * 4);
    if (floor > total) return { gas: Number(floor), refund: 0 };
  }
  return { gas: Number(total), refund: Number(applied) };
}

function failure(err: { error?: string } | undefined, returnValue: Uint8Array, errors: ReadonlyMap<string, string>): string {
  const kind = err?.error ?? 'failed';
  if (kind === 'revert') return decodeRevert(returnValue, errors);
  return kind;
}

function mutabilityOf(e: AbiEntry): string {
  if (e.stateMutability) return e.stateMutability;
  if (e.constant) return 'view';
  return e.payable ? 'payable' : 'nonpayable';
}

interface TxResult {
  ok: boolean;
  gas: number;
  refund: number;
  reason?: string;
  stubbed: boolean;
  created?: Address;
  returned?: Uint8Array;
}

class CancelledOrSpent extends Error {}

/** A chain of one EVM: funded accounts, a stub, and transactions with snapshots. */
class Chain {
  private stubHit = false;
  transactions = 0;

  private constructor(
    readonly evm: EVM,
    readonly common: Common,
    private readonly errors: ReadonlyMap<string, string>,
    private readonly opts: MeasureOptions,
  ) {}

  static async create(opts: MeasureOptions): Promise<Chain> {
    const common = new Common({ chain: Mainnet, hardfork: hardforkFor(opts.evmVersion) });
    await installJumpCache(common);
    // No size limits: a contract over EIP-170 is still measured, and its size reported apart.
    const evm = await createEVM({ common, allowUnlimitedContractSize: true, allowUnlimitedInitCodeSize: true });
    const chain = new Chain(evm, common, opts.errorSelectors ?? new Map(), opts);
    await evm.stateManager.putAccount(CALLER, new Account(0n, 10n ** 30n));
    await evm.stateManager.putAccount(toAddress(OTHER), new Account(0n, 10n ** 30n));
    for (const a of CALLERS) await evm.stateManager.putAccount(toAddress(a), new Account(0n, 10n ** 30n));
    await evm.stateManager.putCode(toAddress(STUB), STUB_CODE);
    const stub = toAddress(STUB).toString();
    evm.events.on('beforeMessage', (m: { to?: Address }) => {
      if (m.to && m.to.toString() === stub) chain.stubHit = true;
    });
    return chain;
  }

  async snapshot(): Promise<void> {
    await this.evm.stateManager.checkpoint();
  }

  async restore(): Promise<void> {
    await this.evm.stateManager.revert();
  }

  async keep(): Promise<void> {
    await this.evm.stateManager.commit();
  }

  async tx(to: Address | undefined, data: Uint8Array, value: bigint, from: Address = CALLER, hashed?: [number, number]): Promise<TxResult> {
    if (this.opts.cancelled?.()) throw new MeasureCancelled('cancelled');
    if (++this.transactions > (this.opts.maxTransactions ?? 4000)) throw new CancelledOrSpent('the measurement budget of this contract is spent');
    const evm = this.evm;
    // What a transaction finds warm (EIP-2929/3651): sender, recipient, coinbase, precompiles.
    evm.journal.addAlwaysWarmAddress(from.toString());
    evm.journal.addAlwaysWarmAddress(BLOCK.header.coinbase.toString());
    if (to) evm.journal.addAlwaysWarmAddress(to.toString());
    for (let i = 1; i <= 0x11; i++) evm.journal.addAlwaysWarmAddress(`0x${i.toString(16).padStart(40, '0')}`);
    // SSTORE prices a write by the slot's value when the transaction began: each transaction starts afresh.
    (evm.stateManager as { originalStorageCache?: { clear(): void } }).originalStorageCache?.clear();
    this.stubHit = false;
    const r = await evm.runCall({ caller: from, origin: from, to, data, value, gasLimit: GAS_LIMIT, block: BLOCK as never });
    await evm.journal.cleanup();
    (evm as unknown as { transientStorage?: { clear(): void } }).transientStorage?.clear();
    const ex = r.execResult;
    const stubbed = this.stubHit;
    // How far a reverted call got (gas used until REVERT), to tell which arguments get further; a halt uses up all gas and says nothing.
    if (ex.exceptionError) return { ok: false, gas: ex.exceptionError.error === 'revert' ? Number(ex.executionGasUsed) : 0, refund: 0, reason: failure(ex.exceptionError, ex.returnValue, this.errors), stubbed };
    if (!to && !r.createdAddress) return { ok: false, gas: 0, refund: 0, reason: 'no contract was created', stubbed };
    const { gas, refund } = transactionGas(this.common, data, !to, ex.executionGasUsed, ex.gasRefund ?? 0n, hashed);
    return { ok: true, gas, refund, stubbed, created: r.createdAddress, returned: ex.returnValue.length >= 32 ? ex.returnValue.slice(0, 32) : undefined };
  }
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : Math.round((s[s.length / 2 - 1] + s[s.length / 2]) / 2);
};

const concat = (a: Uint8Array, b: Uint8Array) => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};

function describeCall(name: string, inputs: readonly AbiParam[], values: readonly AbiValue[], value: bigint): string {
  const args = inputs.map((_, i) => showValue(values[i], ACCOUNT_NAMES)).join(', ');
  return `${name}(${args})${value > 0n ? ` with ${showValue(value)}` : ''}`;
}

interface Candidate {
  data: Uint8Array;
  value: bigint;
  text: string;
  /** The profile the values came from, to make the same call with longer arrays or other leaves. */
  profile?: ValueProfile;
  values?: AbiValue[];
}

function candidateOf(e: AbiEntry, selector: Uint8Array, vs: AbiValue[], value: bigint, profile?: ValueProfile): Candidate {
  return { data: concat(selector, encodeValues(e.inputs ?? [], vs)), value, text: describeCall(e.name ?? '', e.inputs ?? [], vs, value), profile, values: vs };
}

/** Distinct calls of `e` under the given profiles, with the value options of a payable function. */
function candidates(e: AbiEntry, selector: Uint8Array, profiles: readonly ValueProfile[], roles: FunctionFacts['roles'] | undefined, values: readonly bigint[]): Candidate[] {
  const seen = new Set<string>();
  const out: Candidate[] = [];
  for (const profile of profiles) {
    const vs = valuesFor(e.inputs ?? [], profile, roles);
    const data = concat(selector, encodeValues(e.inputs ?? [], vs));
    for (const value of values) {
      const key = `${hex(data)}|${value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ data, value, text: describeCall(e.name ?? '', e.inputs ?? [], vs, value), profile, values: vs });
    }
  }
  return out;
}

function userCall(e: AbiEntry, selector: Uint8Array, step: GasStepConfig | undefined, self: bigint): Candidate | undefined {
  if (!step?.args && step?.value === undefined) return undefined;
  const vs = (e.inputs ?? []).map((p, i) => (step.args?.[i] === undefined ? undefined : parseUserValue(p, step.args[i], self)));
  const value = step.value !== undefined ? parseAmount(String(step.value)) : 0n;
  return { data: concat(selector, encodeValues(e.inputs ?? [], vs)), value, text: `${describeCall(e.name ?? '', e.inputs ?? [], vs as AbiValue[], value)} (configured)` };
}

const hasDynamicArray = (inputs: readonly AbiParam[] | undefined): boolean => (inputs ?? []).some((p) => /\[\]$/.test(p.type) || (p.components ? hasDynamicArray(p.components) : false));

/**
 * Deploys a contract in a fresh EVM and measures each of its functions in a
 * realistic scenario: constructor arguments by what the code does with them
 * (the deployer where an owner or admin goes), a funded caller, non-zero
 * amounts to another account, state set up first through the contract's own
 * functions when a call needs it (minting before transferring), loops
 * measured at two sizes. Each function is measured from the deployed state
 * (plus its own setup), so no figure depends on another function having run.
 * A call that reverts in every scenario tried is reported as reverted, with
 * the reason of the most realistic one.
 */
export async function measureContract(t: MeasureTarget, opts: MeasureOptions = {}): Promise<MeasuredContract> {
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
  const factsOf = (f: { name: string; signature: string }): FunctionFacts | undefined => t.facts?.functions.get(factsKey(f.name, bySig.get(f.signature)?.inputs?.length ?? 0));
  for (const f of functions) {
    const ff = factsOf(f);
    if (ff?.external) f.external = true;
    if (ff?.selfOnly) f.selfOnly = true;
  }
  const base = { runtimeSize: runtime.length, initcodeSize: initcode.length, functions, opcodes: countOpcodes(runtime), selectors };
  if (t.kind === 'interface' || t.kind === 'abstract' || initcode.length === 0) {
    return { ...base, deploy: { failed: t.kind === 'interface' ? 'an interface is not deployed' : 'an abstract contract is not deployed' } };
  }
  const chain = await Chain.create(opts);
  const notes: string[] = [];

  // Deployment.
  const ctor = t.contract.abi.find((e) => e.type === 'constructor');
  const inputs = ctor?.inputs ?? [];
  const ctorPayable = ctor ? mutabilityOf(ctor) === 'payable' : false;
  let deployCands: Candidate[];
  if (t.replay) deployCands = [{ data: t.replay.deploy.args, value: t.replay.deploy.value, text: t.replay.deploy.text }];
  else if (t.user?.constructorArgs) {
    const vs = inputs.map((p, i) => parseUserValue(p, t.user!.constructorArgs![i], 0n));
    const value = t.user.value !== undefined ? parseAmount(String(t.user.value)) : 0n;
    deployCands = [{ data: encodeValues(inputs, vs), value, text: `${describeArgs(inputs, vs)} (synor.config.json)` }];
  } else if (t.args) deployCands = [{ data: encodeArgs(inputs, t.args), value: 0n, text: `${t.args.join(', ')} (@custom:synor-args)` }];
  else {
    const seen = new Set<string>();
    deployCands = [];
    for (const profile of constructorProfiles()) {
      const vs = valuesFor(inputs, profile, t.facts?.constructorRoles);
      const data = encodeValues(inputs, vs);
      for (const value of ctorPayable ? [0n, ONE_ETHER] : [0n]) {
        const key = `${hex(data)}|${value}`;
        if (seen.has(key)) continue;
        seen.add(key);
        deployCands.push({ data, value, text: `${describeArgs(inputs, vs)}${value > 0n ? ` with ${showValue(value)}` : ''}` });
      }
    }
  }
  let address: Address | undefined;
  let deployGas = 0;
  let firstFailure: string | undefined;
  let deployed: Candidate | undefined;
  for (const c of deployCands.slice(0, 16)) {
    await chain.snapshot();
    const r = await chain.tx(undefined, concat(initcode, c.data), c.value, CALLER, [codeLengthWithoutMetadata(initcode), initcode.length]);
    if (r.ok && r.created) {
      await chain.keep();
      address = r.created;
      deployGas = r.gas;
      deployed = c;
      break;
    }
    await chain.restore();
    firstFailure ??= r.reason;
  }
  if (!address || !deployed) {
    const tried = deployCands.length > 1 ? ` (${Math.min(16, deployCands.length)} sets of constructor arguments tried; the first: ${deployCands[0].text})` : '';
    return { ...base, deploy: { failed: `deployment ${firstFailure ?? 'failed'}${tried}` } };
  }
  const self = BigInt(address.toString());
  const plan: ContractPlan = { deploy: { args: deployed.data, value: deployed.value, text: deployed.text }, setup: [], functions: new Map() };
  const out: MeasuredContract = { ...base, deploy: { gas: deployGas }, constructorArgs: deployed.text, plan };
  // Libraries guard their state-changing functions against direct calls; they are measured through their users.
  if (t.kind === 'library') return out;

  const selectorOf = (sig: string) => fromHex(ids[sig] ?? '');
  const run = (s: Step | Candidate) => chain.tx(address, s.data, s.value);

  // Setup for every function: configured calls (or, when replaying, the same calls).
  const contractSetup: Step[] = t.replay ? t.replay.setup : [];
  if (!t.replay) {
    for (const st of t.user?.setup ?? []) {
      const e = [...bySig.values()].find((x) => signatureOf(x) === st.call || x.name === st.call);
      if (!e) {
        notes.push(`gas.contracts.${t.name}.setup: ${st.call} is not a function of ${t.name}`);
        continue;
      }
      const c = userCall(e, selectorOf(signatureOf(e)), st, self) ?? candidates(e, selectorOf(signatureOf(e)), seedProfiles(), undefined, [0n])[0];
      for (let k = 0; k < Math.max(1, st.repeat ?? 1); k++) contractSetup.push({ signature: signatureOf(e), data: c.data, value: c.value, text: c.text });
    }
  }
  for (const s of contractSetup) {
    const r = await run(s);
    if (!r.ok) notes.push(`setup call ${s.text} reverted: ${r.reason}`);
  }
  plan.setup = contractSetup;

  const payments = (e: AbiEntry) => (mutabilityOf(e) === 'payable' ? [ONE_ETHER, 0n] : [0n]);
  // A call that sets state up, found once from the deployed state: the first profile that succeeds.
  const seeders = new Map<string, Step | null>();
  const seederStep = async (sig: string): Promise<Step | undefined> => {
    if (seeders.has(sig)) return seeders.get(sig) ?? undefined;
    const e = bySig.get(sig)!;
    const configured = userCall(e, selectorOf(sig), t.user?.calls?.[sig], self);
    let found: Step | null = null;
    const cands = configured ? [configured] : candidates(e, selectorOf(sig), seedProfiles(), factsOf({ name: e.name ?? '', signature: sig })?.roles, payments(e)).slice(0, 12);
    let firstReason: string | undefined;
    for (const c of cands) {
      await chain.snapshot();
      const r = await run(c);
      await chain.restore();
      if (r.ok) {
        found = { signature: sig, data: c.data, value: c.value, text: c.text, returned: r.returned };
        break;
      }
      firstReason ??= r.reason;
    }
    if (!found && !configured && cands[0]) {
      const v = await vary(e, selectorOf(sig), cands[0], firstReason, []);
      if (v.cand) found = { signature: sig, data: v.cand.data, value: v.cand.value, text: v.cand.text, returned: v.returned };
    }
    seeders.set(sig, found);
    return found ?? undefined;
  };

  /**
   * From a call that reverts, changes one integer argument at a time (to 1, 0,
   * a far-future figure, back to typical) and keeps a change that makes the
   * call get further (another revert reason), until it succeeds: a fee below
   * its cap, an amount above a minimum. Bounded; the state is left as it was.
   */
  const vary = async (e: AbiEntry, sel: Uint8Array, base: Candidate, _reason: string | undefined, setup: readonly Step[], budget = 48): Promise<{ cand?: Candidate; returned?: Uint8Array }> => {
    const profile = base.profile;
    if (!profile) return {};
    const leaves = Math.min(12, integerLeaves(e.inputs ?? [], profile));
    if (leaves === 0) return {};
    const overrides = new Map<number, Magnitude>();
    let spent = 0;
    await chain.snapshot();
    try {
      for (const s of setup) if (!(await run(s)).ok) return {};
      await chain.snapshot();
      const start = await run(base);
      await chain.restore();
      if (start.ok) return { cand: base, returned: start.returned };
      let progress = start.gas;
      for (let round = 0; round < 4 && spent < budget; round++) {
        let moved = false;
        for (let k = 0; k < leaves && !moved && spent < budget; k++) {
          for (const mag of ['small', 'zero', 'large', 'typical'] as Magnitude[]) {
            if ((overrides.get(k) ?? profile.magnitude) === mag) continue;
            const next = new Map(overrides).set(k, mag);
            const vs = valuesFor(e.inputs ?? [], profile, factsOf({ name: e.name ?? '', signature: signatureOf(e) })?.roles, next);
            const c = candidateOf(e, sel, vs, base.value, profile);
            spent++;
            await chain.snapshot();
            const r = await run(c);
            await chain.restore();
            if (r.ok) return { cand: c, returned: r.returned };
            // A revert further into the function (more gas used before it) means a check now passes.
            if (r.gas > progress) {
              overrides.set(k, mag);
              progress = r.gas;
              moved = true;
              break;
            }
          }
        }
        if (!moved) break;
      }
      return {};
    } finally {
      await chain.restore();
    }
  };

  /** Runs `setup` (all must succeed), then the first candidate that succeeds; state is left as it was. */
  const tryAt = async (setup: readonly Step[], cands: readonly Candidate[]): Promise<{ cand?: Candidate; reason?: string }> => {
    await chain.snapshot();
    try {
      for (const s of setup) if (!(await run(s)).ok) return { reason: `setup ${s.text} reverted` };
      let reason: string | undefined;
      for (const c of cands) {
        await chain.snapshot();
        const r = await run(c);
        await chain.restore();
        if (r.ok) return { cand: c };
        reason ??= r.reason;
      }
      return { reason };
    } finally {
      await chain.restore();
    }
  };

  const mutating = (sig: string) => {
    const e = bySig.get(sig);
    return !!e && !['view', 'pure'].includes(mutabilityOf(e));
  };
  const facts = t.facts;
  const writesOf = (sig: string) => factsOf({ name: bySig.get(sig)?.name ?? '', signature: sig })?.writes ?? new Set<string>();

  /** Functions whose writes feed what `f` reads, those that move power last; every mutating function when there are no facts. */
  const feeders = (f: MeasuredFunction, wanted: ReadonlySet<string> | undefined): string[] => {
    const sigs = [...bySig.keys()].filter((s) => s !== f.signature && mutating(s));
    if (!facts || !wanted) return sigs.slice(0, 8);
    const overlap = (s: string) => [...writesOf(s)].filter((w) => wanted.has(w)).length;
    const movesPower = (s: string) => [...writesOf(s)].some((w) => facts.authority.has(w));
    return sigs
      .filter((s) => overlap(s) > 0)
      .sort((a, b) => Number(movesPower(a)) - Number(movesPower(b)) || overlap(b) - overlap(a) || a.localeCompare(b))
      .slice(0, 8);
  };

  const loopSizes = opts.loopSizes ?? DEFAULT_LOOP_SIZES;
  const searchUntil = performance.now() + (opts.searchBudgetMs ?? 10_000);
  let quick = 0;

  for (const f of functions) {
    if (t.only && !t.only.has(f.signature)) continue;
    const e = bySig.get(f.signature);
    if (!e) continue;
    const sel = selectorOf(f.signature);
    const ff = factsOf(f);
    try {
      let fp: FunctionPlan | undefined = t.replay?.functions.get(f.signature);
      let reason: string | undefined;
      let tried = 0;
      if (!fp) {
        const configured = userCall(e, sel, t.user?.calls?.[f.signature], self);
        const tiers = configured ? [[configured]] : callProfileTiers().map((profiles) => candidates(e, sel, profiles, ff?.roles, payments(e)));
        const extraSetup: Step[] = [];
        for (const st of t.user?.calls?.[f.signature]?.setup ?? []) {
          const se = [...bySig.values()].find((x) => signatureOf(x) === st.call || x.name === st.call);
          if (!se) continue;
          const c = userCall(se, selectorOf(signatureOf(se)), st, self) ?? candidates(se, selectorOf(signatureOf(se)), seedProfiles(), undefined, [0n])[0];
          for (let k = 0; k < Math.max(1, st.repeat ?? 1); k++) extraSetup.push({ signature: signatureOf(se), data: c.data, value: c.value, text: c.text });
        }
        let found: { setup: Step[]; cand: Candidate; tier: number } | undefined;
        // Non-zero arguments from the deployed state and from states the contract's own functions set up,
        // before far-future figures, before zeros: a call that only succeeds with zeros is not what it is for.
        // Past the time budget, only the deployed state with plain arguments.
        const late = performance.now() > searchUntil;
        if (late) quick++;
        const budget = late ? 40 : 160;
        for (let tier = 0; !found && tier < tiers.length && tried < budget; tier++) {
          const cands = tiers[tier];
          const first = await tryAt(extraSetup, cands);
          tried += cands.length;
          if (tier === 0) reason = first.reason;
          if (first.cand) found = { setup: extraSetup, cand: first.cand, tier };
          if (found || extraSetup.length > 0 || configured || late) continue;
          // From a state another function set up: a few argument sets, and the id that function returned.
          const few = (setupStep: Step) => {
            const out = cands.filter((c) => c.profile?.addresses === 'other' || c.profile?.addresses === 'caller-first');
            if (setupStep.returned && cands[0]?.values) {
              const vs = withReturnedId(e.inputs ?? [], cands[0].values, setupStep.returned);
              if (vs) out.unshift(candidateOf(e, sel, vs, cands[0].value, cands[0].profile));
            }
            return out;
          };
          const steps: Step[] = [];
          for (const sig of feeders(f, ff?.reads)) {
            if (tried >= budget) break;
            const s = await seederStep(sig);
            if (!s) continue;
            steps.push(s);
            const cs = few(s);
            const r = await tryAt([s], cs);
            tried += cs.length;
            if (r.cand) {
              found = { setup: [s], cand: r.cand, tier };
              break;
            }
          }
          if (tier > 0) continue;
          for (let i = 0; !found && i < steps.length && tried < budget; i++)
            for (let j = i + 1; !found && j < steps.length && i * steps.length + j < 12; j++) {
              const cs = few(steps[j]);
              const r = await tryAt([steps[i], steps[j]], cs);
              tried += cs.length;
              if (r.cand) found = { setup: [steps[i], steps[j]], cand: r.cand, tier };
            }
          // One argument at a time, from the deployed state and after the first step that set something up.
          if (!found && cands[0]) {
            for (const setup of [[], ...steps.slice(0, 1).map((x) => [x])]) {
              const v = await vary(e, sel, cands[0], reason, setup);
              tried += 48;
              if (v.cand) {
                found = { setup, cand: v.cand, tier };
                break;
              }
            }
          }
        }
        if (found) {
          fp = { setup: found.setup, call: { signature: f.signature, data: found.cand.data, value: found.cand.value, text: found.cand.text } };
          if (found.tier === tiers.length - 1 && tiers.length > 1) fp.call.text += ' (only zero arguments succeed)';
          // Loops over stored state: the function that grows it, at two sizes.
          const bounds = ff?.loops;
          if (bounds && bounds.size > 0) {
            for (const sig of feeders(f, bounds)) {
              const s = await seederStep(sig);
              if (s) {
                fp.loop = { step: s, sizes: loopSizes, over: [...bounds].filter((b) => writesOf(sig).has(b)).join(', ') || [...bounds].join(', ') };
                break;
              }
            }
          }
          // Loops over array arguments: the same call with longer arrays.
          if (!fp.loop && hasDynamicArray(e.inputs) && found.cand.profile) {
            const p = found.cand.profile;
            const longer = concat(sel, encodeValues(e.inputs ?? [], valuesFor(e.inputs ?? [], { ...p, arrayLength: p.arrayLength + loopSizes[1] - loopSizes[0] }, ff?.roles)));
            fp.longer = { data: longer, sizes: [p.arrayLength, p.arrayLength + loopSizes[1] - loopSizes[0]] };
          }
        }
      }
      if (!fp) {
        f.gas = 'reverted';
        f.revertReason = reason ?? 'reverted';
        if (tried > 1) f.scenario = `reverted in all ${tried} scenarios tried`;
        continue;
      }
      await measurePlanned(chain, address, f, fp, run, opts.repeat !== false);
      if (typeof f.gas === 'number') plan.functions.set(f.signature, fp);
    } catch (err) {
      if (err instanceof CancelledOrSpent) {
        f.revertReason = undefined;
        notes.push(`${err.message}: ${f.signature} and the functions after it were not called`);
        break;
      }
      throw err;
    }
  }
  if (quick > 0) notes.push(`the scenario search ran out of time (${Math.round((opts.searchBudgetMs ?? 10_000) / 1000)} s); ${quick} function${quick === 1 ? ' was' : 's were'} tried from the deployed state only`);
  if (notes.length > 0) out.notes = notes;
  return out;
}

/** Runs a function's plan: setup, the call, the call again, and its loop or longer arrays at two sizes. */
async function measurePlanned(chain: Chain, address: Address, f: MeasuredFunction, fp: FunctionPlan, run: (s: Step | Candidate) => Promise<TxResult>, repeat: boolean): Promise<void> {
  const samples: number[] = [];
  let stubbed = false;
  await chain.snapshot();
  try {
    for (const s of fp.setup) {
      const r = await run(s);
      if (!r.ok) {
        f.gas = 'reverted';
        f.revertReason = `setup ${s.text} reverted: ${r.reason}`;
        return;
      }
    }
    let primary: TxResult | undefined;
    if (fp.loop) {
      // The function runs over what `loop.step` adds: measured after it ran sizes[0] and sizes[1] times,
      // from distinct accounts (a list of members grows once per account), else all from the deployer.
      // A replay uses the accounts the original measurement used.
      const loop = fp.loop;
      const variants: Array<'distinct' | 'deployer'> = loop.callers ? [loop.callers] : ['distinct', 'deployer'];
      const fromFor = (callers: 'distinct' | 'deployer', k: number) => (callers === 'distinct' && k > 0 ? toAddress(CALLERS[(k - 1) % CALLERS.length]) : CALLER);
      for (const callers of variants) {
        const got: TxResult[] = [];
        await chain.snapshot();
        let grown = 0;
        for (const size of loop.sizes) {
          let ok = true;
          while (grown < size && ok) ok = (await chain.tx(address, loop.step.data, loop.step.value, fromFor(callers, grown++))).ok;
          if (!ok) break;
          await chain.snapshot();
          const r = await run(fp.call);
          await chain.restore();
          if (!r.ok) break;
          got.push(r);
        }
        await chain.restore();
        if (got.length === 2 && (loop.callers !== undefined || got[1].gas !== got[0].gas)) {
          loop.callers = callers;
          for (const r of got) (samples.push(r.gas), (stubbed ||= r.stubbed));
          // The figure of the call is at the smaller size.
          primary = got[0];
          f.perIteration = { gas: Math.round((got[1].gas - got[0].gas) / (loop.sizes[1] - loop.sizes[0])), sizes: loop.sizes, over: `${loop.over} (grown by ${loop.step.text}${callers === 'distinct' ? ' from distinct accounts' : ''})` };
          break;
        }
      }
      if (!primary && loop.callers) {
        f.gas = 'reverted';
        f.revertReason = `the loop scenario (${loop.step.text} run ${loop.sizes[1]} times) no longer runs`;
        return;
      }
      // Nothing grew the loop: measured as a plain call.
      if (!primary) fp.loop = undefined;
    }
    if (!primary) {
      await chain.snapshot();
      const r1 = await run(fp.call);
      if (!r1.ok) {
        await chain.restore();
        f.gas = 'reverted';
        f.revertReason = r1.reason;
        return;
      }
      primary = r1;
      samples.push(r1.gas);
      stubbed ||= r1.stubbed;
      // The same call again, on the state the first left: warm accounts, used slots.
      if (repeat) {
        const r2 = await run(fp.call);
        if (r2.ok) samples.push(r2.gas);
      }
      await chain.restore();
      if (fp.longer) {
        await chain.snapshot();
        const long = await run({ data: fp.longer.data, value: fp.call.value, text: '' });
        await chain.restore();
        if (long.ok) {
          samples.push(long.gas);
          f.perIteration = { gas: Math.round((long.gas - r1.gas) / (fp.longer.sizes[1] - fp.longer.sizes[0])), sizes: fp.longer.sizes, over: 'array arguments (per element)' };
        }
      }
    }
    f.gas = primary.gas;
    if (primary.refund > 0) f.refund = primary.refund;
    f.stats = { min: Math.min(...samples), median: median(samples), max: Math.max(...samples), samples: samples.length };
    if (stubbed) f.stubbed = true;
    const setupText = fp.setup.map((s) => s.text);
    let scenario = `${setupText.length > 0 ? `after ${setupText.join(', ')}: ` : ''}${fp.call.text}`;
    if (fp.loop && f.perIteration) scenario += ` (with ${fp.loop.step.text} run ${fp.loop.sizes[0]} and ${fp.loop.sizes[1]} times before)`;
    else if (fp.longer && f.perIteration) scenario += ` (and with arrays of ${fp.longer.sizes[1]} elements)`;
    f.scenario = scenario;
  } finally {
    await chain.restore();
  }
}

function describeArgs(inputs: readonly AbiParam[], vs: readonly AbiValue[]): string {
  if (inputs.length === 0) return 'no arguments';
  return inputs.map((p, i) => `${p.name || `arg${i}`} = ${showValue(vs[i], ACCOUNT_NAMES)}`).join(', ');
}
