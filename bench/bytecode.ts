/**
 * Bytecode analysis benchmark: selector recovery against solc's
 * `evm.methodIdentifiers` over OpenZeppelin contracts (optimizer off and on),
 * payability against the ABI, time per contract (largest runtime included),
 * and the bytecode detectors on a few SmartBugs curated files.
 * Prints figures; never gates. Run: npm run bench:bytecode
 */
import fs from 'node:fs';
import path from 'node:path';
import { analyzeBytecode } from '../engine/src/bytecode';

const ROOT = path.resolve(__dirname, '..');
const NM = path.join(ROOT, 'node_modules');

/** Concrete contracts deriving from OpenZeppelin 5 (the package in node_modules). */
export const OZ_SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;
import "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import "@openzeppelin/contracts/token/ERC20/extensions/ERC20Pausable.sol";
import "@openzeppelin/contracts/token/ERC20/extensions/ERC20FlashMint.sol";
import "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import "@openzeppelin/contracts/token/ERC721/extensions/ERC721Enumerable.sol";
import "@openzeppelin/contracts/token/ERC721/extensions/ERC721URIStorage.sol";
import "@openzeppelin/contracts/token/ERC1155/ERC1155.sol";
import "@openzeppelin/contracts/token/ERC1155/extensions/ERC1155Supply.sol";
import "@openzeppelin/contracts/access/Ownable2Step.sol";
import "@openzeppelin/contracts/access/AccessControl.sol";
import "@openzeppelin/contracts/access/extensions/AccessControlEnumerable.sol";
import "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import "@openzeppelin/contracts/proxy/transparent/TransparentUpgradeableProxy.sol";
import "@openzeppelin/contracts/proxy/beacon/BeaconProxy.sol";
import "@openzeppelin/contracts/proxy/beacon/UpgradeableBeacon.sol";
import "@openzeppelin/contracts/proxy/utils/UUPSUpgradeable.sol";
import "@openzeppelin/contracts/governance/TimelockController.sol";
import "@openzeppelin/contracts/finance/VestingWallet.sol";
import "@openzeppelin/contracts/utils/Multicall.sol";
import "@openzeppelin/contracts/governance/Governor.sol";
import "@openzeppelin/contracts/governance/extensions/GovernorSettings.sol";
import "@openzeppelin/contracts/governance/extensions/GovernorCountingSimple.sol";
import "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import "@openzeppelin/contracts/governance/extensions/GovernorVotesQuorumFraction.sol";
import "@openzeppelin/contracts/governance/extensions/GovernorTimelockControl.sol";

