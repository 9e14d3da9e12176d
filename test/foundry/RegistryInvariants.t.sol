// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {CommonBase, Test} from "./lib/Test.sol";
import {CommunityRegistry} from "../../contracts/CommunityRegistry.sol";
import {ICommunityRegistry} from "../../contracts/interfaces/ICommunityRegistry.sol";

/*
 * Invariant tests of CommunityRegistry, and the template for the next suites.
 *
 * The pattern:
 * - A Handler is the only contract forge calls at random (targetContract + targetSelector in
 *   setUp). Each handler function takes raw fuzzed numbers, bounds them into a valid action
 *   (existing community, next free id, a signature by the committee), performs it and records
 *   what must now be true in ghost variables. Handler functions never revert on purpose:
 *   expected failures are caught and checked inside (so `fail_on_revert = true` in foundry.toml
 *   turns any unexpected revert, in the contract or the handler, into a failure).
 * - invariant_* functions of the test contract compare the contract's state with the ghosts;
 *   forge runs them after every call of every random sequence.
 *
 * Signatures are real EIP-712 signatures made with vm.sign by known private keys, as
 * test/contracts/fixtures.ts makes them with ethers: the supervisor signs SupervisorAction
 * digests, committee members sign CommitteeAction digests in ascending address order.
 */

