/**
 * The project index and the facts built over a file's whole import closure:
 * small multi-file projects written to a temporary folder, analysed the way
 * the CLI and the language server analyse them.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyze, Project } from '../../engine/src';
import { solcInfo } from '../../engine/src/parse/pragma';
import { parse } from '../../engine/src/parse';
import { foundrySolc, hardhatSolc } from '../../engine/src/project/version';

function project(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'synor-project-'));
  for (const [rel, text] of Object.entries(files)) {
    const full = path.join(root, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
  }
  return root;
}

function findings(root: string, rel: string, p = new Project({ root })) {
  const file = path.join(root, rel);
  const result = analyze(fs.readFileSync(file, 'utf8'), { path: file, project: p });
  assert.deepEqual(result.ruleErrors, [], 'no rule may throw');
  return result.findings.map((f) => ({ rule: f.ruleId, line: f.range.start.line + 1, severity: f.severity, message: f.message }));
}

const PRAGMA = '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.20;\n';

describe('project: facts over the import closure', () => {
  it('finds a reentrancy whose ETH call is in a base declared in another file', () => {
    const root = project({
      'foundry.toml': '[profile.default]\nsrc = "src"\n',
      'src/base/Payer.sol': `${PRAGMA}
abstract contract Payer {
    function _pay(address to, uint256 amount) internal {
        (bool ok, ) = to.call{value: amount}("");
        require(ok, "pay failed");
    }
}
`,
      'src/Rewards.sol': `${PRAGMA}
import {Payer} from "./base/Payer.sol";

contract Rewards is Payer {
    mapping(address => uint256) public owed;

    function claim() external {
        uint256 amount = owed[msg.sender];
        _pay(msg.sender, amount);
        owed[msg.sender] = 0;
    }
}
`,
    });
    const got = findings(root, 'src/Rewards.sol').filter((f) => f.rule === 'reentrancy-eth');
    assert.equal(got.length, 1, JSON.stringify(got));
    assert.equal(got[0].line, 9, 'reported at the entry function, in this file');
    assert.match(got[0].message, /line 6 of src\/base\/Payer\.sol/);
    // The base file alone has nothing to report: it writes no state after paying.
    assert.deepEqual(findings(root, 'src/base/Payer.sol').filter((f) => f.rule.startsWith('reentrancy')), []);
  });

  it('honours a guard defined in an imported base, whatever its name, and not a look-alike', () => {
    const root = project({
      'src/Gov.sol': `${PRAGMA}
abstract contract Gov {
    address internal governor;
    bool private busy;
    modifier byGovernor() {
        require(msg.sender == governor, "not governor");
        _;
    }
    modifier oneAtATime() {
        require(!busy, "busy");
        busy = true;
        _;
        busy = false;
    }
    modifier looksGuarded() {
        require(tx.gasprice > 0, "free");
        _;
    }
    function _requireAdmin() internal view {
        if (governor != msg.sender) revert();
    }
}
`,
      'src/Vault.sol': `${PRAGMA}
import "./Gov.sol";

contract Vault is Gov {
    mapping(address => uint256) public balance;

    function retire() external byGovernor {
        selfdestruct(payable(msg.sender));
    }
    function retireToo() external {
        _requireAdmin();
        selfdestruct(payable(msg.sender));
    }
    function retireOpen() external looksGuarded {
        selfdestruct(payable(msg.sender));
    }
    function withdraw() external oneAtATime {
        (bool ok, ) = msg.sender.call{value: balance[msg.sender]}("");
        require(ok);
        balance[msg.sender] = 0;
    }
}
`,
    });
    const got = findings(root, 'src/Vault.sol');
    assert.deepEqual(got.filter((f) => f.rule === 'unprotected-selfdestruct').map((f) => f.line), [17]);
    assert.deepEqual(got.filter((f) => f.rule.startsWith('reentrancy')), []);
  });

  it('does not take calls to view functions or internal library functions for re-entry points', () => {
    const root = project({
      'src/interfaces/IOracle.sol': `${PRAGMA}
interface IOracle {
    function price() external view returns (uint256);
    function poke() external returns (uint256);
}
`,
      'src/lib/Fixed.sol': `${PRAGMA}
library Fixed {
    function mulDown(uint256 a, uint256 b) internal pure returns (uint256) {
        return (a * b) / 1e18;
    }
}
`,
      'src/Market.sol': `${PRAGMA}
import {IOracle} from "./interfaces/IOracle.sol";
import {Fixed} from "./lib/Fixed.sol";

contract Market {
    using Fixed for uint256;
    IOracle public oracle;
    uint256 public last;

    function quote(uint256 amount) external {
        uint256 p = oracle.price();
        last = amount.mulDown(p);
    }
    function refresh() external {
        uint256 p = oracle.poke();
        last = p;
    }
}
`,
    });
    const got = findings(root, 'src/Market.sol').filter((f) => f.rule.startsWith('reentrancy'));
    assert.deepEqual(got.map((f) => [f.rule, f.line]), [['reentrancy-state', 17]]);
  });

  it('reports a payment by send/transfer before a write at info severity', () => {
    const root = project({
      'src/Tips.sol': `${PRAGMA}
contract Tips {
    mapping(address => uint256) public owed;
    function take() external {
        payable(msg.sender).transfer(owed[msg.sender]);
        owed[msg.sender] = 0;
    }
}
`,
    });
    const got = findings(root, 'src/Tips.sol').filter((f) => f.rule === 'reentrancy-eth');
    assert.deepEqual(got.map((f) => [f.line, f.severity]), [[7, 'info']]);
  });

  it('reads an interface declared in another file for unchecked transfers', () => {
    const root = project({
      'src/IShares.sol': `${PRAGMA}
interface IShares {
    function transfer(address to, uint256 amount) external returns (bool);
}
`,
      'src/Payout.sol': `${PRAGMA}
import {IShares} from "./IShares.sol";
contract Payout {
    IShares public shares;
    function pay(address to, uint256 amount) external {
        shares.transfer(to, amount);
    }
}
`,
    });
    const got = findings(root, 'src/Payout.sol').filter((f) => f.rule === 'unchecked-erc20-transfer');
    assert.deepEqual(got.map((f) => f.line), [8]);
  });

  it('analyses with the compiler the project builds with, and reads pragmas as solc does', () => {
    assert.equal(foundrySolc('[profile.default]\nsrc = "src"\nsolc = "0.8.24"\n'), '0.8.24');
    assert.equal(foundrySolc('[profile.ci]\nsolc_version = "0.8.10"\n'), undefined);
    assert.equal(hardhatSolc('module.exports = { solidity: "0.7.6" };'), '0.7.6');
    assert.equal(hardhatSolc('module.exports = { solidity: { compilers: [{ version: "0.7.6" }, { version: "0.8.20" }] } };'), undefined);
    const info = solcInfo(parse('pragma solidity ^0.5.00;').ast);
    assert.equal(info.invalid, undefined);
    assert.equal(info.min, '0.5.0');
    assert.equal(info.max, '0.5.17');
    const root = project({ 'foundry.toml': '[profile.default]\nsolc = "0.8.24"\n', 'src/A.sol': 'pragma solidity >=0.6.0;\ncontract A {}\n' });
    const p = new Project({ root });
    const f = p.file(path.join(root, 'src/A.sol'))!;
    assert.deepEqual([p.solcFor(f).min, p.solcFor(f).max], ['0.8.24', '0.8.24']);
  });

  it('lets an open document win over the disk, and knows which files depend on a file', () => {
    const root = project({
      'src/Base.sol': `${PRAGMA}
abstract contract Base {
    function _hook(address to) internal virtual {}
}
`,
      'src/Child.sol': `${PRAGMA}
import "./Base.sol";
contract Child is Base {
    uint256 public n;
    function run(address to) external {
        _hook(to);
        n += 1;
    }
}
`,
    });
    const p = new Project({ root });
    assert.deepEqual(findings(root, 'src/Child.sol', p).filter((f) => f.rule === 'reentrancy-state'), []);
    assert.deepEqual([...p.dependants(path.join(root, 'src/Base.sol'))], [path.join(root, 'src/Child.sol')]);
    // An unsaved edit of the base adds an external call in the hook.
    p.setOverlay(
      path.join(root, 'src/Base.sol'),
      `${PRAGMA}
interface ISink { function take(address) external; }
abstract contract Base {
    function _hook(address to) internal virtual { ISink(to).take(msg.sender); }
}
`,
    );
    assert.deepEqual(findings(root, 'src/Child.sol', p).filter((f) => f.rule === 'reentrancy-state').map((f) => f.line), [7]);
    p.setOverlay(path.join(root, 'src/Base.sol'), undefined);
    assert.deepEqual(findings(root, 'src/Child.sol', p).filter((f) => f.rule === 'reentrancy-state'), []);
  });

  it('follows virtual dispatch to an override in a derived file', () => {
    const root = project({
      'src/Flow.sol': `${PRAGMA}
abstract contract Flow {
    uint256 public count;
    function step(address to) external {
        _before(to);
        count += 1;
    }
    function _before(address to) internal virtual {}
}
`,
      'src/Notifying.sol': `${PRAGMA}
import {Flow} from "./Flow.sol";
interface IListener { function notify(uint256) external; }
contract Notifying is Flow {
    function _before(address to) internal override {
        IListener(to).notify(count);
    }
}
`,
    });
    const got = findings(root, 'src/Notifying.sol').filter((f) => f.rule === 'reentrancy-state');
    assert.deepEqual(got.map((f) => f.line), [8], 'at the call in the override, where this file takes part');
    assert.deepEqual(findings(root, 'src/Flow.sol').filter((f) => f.rule === 'reentrancy-state'), []);
  });

  it('treats a function whose every path reverts as leaving no state', () => {
    const root = project({
      'src/Sim.sol': `${PRAGMA}
interface IPool { function swap(uint256) external returns (uint256); }
contract Sim {
    uint256 public seen;
    error Result(uint256 out);
    function simulate(IPool pool, uint256 amount) external {
        uint256 out = pool.swap(amount);
        seen = out;
        revert Result(out);
    }
}
`,
    });
    assert.deepEqual(findings(root, 'src/Sim.sol').filter((f) => f.rule.startsWith('reentrancy')), []);
  });
});