contract Token is ERC20, ERC20Burnable, ERC20Pausable, Ownable2Step, ERC20Permit, ERC20FlashMint {
    constructor() ERC20("T", "T") Ownable(msg.sender) ERC20Permit("T") {}
    function pause() external onlyOwner { _pause(); }
    function unpause() external onlyOwner { _unpause(); }
    function mint(address to, uint256 v) external onlyOwner { _mint(to, v); }
    function _update(address f, address t, uint256 v) internal override(ERC20, ERC20Pausable) { super._update(f, t, v); }
}
contract VoteToken is ERC20, ERC20Permit, ERC20Votes, AccessControl, Multicall {
    bytes32 public constant MINTER = keccak256("MINTER");
    constructor() ERC20("V", "V") ERC20Permit("V") { _grantRole(DEFAULT_ADMIN_ROLE, msg.sender); }
    function mint(address to, uint256 v) external onlyRole(MINTER) { _mint(to, v); }
    function _update(address f, address t, uint256 v) internal override(ERC20, ERC20Votes) { super._update(f, t, v); }
    function nonces(address o) public view override(ERC20Permit, Nonces) returns (uint256) { return super.nonces(o); }
}
contract Vault is ERC4626 {
    constructor(IERC20 a) ERC20("v", "v") ERC4626(a) {}
}
contract NFT is ERC721, ERC721Enumerable, ERC721URIStorage, AccessControlEnumerable {
    constructor() ERC721("N", "N") { _grantRole(DEFAULT_ADMIN_ROLE, msg.sender); }
    function mint(address to, uint256 id, string calldata uri) external onlyRole(DEFAULT_ADMIN_ROLE) { _mint(to, id); _setTokenURI(id, uri); }
    function _update(address to, uint256 id, address a) internal override(ERC721, ERC721Enumerable) returns (address) { return super._update(to, id, a); }
    function _increaseBalance(address a, uint128 v) internal override(ERC721, ERC721Enumerable) { super._increaseBalance(a, v); }
    function tokenURI(uint256 id) public view override(ERC721, ERC721URIStorage) returns (string memory) { return super.tokenURI(id); }
    function supportsInterface(bytes4 i) public view override(ERC721, ERC721Enumerable, ERC721URIStorage, AccessControlEnumerable) returns (bool) { return super.supportsInterface(i); }
}
contract Multi is ERC1155Supply, Ownable {
    constructor() ERC1155("u") Ownable(msg.sender) {}
    function mint(address to, uint256 id, uint256 v) external payable onlyOwner { _mint(to, id, v, ""); }
}
contract Impl is UUPSUpgradeable, Ownable {
    uint256 public x;
    constructor() Ownable(msg.sender) {}
    function setX(uint256 v) external { x = v; }
    function _authorizeUpgrade(address) internal override onlyOwner {}
}
contract Timelock is TimelockController {
    constructor(address[] memory p, address[] memory e) TimelockController(1, p, e, msg.sender) {}
}
contract Vesting is VestingWallet {
    constructor(address b) VestingWallet(b, 0, 100) {}
}
contract Gov is Governor, GovernorSettings, GovernorCountingSimple, GovernorVotes, GovernorVotesQuorumFraction, GovernorTimelockControl {
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
}
contract Proxy1967 is ERC1967Proxy { constructor(address i) ERC1967Proxy(i, "") {} }
contract Transparent is TransparentUpgradeableProxy { constructor(address i) TransparentUpgradeableProxy(i, msg.sender, "") {} }
contract Beacon is BeaconProxy { constructor(address b) BeaconProxy(b, "") {} }
contract BeaconOwner is UpgradeableBeacon { constructor(address i) UpgradeableBeacon(i, msg.sender) {} }
`;

export interface Compiled {
  name: string;
  runtime: string;
  creation: string;
  methods: Record<string, string>;
  abi: Array<{ type: string; name?: string; stateMutability?: string; inputs?: Array<{ type: string }> }>;
}

/** Compiles with the bundled solc 0.8 (standard JSON); imports from node_modules. */
export function compileOz(source: string, settings: { optimizer: boolean; viaIR?: boolean }): Compiled[] {
  const solc = require('solc') as { compile(input: string, cb: { import(p: string): { contents: string } | { error: string } }): string };
  const input = {
    language: 'Solidity',
    sources: { 'Main.sol': { content: source } },
    settings: { optimizer: { enabled: settings.optimizer, runs: 200 }, viaIR: settings.viaIR ?? false, evmVersion: 'cancun', outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object', 'evm.methodIdentifiers'] } } },
  };
  const read = (p: string) => {
    const file = path.join(NM, p);
    return fs.existsSync(file) ? { contents: fs.readFileSync(file, 'utf8') } : { error: `not found: ${p}` };
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input), { import: read })) as {
    errors?: Array<{ severity: string; formattedMessage: string }>;
    contracts?: Record<string, Record<string, { abi: Compiled['abi']; evm: { bytecode: { object: string }; deployedBytecode: { object: string }; methodIdentifiers: Record<string, string> } }>>;
  };
  const errors = (out.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length) throw new Error(errors.map((e) => e.formattedMessage).join('\n'));
  return Object.entries(out.contracts?.['Main.sol'] ?? {}).map(([name, c]) => ({ name, runtime: c.evm.deployedBytecode.object, creation: c.evm.bytecode.object, methods: c.evm.methodIdentifiers, abi: c.abi }));
}

/** Whether each recovered selector's payability matches the ABI. */
export function payableAgreement(c: Compiled, recovered: Array<{ selector: string; payable: boolean }>): { agree: number; total: number; wrong: string[] } {
  const bySelector = new Map(Object.entries(c.methods).map(([sig, sel]) => [sel, sig]));
  let agree = 0;
  const wrong: string[] = [];
  for (const r of recovered) {
    const sig = bySelector.get(r.selector);
    const entry = sig && c.abi.find((e) => e.type === 'function' && `${e.name}(${(e.inputs ?? []).map((i) => i.type).join(',')})` === sig);
    if (!entry) continue;
    if ((entry.stateMutability === 'payable') === r.payable) agree++;
    else wrong.push(`${sig}`);
  }
  return { agree, total: recovered.length, wrong };
}

async function main() {
  console.log('Bytecode analysis benchmark\n');
  let want = 0;
  let got = 0;
  let extra = 0;
  let payAgree = 0;
  let payTotal = 0;
  const times: Array<{ name: string; size: number; ms: number }> = [];
  for (const cfg of [{ optimizer: false }, { optimizer: true }, { optimizer: true, viaIR: true }]) {
    const label = cfg.viaIR ? 'optimizer + via-IR' : cfg.optimizer ? 'optimizer (200 runs)' : 'no optimizer';
    const t = performance.now();
    // solc rejects TransparentUpgradeableProxy's immutables through via-IR ("read from but never assigned").
    const compiled = compileOz(cfg.viaIR ? OZ_SOURCE.replace(/^contract Transparent .*$/m, '') : OZ_SOURCE, cfg);
    console.log(`## ${label}: ${compiled.length} contracts compiled in ${Math.round(performance.now() - t)} ms`);
    for (const c of compiled) {
      if (!c.runtime) continue;
      const r = await analyzeBytecode(c.runtime, { confirm: false });
      const expected = new Set(Object.values(c.methods));
      const recovered = new Set(r.selectors.map((s) => s.selector));
      const hit = [...expected].filter((s) => recovered.has(s)).length;
      const ex = [...recovered].filter((s) => !expected.has(s));
      want += expected.size;
      got += hit;
      extra += ex.length;
      const pay = payableAgreement(c, r.selectors);
      payAgree += pay.agree;
      payTotal += pay.total;
      times.push({ name: `${c.name} (${label})`, size: r.runtimeSize, ms: r.timings.totalMs });
      const miss = [...expected].filter((s) => !recovered.has(s));
      console.log(`  ${c.name.padEnd(12)} ${String(r.runtimeSize).padStart(6)} B  selectors ${hit}/${expected.size}${ex.length ? ` +${ex.length} extra` : ''}${miss.length ? ` missing ${miss.join(',')}` : ''}  payable ${pay.agree}/${pay.total}${pay.wrong.length ? ` (wrong: ${pay.wrong.join(', ')})` : ''}  proxy ${r.proxy.kind}  standards ${r.standards.filter((s) => s.complete).map((s) => s.standard).join(',') || '-'}  findings ${r.findings.map((f) => f.id.replace('bytecode-', '')).join(',') || '-'}  unresolved ${r.cfgStats.unresolvedJumps}${r.cfgStats.truncated ? ' TRUNCATED' : ''}  ${r.timings.totalMs.toFixed(1)} ms`);
    }
  }
  console.log(`\nSelector agreement: ${got}/${want} = ${((100 * got) / want).toFixed(2)}% (extra selectors: ${extra})`);
  console.log(`Payability agreement: ${payAgree}/${payTotal} = ${((100 * payAgree) / payTotal).toFixed(2)}%`);
  times.sort((a, b) => b.size - a.size);
  const ms = times.map((t) => t.ms).sort((a, b) => a - b);
  console.log(`Time per contract: median ${ms[Math.floor(ms.length / 2)].toFixed(1)} ms, max ${ms[ms.length - 1].toFixed(1)} ms; largest runtime ${times[0].name} ${times[0].size} B in ${times[0].ms.toFixed(1)} ms`);

  await smartbugs();
}

