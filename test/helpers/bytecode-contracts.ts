/**
 * Contracts compiled by the real bundled solc for the bytecode tests and the
 * bytecode benchmark: concrete contracts deriving from OpenZeppelin 5 (the
 * package in node_modules), chosen by name, and a compile helper for any of the
 * bundled compilers. Shared by test/engine/bytecode*.test.ts, test/cli/bytecode*.test.ts
 * and bench/bytecode.ts so that they measure the same code.
 */
import fs from 'node:fs';
import path from 'node:path';

const NM = path.resolve(__dirname, '..', '..', 'node_modules');

interface OzContract {
  name: string;
  /** Import lines beyond the common ones. */
  imports?: string[];
  code: string;
}

const COMMON_IMPORTS = [
  'import "@openzeppelin/contracts/token/ERC20/ERC20.sol";',
  'import "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";',
  'import "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";',
  'import "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";',
  'import "@openzeppelin/contracts/token/ERC20/extensions/ERC20Pausable.sol";',
  'import "@openzeppelin/contracts/token/ERC20/extensions/ERC20FlashMint.sol";',
  'import "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";',
  'import "@openzeppelin/contracts/token/ERC721/ERC721.sol";',
  'import "@openzeppelin/contracts/token/ERC721/extensions/ERC721Enumerable.sol";',
  'import "@openzeppelin/contracts/token/ERC721/extensions/ERC721URIStorage.sol";',
  'import "@openzeppelin/contracts/token/ERC1155/ERC1155.sol";',
  'import "@openzeppelin/contracts/token/ERC1155/extensions/ERC1155Supply.sol";',
  'import "@openzeppelin/contracts/access/Ownable2Step.sol";',
  'import "@openzeppelin/contracts/access/AccessControl.sol";',
  'import "@openzeppelin/contracts/access/extensions/AccessControlEnumerable.sol";',
  'import "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";',
  'import "@openzeppelin/contracts/proxy/transparent/TransparentUpgradeableProxy.sol";',
  'import "@openzeppelin/contracts/proxy/beacon/BeaconProxy.sol";',
  'import "@openzeppelin/contracts/proxy/beacon/UpgradeableBeacon.sol";',
  'import "@openzeppelin/contracts/proxy/utils/UUPSUpgradeable.sol";',
  'import "@openzeppelin/contracts/governance/TimelockController.sol";',
  'import "@openzeppelin/contracts/finance/VestingWallet.sol";',
  'import "@openzeppelin/contracts/utils/Multicall.sol";',
];

const GOVERNOR_IMPORTS = [
  'import "@openzeppelin/contracts/governance/Governor.sol";',
  'import "@openzeppelin/contracts/governance/extensions/GovernorSettings.sol";',
  'import "@openzeppelin/contracts/governance/extensions/GovernorCountingSimple.sol";',
  'import "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";',
  'import "@openzeppelin/contracts/governance/extensions/GovernorVotesQuorumFraction.sol";',
  'import "@openzeppelin/contracts/governance/extensions/GovernorTimelockControl.sol";',
];

