// expect: none
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IERC20 {
    function transfer(address to, uint256 amount) external returns (bool);
    function approve(address spender, uint256 amount) external returns (bool);
}

// A correct SafeERC20-style library under other names: the optional-bool return is accepted only
// after the low-level helper has checked that the target has code when nothing came back.
library AddressUtils {
    function callWithValue(address target, bytes memory data, uint256 value) internal returns (bytes memory) {
        (bool success, bytes memory returndata) = target.call{value: value}(data);
        return verify(target, success, returndata);
    }

    function verify(address target, bool success, bytes memory returndata) internal view returns (bytes memory) {
        if (!success) revert("call reverted");
        if (returndata.length == 0) require(isContract(target), "call to non-contract");
        return returndata;
    }

    function isContract(address account) internal view returns (bool) {
        uint256 size;
        assembly {
            size := extcodesize(account)
        }
        return size > 0;
    }
}

library SafeTransferLib {
    using AddressUtils for address;

    function safeTransfer(IERC20 token, address to, uint256 value) internal {
        _callOptionalReturn(token, abi.encodeWithSelector(token.transfer.selector, to, value));
    }

    function safeApprove(IERC20 token, address spender, uint256 value) internal {
        _callOptionalReturn(token, abi.encodeCall(token.approve, (spender, value)));
    }

    function _callOptionalReturn(IERC20 token, bytes memory data) private {
        bytes memory returndata = address(token).callWithValue(data, 0);
        if (returndata.length > 0) require(abi.decode(returndata, (bool)), "operation did not succeed");
    }
}

contract Vault {
    using SafeTransferLib for IERC20;

    function pay(IERC20 token, address to, uint256 amount) external {
        token.safeTransfer(to, amount);
        token.safeApprove(to, amount);
    }
}