contract RegistryHandler is CommonBase {
    CommunityRegistry public immutable registry;
    uint256 private immutable _supervisorKey;
    uint256[] private _memberKeys; // sorted by address, ascending
    address[] private _members;
    uint8 public constant THRESHOLD = 2;

    uint32 internal constant MAX_BUILDINGS = 8;
    uint64 internal constant MAX_AREA_CM2 = 10_000 * 10_000; // 10,000 m²
    uint64 internal constant SIGNATURE_LIFETIME = 7 days;

    // ─────────────────────────────────────────────── ghost variables

    struct UnitGhost {
        uint256 communityId;
        uint32 unitId;
        uint64 areaCm2;
        uint8 source; // the source registered or last accepted
        uint8 highestSource; // the highest source ever accepted for this unit
    }

    /// @notice Every executed action, exactly as sent: the replay handler sends one again.
    struct ExecutedAction {
        bytes call;
        bytes32 digest;
        uint64 deadline;
    }

    uint256 public ghostCommunities;
    mapping(uint256 communityId => uint32) public ghostBuildings; // ids 1..n registered
    mapping(uint256 communityId => uint32) public ghostNextUnitId;
    UnitGhost[] internal _units;
    ExecutedAction[] internal _actions;
    uint256 private _saltNonce;

    // Outcomes the invariants look at.
    uint256 public ghostReplaysRejected;
    uint256 public ghostReplaysAccepted; // must stay 0
    uint256 public ghostDowngradesRejected;
    uint256 public ghostDowngradesAccepted; // must stay 0

    constructor(CommunityRegistry registry_, uint256 supervisorKey, uint256[] memory memberKeys) {
        registry = registry_;
        _supervisorKey = supervisorKey;
        // Sort the members' keys by address: the registry wants strictly ascending signers.
        for (uint256 i = 1; i < memberKeys.length; ++i) {
            for (uint256 j = i; j > 0 && vm.addr(memberKeys[j]) < vm.addr(memberKeys[j - 1]); --j) {
                (memberKeys[j], memberKeys[j - 1]) = (memberKeys[j - 1], memberKeys[j]);
            }
        }
        for (uint256 i = 0; i < memberKeys.length; ++i) {
            _memberKeys.push(memberKeys[i]);
            _members.push(vm.addr(memberKeys[i]));
        }
    }

    // ─────────────────────────────────────────────── actions (fuzzed entry points)

    /// @notice A supervisor creates a community with the committee of all members, threshold 2.
    function createCommunity(uint256 nameSeed) public {
        string memory name = string.concat("Community ", _toString(nameSeed % 1000));
        ICommunityRegistry.Settings memory settings = ICommunityRegistry.Settings({
            noticeDays: 15,
            adHocNoticeDays: 7,
            objectionDays: 7,
            allowBallotChange: true,
            excludeParkingArea: false,
            finalWithOpenObjections: false
        });
        bytes32 payloadHash = keccak256(abi.encode(name, settings, _members, THRESHOLD));
        ICommunityRegistry.SupervisorAuth memory auth = _supervisorAuth(registry.CREATE_COMMUNITY(), payloadHash);
        bytes memory data = abi.encodeCall(registry.createCommunity, (name, settings, _members, THRESHOLD, auth));
        _execute(data, registry.supervisorActionDigest(registry.CREATE_COMMUNITY(), payloadHash, auth.salt, auth.deadline), auth.deadline);
        ghostCommunities++;
    }

    /// @notice The committee registers the community's next building.
    function registerBuilding(uint256 communitySeed, uint16 compound) public {
        uint256 communityId = _someCommunity(communitySeed);
        uint32 buildingId = ghostBuildings[communityId] + 1;
        if (buildingId > MAX_BUILDINGS) return; // enough buildings: keep sequences on units
        ICommunityRegistry.BuildingInput[] memory buildings = new ICommunityRegistry.BuildingInput[](1);
        buildings[0] = ICommunityRegistry.BuildingInput({buildingId: buildingId, compound: compound, label: "B"});
        (ICommunityRegistry.CommitteeAuth memory auth, bytes32 digest) = _committeeAuth(
            communityId,
            registry.REGISTER_BUILDINGS(),
            keccak256(abi.encode(buildings))
        );
        _execute(abi.encodeCall(registry.registerBuildings, (communityId, buildings, auth)), digest, auth.deadline);
        ghostBuildings[communityId] = buildingId;
    }

    /// @notice The committee registers a unit, with any valid area, source and kind.
    function registerUnit(uint256 communitySeed, uint256 buildingSeed, uint64 areaCm2, uint8 source, uint8 kind) public {
        uint256 communityId = _someCommunity(communitySeed);
        if (ghostBuildings[communityId] == 0) registerBuilding(communitySeed, 1);
        ICommunityRegistry.UnitInput[] memory units = new ICommunityRegistry.UnitInput[](1);
        units[0] = ICommunityRegistry.UnitInput({
            unitId: ++ghostNextUnitId[communityId],
            buildingId: uint32(bound(buildingSeed, 1, ghostBuildings[communityId])),
            areaCm2: uint64(bound(areaCm2, 1, MAX_AREA_CM2)),
            areaSource: ICommunityRegistry.AreaSource(bound(source, 1, 3)),
            kind: ICommunityRegistry.UnitKind(bound(kind, 1, 4)),
            developerHeld: areaCm2 % 2 == 0,
            label: "U"
        });
        (ICommunityRegistry.CommitteeAuth memory auth, bytes32 digest) = _committeeAuth(
            communityId,
            registry.REGISTER_UNITS(),
            keccak256(abi.encode(units))
        );
        _execute(abi.encodeCall(registry.registerUnits, (communityId, units, auth)), digest, auth.deadline);
        _units.push(
            UnitGhost({
                communityId: communityId,
                unitId: units[0].unitId,
                areaCm2: units[0].areaCm2,
                source: uint8(units[0].areaSource),
                highestSource: uint8(units[0].areaSource)
            })
        );
    }

    /// @notice The committee changes a unit's area, from any source: a lower source than the
    /// current one must be refused with RegistryAreaSourceDowngrade, and change nothing.
    function updateUnitArea(uint256 unitSeed, uint64 areaCm2, uint8 source) public {
        if (_units.length == 0) {
            registerUnit(unitSeed, unitSeed, areaCm2, source, 1);
            return;
        }
        UnitGhost storage u = _units[bound(unitSeed, 0, _units.length - 1)];
        uint64 area = uint64(bound(areaCm2, 1, MAX_AREA_CM2));
        uint8 newSource = uint8(bound(source, 1, 3));
        bytes32 payloadHash = keccak256(abi.encode(u.unitId, area, ICommunityRegistry.AreaSource(newSource)));
        (ICommunityRegistry.CommitteeAuth memory auth, bytes32 digest) = _committeeAuth(
            u.communityId,
            registry.UPDATE_UNIT_AREA(),
            payloadHash
        );
        bytes memory data = abi.encodeCall(
            registry.updateUnitArea,
            (u.communityId, u.unitId, area, ICommunityRegistry.AreaSource(newSource), auth)
        );
        if (newSource < u.source) {
            (bool ok, bytes memory reason) = address(registry).call(data);
            if (ok) {
                ghostDowngradesAccepted++;
                u.source = newSource; // record what the chain now says, so the invariant sees it
                u.areaCm2 = area;
            } else {
                require(_selectorOf(reason) == ICommunityRegistry.RegistryAreaSourceDowngrade.selector, "unexpected revert");
                ghostDowngradesRejected++;
            }
            return;
        }
        _execute(data, digest, auth.deadline);
        u.areaCm2 = area;
        u.source = newSource;
        if (newSource > u.highestSource) u.highestSource = newSource;
    }

    /// @notice Sends an executed action again, byte for byte: it must be refused (as a replay,
    /// or as expired once its deadline has passed) and change nothing.
    function replayAction(uint256 actionSeed) public {
        if (_actions.length == 0) return;
        ExecutedAction storage a = _actions[bound(actionSeed, 0, _actions.length - 1)];
        (bool ok, bytes memory reason) = address(registry).call(a.call);
        if (ok) {
            ghostReplaysAccepted++;
            return;
        }
        bytes4 selector = _selectorOf(reason);
        if (block.timestamp > a.deadline) {
            require(selector == ICommunityRegistry.RegistrySignatureExpired.selector, "expired replay: wrong error");
        } else {
            require(
                keccak256(reason) == keccak256(abi.encodeWithSelector(ICommunityRegistry.RegistryActionReplayed.selector, a.digest)),
                "replay: wrong error"
            );
        }
        ghostReplaysRejected++;
    }

    /// @notice Time passes (up to 10 days), so some recorded signatures expire.
    function warp(uint256 seconds_) public {
        vm.warp(block.timestamp + bound(seconds_, 1, 10 days));
    }

    // ─────────────────────────────────────────────── views for the invariants

    function unitCount() external view returns (uint256) {
        return _units.length;
    }

    function unitAt(uint256 i) external view returns (UnitGhost memory) {
        return _units[i];
    }

    function actionCount() external view returns (uint256) {
        return _actions.length;
    }

    function actionDigestAt(uint256 i) external view returns (bytes32) {
        return _actions[i].digest;
    }

    // ─────────────────────────────────────────────── helpers

    /// @dev An existing community chosen by the seed; creates the first one when there is none.
    function _someCommunity(uint256 seed) internal returns (uint256) {
        if (ghostCommunities == 0) createCommunity(seed);
        return bound(seed, 1, ghostCommunities);
    }

    function _execute(bytes memory data, bytes32 digest, uint64 deadline) internal {
        require(!registry.actionUsed(digest), "fresh digest already used");
        (bool ok, bytes memory reason) = address(registry).call(data);
        if (!ok) {
            assembly {
                revert(add(reason, 32), mload(reason))
            }
        }
        _actions.push(ExecutedAction({call: data, digest: digest, deadline: deadline}));
    }

    function _supervisorAuth(
        uint8 kind,
        bytes32 payloadHash
    ) internal returns (ICommunityRegistry.SupervisorAuth memory auth) {
        auth.salt = keccak256(abi.encode("salt", ++_saltNonce));
        auth.deadline = uint64(block.timestamp) + SIGNATURE_LIFETIME;
        bytes32 digest = registry.supervisorActionDigest(kind, payloadHash, auth.salt, auth.deadline);
        auth.signature = signDigest(_supervisorKey, digest);
    }

    /// @dev THRESHOLD signatures of the committee, in ascending signer order.
    function _committeeAuth(
        uint256 communityId,
        uint8 kind,
        bytes32 payloadHash
    ) internal returns (ICommunityRegistry.CommitteeAuth memory auth, bytes32 digest) {
        auth.salt = keccak256(abi.encode("salt", ++_saltNonce));
        auth.deadline = uint64(block.timestamp) + SIGNATURE_LIFETIME;
        digest = registry.committeeActionDigest(communityId, kind, payloadHash, auth.salt, auth.deadline);
        auth.signatures = new bytes[](THRESHOLD);
        for (uint256 i = 0; i < THRESHOLD; ++i) auth.signatures[i] = signDigest(_memberKeys[i], digest);
    }

    function _selectorOf(bytes memory reason) internal pure returns (bytes4 selector) {
        if (reason.length < 4) return bytes4(0);
        assembly {
            selector := mload(add(reason, 32))
        }
    }

    function _toString(uint256 value) internal pure returns (string memory s) {
        s = value == 0 ? "0" : "";
        for (; value != 0; value /= 10) s = string.concat(string(abi.encodePacked(bytes1(uint8(48 + (value % 10))))), s);
    }
}