/** Every contract of the set, in source order. */
const OZ_CONTRACTS: OzContract[] = [
  { name: 'Token', code: `contract Token is ERC20, ERC20Burnable, ERC20Pausable, Ownable2Step, ERC20Permit, ERC20FlashMint {
    constructor() ERC20("T", "T") Ownable(msg.sender) ERC20Permit("T") {}
    function pause() external onlyOwner { _pause(); }
    function unpause() external onlyOwner { _unpause(); }
    function mint(address to, uint256 v) external onlyOwner { _mint(to, v); }
    function _update(address f, address t, uint256 v) internal override(ERC20, ERC20Pausable) { super._update(f, t, v); }
}` },
  { name: 'VoteToken', code: `contract VoteToken is ERC20, ERC20Permit, ERC20Votes, AccessControl, Multicall {
    bytes32 public constant MINTER = keccak256("MINTER");
    constructor() ERC20("V", "V") ERC20Permit("V") { _grantRole(DEFAULT_ADMIN_ROLE, msg.sender); }
    function mint(address to, uint256 v) external onlyRole(MINTER) { _mint(to, v); }
    function _update(address f, address t, uint256 v) internal override(ERC20, ERC20Votes) { super._update(f, t, v); }
    function nonces(address o) public view override(ERC20Permit, Nonces) returns (uint256) { return super.nonces(o); }
}` },
  { name: 'Vault', code: `contract Vault is ERC4626 {
    constructor(IERC20 a) ERC20("v", "v") ERC4626(a) {}
}` },
  { name: 'NFT', code: `contract NFT is ERC721, ERC721Enumerable, ERC721URIStorage, AccessControlEnumerable {
    constructor() ERC721("N", "N") { _grantRole(DEFAULT_ADMIN_ROLE, msg.sender); }
    function mint(address to, uint256 id, string calldata uri) external onlyRole(DEFAULT_ADMIN_ROLE) { _mint(to, id); _setTokenURI(id, uri); }
    function _update(address to, uint256 id, address a) internal override(ERC721, ERC721Enumerable) returns (address) { return super._update(to, id, a); }
    function _increaseBalance(address a, uint128 v) internal override(ERC721, ERC721Enumerable) { super._increaseBalance(a, v); }
    function tokenURI(uint256 id) public view override(ERC721, ERC721URIStorage) returns (string memory) { return super.tokenURI(id); }
    function supportsInterface(bytes4 i) public view override(ERC721, ERC721Enumerable, ERC721URIStorage, AccessControlEnumerable) returns (bool) { return super.supportsInterface(i); }
}` },
  { name: 'Multi', code: `contract Multi is ERC1155Supply, Ownable {
    constructor() ERC1155("u") Ownable(msg.sender) {}
    function mint(address to, uint256 id, uint256 v) external payable onlyOwner { _mint(to, id, v, ""); }
}` },
  { name: 'Impl', code: `contract Impl is UUPSUpgradeable, Ownable {
    uint256 public x;
    constructor() Ownable(msg.sender) {}
    function setX(uint256 v) external { x = v; }
    function _authorizeUpgrade(address) internal override onlyOwner {}
}` },
  { name: 'Timelock', code: `contract Timelock is TimelockController {
    constructor(address[] memory p, address[] memory e) TimelockController(1, p, e, msg.sender) {}
}` },
  { name: 'Vesting', code: `contract Vesting is VestingWallet {
    constructor(address b) VestingWallet(b, 0, 100) {}
}` },
  { name: 'Gov', imports: GOVERNOR_IMPORTS, code: `contract Gov is Governor, GovernorSettings, GovernorCountingSimple, GovernorVotes, GovernorVotesQuorumFraction, GovernorTimelockControl {
    constructor(IVotes t, TimelockController tl) Governor("G") GovernorSettings(1, 50, 0) GovernorVotes(t) GovernorVotesQuorumFraction(4) GovernorTimelockControl(tl) {}
    function votingDelay() public view override(Governor, GovernorSettings) returns (uint256) { return super.votingDelay(); }
    function votingPeriod() public view override(Governor, GovernorSettings) returns (uint256) { return super.votingPeriod(); }
    function quorum(uint256 b) public view override(Governor, GovernorVotesQuorumFraction) returns (uint256) { return super.quorum(b); }
    function state(uint256 id) public view override(Governor, GovernorTimelockControl) returns (ProposalState) { return super.state(id); }
    function proposalNeedsQueuing(uint256 id) public view override(Governor, GovernorTimelockControl) returns (bool) { return super.proposalNeedsQueuing(id); }
    function proposalThreshold() public view override(Governor, GovernorSettings) returns (uint256) { return super.proposalThreshold(); }
    function _queueOperations(uint256 id, address[] memory t, uint256[] memory v, bytes[] memory c, bytes32 d) internal override(Governor, GovernorTimelockControl) returns (uint48) { return super._queueOperations(id, t, v, c, d); }
    function _executeOperations(uint256 id, address[] memory t, uint256[] memory v, bytes[] memory c, bytes32 d) internal override(Governor, GovernorTimelockControl) { super._executeOperations(id, t, v, c, d); }
    function _cancel(address[] memory t, uint256[] memory v, bytes[] memory c, bytes32 d) internal override(Governor, GovernorTimelockControl) returns (uint256) { return super._cancel(t, v, c, d); }
    function _executor() internal view override(Governor, GovernorTimelockControl) returns (address) { return super._executor(); }
}` },
  { name: 'Proxy1967', code: `contract Proxy1967 is ERC1967Proxy { constructor(address i) ERC1967Proxy(i, "") {} }` },
  { name: 'Transparent', code: `contract Transparent is TransparentUpgradeableProxy { constructor(address i) TransparentUpgradeableProxy(i, msg.sender, "") {} }` },
  { name: 'Beacon', code: `contract Beacon is BeaconProxy { constructor(address b) BeaconProxy(b, "") {} }` },
  { name: 'BeaconOwner', code: `contract BeaconOwner is UpgradeableBeacon { constructor(address i) UpgradeableBeacon(i, msg.sender) {} }` },
];

