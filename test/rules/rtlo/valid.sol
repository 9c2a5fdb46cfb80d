// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// Right-to-left text itself (Hebrew, Arabic) is fine; only the invisible
// override characters reorder what is shown.
contract Greeting {
    string public hello = unicode"שלום";
    string public arrow = unicode"→ done";
}
