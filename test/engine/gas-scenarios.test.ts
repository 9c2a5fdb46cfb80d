/**
 * Realistic gas scenarios, with real solc and the real EVM: constructor
 * arguments decided by what the code does with them (an OpenZeppelin 5
 * `Ownable(initialOwner)` gets the deployer), state set up through the
 * contract's own functions, loops measured at two sizes, refunds labelled,
 * scenarios from synor.config.json; the project's compiler and settings; and
 * the verdict on measured fixes (a loss or no change is never a saving).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ResultCache, runAnalyze, runMeasureFix } from '../../engine/src/deep/run';
import type { ContractReport, DeepResult, FunctionGas } from '../../engine/src/deep';
import { analyze, parseConfig, ConfigError, type Finding, type SynorConfig } from '../../engine/src';
import { judgeFix } from '../../engine/src/gas/judge';
import { foundryCompiler, hardhatCompiler, projectCompiler } from '../../engine/src/project/version';

const ROOT = path.resolve(__dirname, '..', '..');
const cache = new ResultCache(16);
const env = { cancelled: () => false, cache };

let tmp: string;
/** A project folder whose node_modules is this repository's: OpenZeppelin 5 as installed here. */
let project: string;
before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'synor-gas-scn-'));
  project = path.join(tmp, 'project');
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), '{ "name": "gas-scenarios", "private": true }');
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'), 'dir');
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Writes a file in a fresh folder of the project. */
function write(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(project, 'src-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

async function deep(file: string, text: string, config?: SynorConfig): Promise<DeepResult> {
  return runAnalyze({ path: file, text, root: project, config, trusted: true }, env);
}

function contract(r: DeepResult, name: string): ContractReport {
  const c = r.contracts.find((x) => x.name === name);
  assert.ok(c, `contract ${name} in ${JSON.stringify(r.contracts.map((x) => x.name))} (${r.unavailable ?? ''} ${r.findings.map((f) => f.message).join(' | ')})`);
  return c;
}

function fn(c: ContractReport, signature: string): FunctionGas {
  const f = c.functions.find((x) => x.signature === signature);
  assert.ok(f, `function ${signature}`);
  return f;
}

const OWNED = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

contract Token is ERC20, Ownable {
    uint256 public cap;

    constructor(address initialOwner, uint256 cap_) ERC20("Token", "TKN") Ownable(initialOwner) {
        cap = cap_;
    }

    function mint(address to, uint256 amount) external onlyOwner {
        require(totalSupply() + amount <= cap, "cap");
        _mint(to, amount);
    }

    function setCap(uint256 cap_) external onlyOwner {
        cap = cap_;
    }
}
`;

describe('gas scenarios: constructors and state', function () {
  this.timeout(300_000);

  it('measures a contract with an OpenZeppelin 5 Ownable(initialOwner) constructor: the deployer is the owner', async () => {
    const file = write('Token.sol', OWNED);
    const r = await deep(file, OWNED);
    assert.equal(r.unavailable, undefined, r.findings.map((f) => f.message).join('\n'));
    const t = contract(r, 'Token');
    assert.ok('gas' in t.deploy, JSON.stringify(t.deploy));
    assert.match(t.constructorArgs ?? '', /^initialOwner = deployer, cap_ = /);
    // onlyOwner functions run: the caller is the owner.
    assert.equal(typeof fn(t, 'setCap(uint256)').gas, 'number');
    assert.equal(typeof fn(t, 'mint(address,uint256)').gas, 'number');
    assert.equal(typeof fn(t, 'transferOwnership(address)').gas, 'number');
    // A transfer needs a balance: minted first, through the contract's own function, and said so.
    const transfer = fn(t, 'transfer(address,uint256)');
    assert.equal(typeof transfer.gas, 'number', JSON.stringify(transfer));
    assert.match(transfer.scenario ?? '', /^after mint\(deployer, .*\): transfer\(other, 1 ether\)$/);
    // transferFrom needs a balance and an allowance: two setup calls.
    const from = fn(t, 'transferFrom(address,address,uint256)');
    assert.equal(typeof from.gas, 'number', JSON.stringify(from));
    assert.match(from.scenario ?? '', /^after .*mint.*approve|^after .*approve.*mint/);
    // Measured figures come with min / median / max over the runs (first and repeated call).
    assert.ok(transfer.stats && transfer.stats.min <= transfer.stats.median && transfer.stats.median <= transfer.stats.max, JSON.stringify(transfer.stats));
  });

  it('gives an address that keys a role table the deployer (AccessControl), and a contract-typed one a stub', async () => {
    const text = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

contract Puller is AccessControl {
    IERC20 public immutable token;
    bytes32 public constant PULLER = keccak256("PULLER");

    constructor(address admin, IERC20 token_) {
        require(address(token_) != address(0));
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(PULLER, admin);
        token = token_;
    }

    function pull(uint256 amount) external onlyRole(PULLER) {
        require(token.transferFrom(msg.sender, address(this), amount), "failed");
    }
}
`;
    const file = write('Puller.sol', text);
    const r = await deep(file, text);
    const p = contract(r, 'Puller');
    assert.equal(p.constructorArgs, 'admin = deployer, token_ = stub');
    const pull = fn(p, 'pull(uint256)');
    assert.equal(typeof pull.gas, 'number', JSON.stringify(pull));
    assert.equal(pull.external, true);
    assert.equal(pull.stubbed, true);
  });

  it('measures a loop at two sizes, growing the array through the contract, and reports the cost per iteration', async () => {
    const text = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Registry {
    address[] public members;
    mapping(address => uint256) public stake;

    function join() external payable {
        require(msg.value > 0, "stake something");
        if (stake[msg.sender] == 0) members.push(msg.sender);
        stake[msg.sender] += msg.value;
    }

    function total() external view returns (uint256 t) {
        for (uint256 i = 0; i < members.length; i++) t += stake[members[i]];
    }
}
`;
    const file = write('Registry.sol', text);
    const r = await deep(file, text);
    const reg = contract(r, 'Registry');
    const total = fn(reg, 'total()');
    assert.ok(total.perIteration, JSON.stringify(total));
    // One more member costs a cold SLOAD of the array element and of the stake (2,100 each) and more.
    assert.ok(total.perIteration.gas > 4000 && total.perIteration.gas < 7000, JSON.stringify(total.perIteration));
    assert.match(total.perIteration.over, /members \(grown by join\(\) with 1 ether from distinct accounts\)/);
    const join = fn(reg, 'join()');
    assert.match(join.scenario ?? '', /join\(\) with 1 ether/);
  });

  it('labels a figure after a refund, and measures a setter with a real change, not a refund-distorted no-op', async () => {
    const text = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Admin {
    address public admin;
    uint256 public pending = 1;
    constructor(address admin_) { admin = admin_; }
    function setAdmin(address a) external { require(msg.sender == admin, "admin"); admin = a; }
    function clear() external { pending = 0; }
}
`;
    const file = write('Admin.sol', text);
    const a = contract(await deep(file, text), 'Admin');
    assert.equal(a.constructorArgs, 'admin_ = deployer');
    const set = fn(a, 'setAdmin(address)');
    assert.equal(set.scenario, 'setAdmin(other)');
    assert.equal(set.refund, undefined);
    // A non-zero slot rewritten with another non-zero value: 2,900 + a cold SLOAD, no refund.
    assert.ok(typeof set.gas === 'number' && set.gas > 26000, `setAdmin: ${set.gas}`);
    const clear = fn(a, 'clear()');
    assert.ok(clear.refund && clear.refund > 0, JSON.stringify(clear));
  });

  it('takes scenarios from synor.config.json: constructor arguments, setup calls and call arguments', async () => {
    const text = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Vault {
    uint256 public immutable minimum;
    mapping(address => uint256) public balance;
    constructor(uint256 minimum_) { require(minimum_ == 2 ether, "wrong minimum"); minimum = minimum_; }
    function deposit() external payable { require(msg.value >= minimum, "too little"); balance[msg.sender] += msg.value; }
    function withdraw(uint256 amount) external { require(amount == 3 ether, "exactly 3"); balance[msg.sender] -= amount; payable(msg.sender).transfer(amount); }
}
`;
    const configText = JSON.stringify({
      gas: {
        contracts: {
          Vault: {
            constructor: ['2 ether'],
            setup: [{ call: 'deposit()', value: '2 ether', repeat: 2 }],
            calls: { 'withdraw(uint256)': { args: ['3 ether'] } },
          },
        },
      },
    });
    const config = parseConfig(configText, 'synor.config.json', new Set());
    const file = write('Vault.sol', text);
    const v = contract(await deep(file, text, config), 'Vault');
    assert.ok('gas' in v.deploy, JSON.stringify(v.deploy));
    assert.match(v.constructorArgs ?? '', /minimum_ = 2 ether \(synor\.config\.json\)/);
    const w = fn(v, 'withdraw(uint256)');
    assert.equal(typeof w.gas, 'number', JSON.stringify(w));
    assert.match(w.scenario ?? '', /withdraw\(3 ether\) \(configured\)/);
    // Without the scenario the constructor cannot be satisfied, and the report says why.
    const bare = contract(await deep(write('Vault.sol', text), text), 'Vault');
    assert.ok('failed' in bare.deploy && /wrong minimum/.test(bare.deploy.failed), JSON.stringify(bare.deploy));
    // The section is validated like the rest of the file.
    assert.throws(() => parseConfig(JSON.stringify({ gas: { contracts: { Vault: { constructr: [] } } } }), 'synor.config.json', new Set()), (e: unknown) => e instanceof ConfigError && /unknown key "gas\.contracts\.Vault\.constructr"/.test(e.message));
  });
});

describe('gas scenarios: the project compiler and settings', function () {
  this.timeout(300_000);
  const SEVEN = '// SPDX-License-Identifier: MIT\npragma solidity >=0.7.0 <0.9.0;\ncontract Seven {\n    uint public x;\n    function set(uint v) external { x = v; }\n}\n';

  it('builds with the version foundry.toml names, not the newest the pragma allows', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'foundry-'));
    fs.writeFileSync(path.join(dir, 'foundry.toml'), '[profile.default]\nsrc = "src"\nsolc = "0.7.6"\n');
    const file = path.join(dir, 'Seven.sol');
    fs.writeFileSync(file, SEVEN);
    const r = await runAnalyze({ path: file, text: SEVEN, trusted: true }, env);
    assert.deepEqual(r.compiler, { version: '0.7.6', source: 'bundled' });
    assert.equal(r.settings?.from, 'foundry.toml [profile.default]');
  });

  it('says so when the project pins a compiler that is not available, and measures with one that is', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'foundry-'));
    fs.writeFileSync(path.join(dir, 'foundry.toml'), '[profile.default]\nsolc_version = "0.8.19"\noptimizer = true\noptimizer_runs = 1000\n');
    const file = path.join(dir, 'Seven.sol');
    fs.writeFileSync(file, SEVEN);
    const r = await runAnalyze({ path: file, text: SEVEN, trusted: true }, env);
    assert.equal(r.unavailable, undefined);
    assert.equal(r.compiler?.version, '0.8.37');
    assert.equal(r.settings?.wanted, '0.8.19');
    assert.match(r.settings?.note ?? '', /the project builds with solc 0\.8\.19 \(foundry\.toml \[profile\.default\]\), which is not available here .*measured with solc 0\.8\.37 \(bundled\)/);
    assert.deepEqual(r.settings?.optimizer, { enabled: true, runs: 1000 });
    assert.equal(typeof contract(r, 'Seven').functions[0].gas, 'number');
  });

  it('reads Foundry profiles (FOUNDRY_PROFILE) and Hardhat settings as text', () => {
    const toml = '[profile.default]\nsolc = "0.8.24"\noptimizer = false\n\n[profile.ci]\noptimizer = true\noptimizer_runs = 10_000\nvia_ir = true\n';
    assert.deepEqual(foundryCompiler(toml, undefined), { version: '0.8.24', optimizer: { enabled: false, runs: 200 }, from: 'foundry.toml [profile.default]' });
    assert.deepEqual(foundryCompiler(toml, 'ci'), { version: '0.8.24', optimizer: { enabled: true, runs: 10000 }, viaIR: true, from: 'foundry.toml [profile.default, profile.ci]' });
    const hh = 'module.exports = { solidity: { compilers: [{ version: "0.8.20", settings: { optimizer: { enabled: true, runs: 800 }, evmVersion: "paris" } }, { version: "0.7.6" }] } };';
    assert.deepEqual(hardhatCompiler(hh), { versions: ['0.7.6', '0.8.20'], optimizer: { enabled: true, runs: 800 }, evmVersion: 'paris' });
    const dir = fs.mkdtempSync(path.join(tmp, 'hh-'));
    fs.writeFileSync(path.join(dir, 'hardhat.config.js'), hh);
    assert.equal(projectCompiler(dir).from, 'hardhat.config.js');
  });
});

/** The fast tier's finding of `rule` on the line holding `marker`. */
function findingOf(text: string, file: string, rule: string, marker: string): Finding {
  const line = text.split('\n').findIndex((l) => l.includes(marker));
  const f = analyze(text, { path: file }).findings.find((x) => x.ruleId === rule && x.range.start.line === line && x.fixes.length > 0);
  assert.ok(f, `${rule} on line ${line + 1}`);
  return f;
}

describe('gas scenarios: measured fixes', function () {
  this.timeout(300_000);

  it('reports the per-iteration saving of a loop hint (cache-array-length), measured over a grown array', async () => {
    const text = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Book {
    uint256[] public entries;

    function add(uint256 v) external {
        entries.push(v);
    }

    function sum() external view returns (uint256 total) {
        for (uint256 i; i < entries.length; ++i) { // marker
            total += entries[i];
        }
    }
}
`;
    const file = write('Book.sol', text);
    const f = findingOf(text, file, 'cache-array-length', '// marker');
    const gas = await runMeasureFix({ path: file, text, root: project, trusted: true }, f, 0, env);
    assert.ok(gas.measured, JSON.stringify(gas));
    const call = gas.measured.calls.find((c) => c.fn === 'sum()');
    assert.ok(call?.perIteration, JSON.stringify(gas.measured));
    // Each iteration no longer reads the length from storage (a warm SLOAD, 100 gas, and more).
    assert.ok(call.perIteration.before - call.perIteration.after >= 100, JSON.stringify(call.perIteration));
    assert.ok(gas.verdict && (gas.verdict.kind === 'trade-off' || gas.verdict.kind === 'saving'), JSON.stringify(gas.verdict));
    assert.match(gas.verdict.summary, /sum\(\) .*−\d+ per loop iteration/);
    assert.match(gas.measured.scenarios?.['sum()'] ?? '', /with add\(.*\) run 1 and 5 times before/);
  });

  it('judges a fix that costs gas as a loss, and one that changes nothing as no-effect (neither is offered as a saving)', async () => {
    const text = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Store {
    uint256 public value;
    function set(uint256 v) external {
        value = v; // marker
    }
}
`;
    const file = write('Store.sol', text);
    const line = text.split('\n').findIndex((l) => l.includes('// marker'));
    const range = { start: { line, character: 8 }, end: { line, character: 18 } };
    const base: Finding = { ruleId: 'split-require', messageId: 'joined-conditions', title: 't', category: 'gas', severity: 'info', confidence: 'high', file, range, message: 'm', fixes: [], docs: 'docs/rules/split-require.md', contract: 'Store', function: 'set' };
    const loss = await runMeasureFix({ path: file, text, root: project, trusted: true }, { ...base, fixes: [{ title: 'write twice', safety: 'safe', edits: [{ range, newText: 'value = v; value = v + 1; value = v;' }] }] }, 0, env);
    assert.equal(loss.verdict?.kind, 'loss', JSON.stringify(loss));
    assert.match(loss.verdict!.summary, /^Measured loss \(solc 0\.8\.37, optimizer off\): deployment \+[\d,]+; set\(uint256\) \+[\d,]+ per call/);
    const same = await runMeasureFix({ path: file, text, root: project, trusted: true }, { ...base, fixes: [{ title: 'same', safety: 'safe', edits: [{ range, newText: 'value = (v);' }] }] }, 0, env);
    assert.equal(same.verdict?.kind, 'no-effect', JSON.stringify(same));
    // The one verdict: a deployment rise with calls unchanged is a loss; per-iteration savings make a trade-off.
    assert.equal(judgeFix('prefix-increment', { deploy: { before: 100, after: 3756 }, calls: [{ fn: 'f()', before: 500, after: 500 }] }).kind, 'loss');
    assert.equal(judgeFix('cache-array-length', { deploy: { before: 100, after: 1186 }, calls: [{ fn: 'f()', before: 500, after: 512, perIteration: { before: 200, after: 100 } }] }).kind, 'trade-off');
    assert.equal(judgeFix('unchecked-increment', { deploy: { before: 100, after: 100 }, calls: [{ fn: 'f()', before: 500, after: 500 }] }).kind, 'no-effect');
  });

  it('measures a fix on realistic state and replays the same scenario after it (a function that needs setup first)', async () => {
    const text = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Bank {
    mapping(address => uint256) public balances;
    function deposit() external payable { balances[msg.sender] += msg.value; }
    function withdraw(uint256 amount) external {
        require(balances[msg.sender] >= amount && amount > 0, "balance"); // marker
        balances[msg.sender] -= amount;
        payable(msg.sender).transfer(amount);
    }
}
`;
    const file = write('Bank.sol', text);
    const f = findingOf(text, file, 'split-require', '// marker');
    const gas = await runMeasureFix({ path: file, text, root: project, trusted: true }, f, 0, defaultEnv());
    assert.ok(gas.measured, JSON.stringify(gas));
    const w = gas.measured.calls.find((c) => c.fn === 'withdraw(uint256)');
    assert.ok(w && typeof w.before === 'number' && typeof w.after === 'number', JSON.stringify(gas.measured));
    assert.match(gas.measured.scenarios?.['withdraw(uint256)'] ?? '', /^after deposit\(\) with 1 ether: withdraw\(1 ether\)/);
    assert.ok(gas.verdict, JSON.stringify(gas));
  });
});

function defaultEnv() {
  return { cancelled: () => false, cache: new ResultCache(4) };
}