/** Names of every OpenZeppelin-derived contract of the set. */
export const OZ_ALL: readonly string[] = OZ_CONTRACTS.map((c) => c.name);
/** The set the tests compile: all but the Governor (the largest, compiled by the benchmark). */
export const OZ_TEST_SET: readonly string[] = OZ_ALL.filter((n) => n !== 'Gov');

/** A source holding the named contracts (default: all) with the imports they need. */
export function ozSource(names: readonly string[] = OZ_ALL): string {
  const chosen = OZ_CONTRACTS.filter((c) => names.includes(c.name));
  const imports = [...new Set([...COMMON_IMPORTS, ...chosen.flatMap((c) => c.imports ?? [])])];
  return `// SPDX-License-Identifier: MIT\npragma solidity ^0.8.24;\n${imports.join('\n')}\n\n${chosen.map((c) => c.code).join('\n')}\n`;
}

export type AbiEntry = { type: string; name?: string; stateMutability?: string; inputs?: AbiParam[] };
export type AbiParam = { type: string; components?: AbiParam[] };

/** solc's storageLayout output. */
export interface StorageLayout {
  storage: Array<{ label: string; slot: string; offset: number; type: string }>;
  types: Record<string, { label: string; encoding: string; numberOfBytes: string; members?: Array<{ label: string; slot: string; offset: number; type: string }> }> | null;
}

export interface Compiled {
  name: string;
  runtime: string;
  creation: string;
  methods: Record<string, string>;
  abi: AbiEntry[];
  storageLayout?: StorageLayout;
  /** `evm.deployedBytecode.sourceMap` and the source index of the compiled file, when asked for (`sourceMaps`). */
  deployedSourceMap?: string;
  sourceId?: number;
}

type Solc = { compile(input: string, cb?: { import(p: string): { contents: string } | { error: string } }): string; compileStandardWrapper?: (i: string) => string };

/**
 * Compiles one source (file name `name`) with a bundled compiler module (`solc`,
 * `solc-0.4.26` …); imports resolve in node_modules. Throws on compile errors.
 */
