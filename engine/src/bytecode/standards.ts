/** Selector sets of known standards, and which a contract implements. */
import { KNOWN_SELECTORS } from './known-selectors';
import { toHexString } from './opcodes';

type Keccak = (b: Uint8Array) => Uint8Array;
let keccak: Keccak | undefined;

/** Every signature the tables name (for the check of known-selectors.ts). */
export function tableSignatures(): string[] {
  return [...new Set([...Object.values(STANDARD_SIGNATURES).flat(), ...OTHER_SIGNATURES])];
}

/** Keccak-256, the EVM's hash. */
export function keccak256(data: Uint8Array): Uint8Array {
  // ES-module-only, loaded through require (Node >= 20.19).
  keccak ??= (require('@noble/hashes/sha3.js') as { keccak_256: Keccak }).keccak_256;
  return keccak(data);
}

/** The 4-byte selector of a signature, as 8 hex digits. */
export function selectorOf(signature: string): string {
  return toHexString(keccak256(new TextEncoder().encode(signature)).slice(0, 4));
}

const STANDARD_SIGNATURES: Record<string, string[]> = {
  'ERC-20': ['totalSupply()', 'balanceOf(address)', 'transfer(address,uint256)', 'transferFrom(address,address,uint256)', 'approve(address,uint256)', 'allowance(address,address)'],
  'ERC-721': ['balanceOf(address)', 'ownerOf(uint256)', 'safeTransferFrom(address,address,uint256)', 'safeTransferFrom(address,address,uint256,bytes)', 'transferFrom(address,address,uint256)', 'approve(address,uint256)', 'setApprovalForAll(address,bool)', 'getApproved(uint256)', 'isApprovedForAll(address,address)'],
  'ERC-1155': ['balanceOf(address,uint256)', 'balanceOfBatch(address[],uint256[])', 'setApprovalForAll(address,bool)', 'isApprovedForAll(address,address)', 'safeTransferFrom(address,address,uint256,uint256,bytes)', 'safeBatchTransferFrom(address,address,uint256[],uint256[],bytes)'],
  'ERC-4626': ['asset()', 'totalAssets()', 'convertToShares(uint256)', 'convertToAssets(uint256)', 'maxDeposit(address)', 'previewDeposit(uint256)', 'deposit(uint256,address)', 'maxMint(address)', 'previewMint(uint256)', 'mint(uint256,address)', 'maxWithdraw(address)', 'previewWithdraw(uint256)', 'withdraw(uint256,address,address)', 'maxRedeem(address)', 'previewRedeem(uint256)', 'redeem(uint256,address,address)'],
  Ownable: ['owner()', 'transferOwnership(address)', 'renounceOwnership()'],
  AccessControl: ['hasRole(bytes32,address)', 'getRoleAdmin(bytes32)', 'grantRole(bytes32,address)', 'revokeRole(bytes32,address)', 'renounceRole(bytes32,address)'],
  'ERC-165': ['supportsInterface(bytes4)'],
  UUPS: ['proxiableUUID()', 'upgradeToAndCall(address,bytes)'],
};

/** Extra signatures, only to name selectors in the report. */
const OTHER_SIGNATURES = ['name()', 'symbol()', 'decimals()', 'tokenURI(uint256)', 'uri(uint256)', 'upgradeTo(address)', 'implementation()', 'admin()', 'changeAdmin(address)', 'pendingOwner()', 'acceptOwnership()', 'pause()', 'unpause()', 'paused()', 'mint(address,uint256)', 'burn(uint256)', 'burnFrom(address,uint256)', 'permit(address,address,uint256,uint256,uint8,bytes32,bytes32)', 'nonces(address)', 'DOMAIN_SEPARATOR()', 'eip712Domain()', 'facets()', 'facetAddress(bytes4)', 'facetAddresses()', 'facetFunctionSelectors(address)', 'diamondCut((address,uint8,bytes4[])[],address,bytes)', 'withdraw()', 'kill()', 'destroy()'];

let tables: { standards: Map<string, string[]>; names: Map<string, string> } | undefined;

function load() {
  if (tables) return tables;
  const standards = new Map<string, string[]>();
  const names = new Map<string, string>();
  // Written-out selectors where there are (a signature added here without one is hashed).
  const sel = (sig: string) => KNOWN_SELECTORS[sig] ?? selectorOf(sig);
  for (const [std, sigs] of Object.entries(STANDARD_SIGNATURES)) {
    standards.set(std, sigs.map(sel));
    for (const s of sigs) names.set(sel(s), s);
  }
  for (const s of OTHER_SIGNATURES) names.set(sel(s), s);
  return (tables = { standards, names });
}

/** A known signature for a selector, when it is one of the standards' or a common function. */
export function knownSignature(selector: string): string | undefined {
  return load().names.get(selector);
}

export interface StandardMatch {
  standard: string;
  /** Every selector of the standard is dispatched. */
  complete: boolean;
  present: number;
  total: number;
  /** Signatures of the standard's functions not found. */
  missing: string[];
}

/** Standards whose selectors the contract dispatches: complete ones, and those at least half present. */
export function matchStandards(selectors: Iterable<string>): StandardMatch[] {
  const have = new Set(selectors);
  const out: StandardMatch[] = [];
  const { standards } = load();
  for (const [standard, sels] of standards) {
    const present = sels.filter((s) => have.has(s)).length;
    if (present === 0 || present * 2 < sels.length) continue;
    const missing = STANDARD_SIGNATURES[standard].filter((_, i) => !have.has(sels[i]));
    out.push({ standard, complete: missing.length === 0, present, total: sels.length, missing });
  }
  // ERC-721 contains ERC-20's balanceOf/transferFrom/approve; a complete ERC-721 is not a partial ERC-20.
  return out.filter((m) => m.complete || !out.some((o) => o.complete && o.standard !== m.standard && o.total > m.total));
}