contract RegistryInvariantsTest is Test {
    uint256 internal constant ADMIN_KEY = 0xA11CE;
    uint256 internal constant SUPERVISOR_KEY = 0x5E7;

    CommunityRegistry internal registry;
    RegistryHandler internal handler;
    address internal admin;
    address internal supervisor;
    uint256[] internal memberKeys;

    function setUp() public {
        admin = vm.addr(ADMIN_KEY);
        supervisor = vm.addr(SUPERVISOR_KEY);
        registry = new CommunityRegistry(admin);
        // The sender has no authority: only the admin's role grant and the signatures count.
        bytes32 supervisorRole = registry.SUPERVISOR_ROLE();
        vm.prank(admin);
        registry.grantRole(supervisorRole, supervisor);

        for (uint256 i = 1; i <= 3; ++i) memberKeys.push(0xC0111 + i);
        handler = new RegistryHandler(registry, SUPERVISOR_KEY, memberKeys);
        vm.label(address(registry), "CommunityRegistry");
        vm.label(address(handler), "RegistryHandler");
        vm.label(supervisor, "supervisor");

        // forge calls only these handler functions, in random sequences.
        bytes4[] memory selectors = new bytes4[](6);
        selectors[0] = handler.createCommunity.selector;
        selectors[1] = handler.registerBuilding.selector;
        selectors[2] = handler.registerUnit.selector;
        selectors[3] = handler.updateUnitArea.selector;
        selectors[4] = handler.replayAction.selector;
        selectors[5] = handler.warp.selector;
        targetContract(address(handler));
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    // ─────────────────────────────────────────────── invariants

    /// A used action digest cannot be executed again: every replay was refused, and every
    /// executed action's digest stays marked as used.
    function invariant_usedActionCannotBeReplayed() public view {
        assertEq(handler.ghostReplaysAccepted(), 0, "a replayed action was executed");
        uint256 n = handler.actionCount();
        for (uint256 i = 0; i < n; ++i) {
            assertTrue(registry.actionUsed(handler.actionDigestAt(i)), "an executed action's digest is not marked used");
        }
    }

    /// A unit's area never moves to a source of lower legal precedence, and the registry holds
    /// exactly the area and source of the last accepted change.
    function invariant_unitAreaNeverMovesToLowerSource() public view {
        assertEq(handler.ghostDowngradesAccepted(), 0, "an area downgrade was accepted");
        uint256 n = handler.unitCount();
        for (uint256 i = 0; i < n; ++i) {
            RegistryHandler.UnitGhost memory g = handler.unitAt(i);
            (bool exists, , uint64 areaCm2, ICommunityRegistry.AreaSource source, , ) = registry.unitOf(
                g.communityId,
                g.unitId
            );
            assertTrue(exists, "a registered unit disappeared");
            assertGe(uint8(source), g.highestSource, "unit area source went down");
            assertEq(uint8(source), g.source, "unit area source differs from the last accepted change");
            assertEq(areaCm2, g.areaCm2, "unit area differs from the last accepted change");
        }
    }

    function invariant_communityCountMatches() public view {
        assertEq(registry.communityCount(), handler.ghostCommunities(), "community count");
    }

    // ─────────────────────────────────────────────── a fuzz test

    /// A committee action signed by anyone outside the committee is refused.
    function testFuzz_nonMemberSignatureIsRefused(uint256 outsiderKey, uint256 waitSeconds) public {
        outsiderKey = bound(outsiderKey, 1, SECP256K1_ORDER - 1);
        address outsider = vm.addr(outsiderKey);
        for (uint256 i = 0; i < memberKeys.length; ++i) vm.assume(outsider != vm.addr(memberKeys[i]));
        handler.warp(waitSeconds);
        handler.createCommunity(0);

        ICommunityRegistry.BuildingInput[] memory buildings = new ICommunityRegistry.BuildingInput[](1);
        buildings[0] = ICommunityRegistry.BuildingInput({buildingId: 1, compound: 0, label: "B"});
        ICommunityRegistry.CommitteeAuth memory auth;
        auth.salt = bytes32(outsiderKey);
        auth.deadline = uint64(block.timestamp + 1 days);
        bytes32 digest = registry.committeeActionDigest(
            1,
            registry.REGISTER_BUILDINGS(),
            keccak256(abi.encode(buildings)),
            auth.salt,
            auth.deadline
        );
        auth.signatures = new bytes[](2);
        // The outsider's signature with one member's: the outsider is refused whichever order.
        address member = vm.addr(memberKeys[0]);
        (uint256 firstKey, uint256 secondKey) = outsider < member ? (outsiderKey, memberKeys[0]) : (memberKeys[0], outsiderKey);
        auth.signatures[0] = signDigest(firstKey, digest);
        auth.signatures[1] = signDigest(secondKey, digest);

        vm.expectRevert(abi.encodeWithSelector(ICommunityRegistry.RegistryNotCommitteeMember.selector, outsider));
        vm.startPrank(outsider); // the sender is irrelevant: even the outsider sending it is refused
        registry.registerBuildings(1, buildings, auth);
        vm.stopPrank();
        assertTrue(!registry.actionUsed(digest), "a refused action was marked used");
    }
}