export function compileSolidity(
  source: string,
  opts: { mod?: string; optimizer?: boolean; viaIR?: boolean; evmVersion?: string; name?: string; sourceMaps?: boolean } = {},
): Compiled[] {
  const mod = opts.mod ?? 'solc';
  const name = opts.name ?? 'Main.sol';
  const solc = require(mod) as Solc;
  const modern = mod === 'solc';
  const input = {
    language: 'Solidity',
    sources: { [name]: { content: source } },
    settings: {
      optimizer: { enabled: opts.optimizer ?? false, runs: 200 },
      ...(opts.viaIR ? { viaIR: true } : {}),
      ...(opts.evmVersion ? { evmVersion: opts.evmVersion } : {}),
      outputSelection: { [name]: { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object', 'evm.methodIdentifiers', ...(modern ? ['storageLayout'] : []), ...(opts.sourceMaps ? ['evm.deployedBytecode.sourceMap'] : [])] } },
    },
  };
  const read = (p: string) => {
    const file = path.join(NM, p);
    return fs.existsSync(file) ? { contents: fs.readFileSync(file, 'utf8') } : { error: `not found: ${p}` };
  };
  const raw = solc.compileStandardWrapper ? solc.compileStandardWrapper(JSON.stringify(input)) : solc.compile(JSON.stringify(input), { import: read });
  const out = JSON.parse(raw) as {
    errors?: Array<{ severity: string; formattedMessage: string }>;
    contracts?: Record<string, Record<string, { abi: AbiEntry[]; storageLayout?: StorageLayout; evm: { bytecode: { object: string }; deployedBytecode: { object: string; sourceMap?: string }; methodIdentifiers: Record<string, string> } }>>;
    sources?: Record<string, { id: number }>;
  };
  const errors = (out.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length) throw new Error(errors.map((e) => e.formattedMessage).join('\n'));
  return Object.entries(out.contracts?.[name] ?? {}).map(([n, c]) => ({
    name: n, runtime: c.evm.deployedBytecode.object, creation: c.evm.bytecode.object, methods: c.evm.methodIdentifiers, abi: c.abi,
    ...(c.storageLayout ? { storageLayout: c.storageLayout } : {}),
    ...(c.evm.deployedBytecode.sourceMap !== undefined ? { deployedSourceMap: c.evm.deployedBytecode.sourceMap, sourceId: out.sources?.[name]?.id } : {}),
  }));
}

/** Compiles the named OpenZeppelin-derived contracts with solc 0.8 (via-IR leaves out Transparent, whose immutables solc rejects there). */
export function compileOz(names: readonly string[], settings: { optimizer: boolean; viaIR?: boolean }): Compiled[] {
  const chosen = settings.viaIR ? names.filter((n) => n !== 'Transparent') : names;
  return compileSolidity(ozSource(chosen), { optimizer: settings.optimizer, viaIR: settings.viaIR, evmVersion: 'cancun' });
}

/** Contracts of one source by name. */
export function byName(compiled: Compiled[]): Map<string, Compiled> {
  return new Map(compiled.map((c) => [c.name, c]));
}

/** A parameter's canonical ABI type: tuples written out, `(uint256,bool)[]`. */
export function canonicalType(p: AbiParam): string {
  if (!p.type.startsWith('tuple')) return p.type;
  return `(${(p.components ?? []).map(canonicalType).join(',')})${p.type.slice('tuple'.length)}`;
}

/** The ABI entry of a function selector. */
export function abiOf(c: Compiled, selector: string): AbiEntry | undefined {
  const sig = Object.entries(c.methods).find(([, s]) => s === selector)?.[0];
  return sig === undefined ? undefined : c.abi.find((e) => e.type === 'function' && `${e.name}(${(e.inputs ?? []).map(canonicalType).join(',')})` === sig);
}

/** Whether each recovered selector's payability matches the ABI. */
export function payableAgreement(c: Compiled, recovered: Array<{ selector: string; payable: boolean }>): { agree: number; total: number; wrong: string[] } {
  let agree = 0;
  const wrong: string[] = [];
  for (const r of recovered) {
    const entry = abiOf(c, r.selector);
    if (!entry) continue;
    if ((entry.stateMutability === 'payable') === r.payable) agree++;
    else wrong.push(`${entry.name}`);
  }
  return { agree, total: recovered.length, wrong };
}

export interface AbiAgreement {
  functions: number;
  /** Argument types equal to the ABI's (static structs flattened), and consistent with it (see typeConsistent). */
  typesExact: number;
  typesConsistent: number;
  mutabilityExact: number;
  mutabilityConsistent: number;
  /** `signature: recovered` for each inconsistency. */
  typeProblems: string[];
  mutabilityProblems: string[];
}

type Recovered = { selector: string; inputs?: string[]; stateMutability?: string };
type Checks = {
  flattenStaticTuples(t: string[]): string[];
  typeConsistent(declared: string, recovered: string): boolean;
  mutabilityConsistent(declared: 'pure' | 'view' | 'nonpayable' | 'payable', recovered: 'pure' | 'view' | 'nonpayable' | 'payable'): boolean;
};

/** How the recovered argument types and mutability compare with the compiler's ABI. */
export function abiAgreement(c: Compiled, recovered: Recovered[], checks: Checks): AbiAgreement {
  const out: AbiAgreement = { functions: 0, typesExact: 0, typesConsistent: 0, mutabilityExact: 0, mutabilityConsistent: 0, typeProblems: [], mutabilityProblems: [] };
  for (const r of recovered) {
    const entry = abiOf(c, r.selector);
    if (!entry || !r.inputs || !r.stateMutability) continue;
    out.functions++;
    const sig = `${entry.name}(${(entry.inputs ?? []).map(canonicalType).join(',')})`;
    const want = checks.flattenStaticTuples((entry.inputs ?? []).map(canonicalType));
    if (want.join(',') === r.inputs.join(',')) out.typesExact++;
    if (want.length === r.inputs.length && want.every((t, i) => checks.typeConsistent(t, r.inputs![i]))) out.typesConsistent++;
    else out.typeProblems.push(`${c.name}.${sig}: ${r.inputs.join(',')}`);
    const declared = entry.stateMutability as 'pure' | 'view' | 'nonpayable' | 'payable';
    if (declared === r.stateMutability) out.mutabilityExact++;
    if (checks.mutabilityConsistent(declared, r.stateMutability as typeof declared)) out.mutabilityConsistent++;
    else out.mutabilityProblems.push(`${c.name}.${sig}: ${declared} shown as ${r.stateMutability}`);
  }
  return out;
}

/** solc's storage layout as (slot, offset, type label), struct members written out at their own slots. */
export function declaredStorage(layout: StorageLayout): Array<{ label: string; slot: bigint; offset: number; type: string }> {
  const out: Array<{ label: string; slot: bigint; offset: number; type: string }> = [];
  const types = layout.types ?? {};
  const walk = (label: string, slot: bigint, offset: number, typeId: string) => {
    const t = types[typeId];
    if (t?.encoding === 'inplace' && t.members) {
      for (const m of t.members) walk(`${label}.${m.label}`, slot + BigInt(m.slot), m.offset, m.type);
      return;
    }
    out.push({ label, slot, offset, type: t?.label ?? typeId });
  };
  for (const v of layout.storage) walk(v.label, BigInt(v.slot), v.offset, v.type);
  return out;
}