/** SmartBugs curated: compile each file with the bundled compiler its pragma allows, run the detectors per category. */
async function smartbugs() {
  const dir = path.resolve(ROOT, '..', 'shared', 'bench', 'smartbugs-curated', 'dataset');
  if (!fs.existsSync(dir)) return console.log('\nSmartBugs curated not found; skipped.');
  const categories: Record<string, string> = { access_control: 'access control', unchecked_low_level_calls: 'unchecked low-level calls' };
  const compilers: Array<[string, string]> = [['0.4', 'solc-0.4.26'], ['0.5', 'solc-0.5.17'], ['0.6', 'solc-0.6.12'], ['0.7', 'solc-0.7.6'], ['0.8', 'solc']];
  console.log('\n## SmartBugs curated (bytecode detectors alone, per category)');
  for (const [cat, label] of Object.entries(categories)) {
    const files = fs.existsSync(path.join(dir, cat)) ? fs.readdirSync(path.join(dir, cat)).filter((f) => f.endsWith('.sol')) : [];
    let compiled = 0;
    let flagged = 0;
    const counts = new Map<string, number>();
    const lines: string[] = [];
    for (const f of files) {
      const text = fs.readFileSync(path.join(dir, cat, f), 'utf8');
      const m = /pragma\s+solidity\s*[\^>=<~ ]*\s*(0\.\d+)/.exec(text);
      const mod = compilers.find(([v]) => v === m?.[1])?.[1] ?? 'solc-0.4.26';
      let contracts: Array<{ name: string; runtime: string }> = [];
      try {
        const solc = require(mod) as { compile(i: string): string; compileStandardWrapper?: (i: string) => string };
        const input = { language: 'Solidity', sources: { [f]: { content: text } }, settings: { outputSelection: { '*': { '*': ['evm.deployedBytecode.object'] } } } };
        const out = JSON.parse((solc.compileStandardWrapper ?? solc.compile)(JSON.stringify(input))) as { contracts?: Record<string, Record<string, { evm: { deployedBytecode: { object: string } } }>> };
        contracts = Object.entries(out.contracts?.[f] ?? {}).map(([name, c]) => ({ name, runtime: c.evm.deployedBytecode.object })).filter((c) => c.runtime.length > 0);
      } catch {
        contracts = [];
      }
      if (contracts.length === 0) {
        lines.push(`  ${f}: did not compile with ${mod}`);
        continue;
      }
      compiled++;
      const ids = new Set<string>();
      for (const c of contracts) {
        const r = await analyzeBytecode(c.runtime, { confirmBudgetMs: 500 });
        for (const x of r.findings) ids.add(`${x.id.replace('bytecode-', '')}${x.confirmed ? '✓' : ''}`);
      }
      if (ids.size) flagged++;
      for (const id of ids) counts.set(id.replace('✓', ''), (counts.get(id.replace('✓', '')) ?? 0) + 1);
      lines.push(`  ${f}: ${[...ids].join(', ') || '-'}`);
    }
    console.log(`### ${label}: ${files.length} files, ${compiled} compiled, ${flagged} with a bytecode finding`);
    console.log(`  by detector (files): ${[...counts].map(([k, v]) => `${k} ${v}`).join(', ') || '-'}`);
    for (const l of lines) console.log(l);
  }
}

if (require.main === module) void main();
