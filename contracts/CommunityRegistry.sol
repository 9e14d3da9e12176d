// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {ICommunityRegistry} from "./interfaces/ICommunityRegistry.sol";
import {ILedgerModule} from "./interfaces/ILedgerModule.sol";

/**
 * @title CommunityRegistry
 * @notice One registry serves every community on the chain; each community's committee,
 * buildings, units and owners are isolated from every other's.
 *
 * Authority: the district admin (DEFAULT_ADMIN_ROLE) appoints supervisors and registers ledger
 * modules, each with the committee-action kinds it owns (one table of kinds, kept here: a module
 * executes only its own kinds). A supervisor creates a community and installs its committee by
 * EIP-712 signature.
 * Everything else a community does is a committee action carrying the EIP-712 signatures of
 * at least `threshold` members. The transaction sender has no authority of its own.
 */
contract CommunityRegistry is ICommunityRegistry, ILedgerModule, AccessControl, EIP712 {
    bytes32 public constant SUPERVISOR_ROLE = keccak256("SUPERVISOR_ROLE");

    bytes32 public constant COMMITTEE_ACTION_TYPEHASH =
        keccak256(
            "CommitteeAction(uint256 communityId,uint8 kind,bytes32 payloadHash,bytes32 salt,uint64 deadline)"
        );
    bytes32 public constant SUPERVISOR_ACTION_TYPEHASH =
        keccak256("SupervisorAction(uint8 kind,bytes32 payloadHash,bytes32 salt,uint64 deadline)");
    bytes32 public constant CUSTODIAN_ACTION_TYPEHASH =
        keccak256(
            "CustodianAction(uint256 communityId,uint8 kind,bytes32 payloadHash,bytes32 salt,uint64 deadline)"
        );

    // Supervisor action kinds.
    uint8 public constant CREATE_COMMUNITY = 1;
    uint8 public constant INSTALL_COMMITTEE = 2;
    uint8 public constant SET_CUSTODIAN = 3;
    // Committee action kinds of this contract (other modules use 20 and up).
    uint8 public constant REGISTER_BUILDINGS = 1;
    uint8 public constant REGISTER_UNITS = 2;
    uint8 public constant UPDATE_UNIT_AREA = 3;
    uint8 public constant DELIVER_UNITS = 4;
    uint8 public constant BIND_OWNERS = 5;
    uint8 public constant UNBIND_OWNER = 6;
    uint8 public constant CHANGE_SETTINGS = 7;
    uint8 public constant SET_DEVELOPER = 8;

    uint256 public constant MAX_COMMITTEE = 21;
    uint256 public constant MAX_BATCH = 400;

    struct Community {
        address supervisor;
        address developer; // signs for the developer's units (unsold or undelivered); 0: nobody yet
        uint8 threshold;
        uint32 epoch;
        uint32 memberCount;
        Settings settings;
        address custodian; // holds the maintenance fund and confirms its movements; 0: none yet
    }

    // Unit record, packed: bit 255 exists | kind (8) | source (8) | developerHeld (1) | building (32) | area (64)
    uint256 private constant _UNIT_EXISTS = 1 << 255;

    uint256 private _communityCount;
    mapping(uint256 communityId => Community) private _communities;
    mapping(uint256 communityId => mapping(uint32 epoch => mapping(address member => bool))) private _members;
    mapping(uint256 communityId => mapping(uint32 buildingId => bool)) private _buildings;
    mapping(uint256 communityId => mapping(uint32 unitId => uint256 packed)) private _units;
    mapping(uint256 communityId => mapping(uint32 unitId => mapping(address owner => bytes32 identityHash)))
        private _owners;
    mapping(bytes32 digest => bool) private _usedActions;
    mapping(uint8 kind => address module) private _kindModule;

    constructor(address districtAdmin) EIP712("CommunityRegistry", "1") {
        _grantRole(DEFAULT_ADMIN_ROLE, districtAdmin);
        _registerModule(address(this), committeeKinds());
    }

    /// @inheritdoc ILedgerModule
    function committeeKinds() public pure returns (uint8[] memory kinds) {
        kinds = new uint8[](8);
        kinds[0] = REGISTER_BUILDINGS;
        kinds[1] = REGISTER_UNITS;
        kinds[2] = UPDATE_UNIT_AREA;
        kinds[3] = DELIVER_UNITS;
        kinds[4] = BIND_OWNERS;
        kinds[5] = UNBIND_OWNER;
        kinds[6] = CHANGE_SETTINGS;
        kinds[7] = SET_DEVELOPER;
    }

    /// @inheritdoc ICommunityRegistry
    function registerModule(address module) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (module.code.length == 0) revert RegistryInvalidModule(module);
        _registerModule(module, ILedgerModule(module).committeeKinds());
    }

    /// @inheritdoc ICommunityRegistry
    function moduleOfKind(uint8 kind) external view returns (address) {
        return _kindModule[kind];
    }

    // ─────────────────────────────────────────────────────────────── views

    /// @notice Number of communities created; ids run from 1 to this number.
    function communityCount() external view returns (uint256) {
        return _communityCount;
    }

    /// @inheritdoc ICommunityRegistry
    function communityExists(uint256 communityId) public view returns (bool) {
        return communityId != 0 && communityId <= _communityCount;
    }

    /// @inheritdoc ICommunityRegistry
    function settingsOf(uint256 communityId) external view returns (Settings memory) {
        return _community(communityId).settings;
    }

    /// @inheritdoc ICommunityRegistry
    function developerOf(uint256 communityId) external view returns (address) {
        return _community(communityId).developer;
    }

    /// @inheritdoc ICommunityRegistry
    function custodianOf(uint256 communityId) external view returns (address) {
        return _community(communityId).custodian;
    }

    /// @inheritdoc ICommunityRegistry
    function supervisorOf(uint256 communityId) external view returns (address) {
        return _community(communityId).supervisor;
    }

    /// @notice The EIP-712 digest a custodian signs for an action of a module.
    function custodianActionDigest(
        uint256 communityId,
        uint8 kind,
        bytes32 payloadHash,
        bytes32 salt,
        uint64 deadline
    ) public view returns (bytes32) {
        return
            _hashTypedDataV4(
                keccak256(abi.encode(CUSTODIAN_ACTION_TYPEHASH, communityId, kind, payloadHash, salt, deadline))
            );
    }

    /// @notice The community's supervisor, committee epoch, threshold and member count.
    function communityOf(
        uint256 communityId
    ) external view returns (address supervisor, uint32 epoch, uint8 threshold, uint32 memberCount) {
        Community storage c = _community(communityId);
        return (c.supervisor, c.epoch, c.threshold, c.memberCount);
    }

    /// @inheritdoc ICommunityRegistry
    function isCommitteeMember(uint256 communityId, address account) public view returns (bool) {
        return _members[communityId][_community(communityId).epoch][account];
    }

    /// @notice A unit's registered data; `exists` is false for an unknown unit.
    function unitOf(
        uint256 communityId,
        uint32 unitId
    )
        external
        view
        returns (bool exists, uint32 buildingId, uint64 areaCm2, AreaSource source, UnitKind kind, bool developerHeld)
    {
        uint256 p = _units[communityId][unitId];
        exists = p & _UNIT_EXISTS != 0;
        areaCm2 = uint64(p);
        buildingId = uint32(p >> 64);
        developerHeld = (p >> 96) & 1 == 1;
        source = AreaSource(uint8(p >> 97));
        kind = UnitKind(uint8(p >> 105));
    }

    /// @notice The identity hash an owner is bound with, or zero if not bound.
    function ownerIdentity(uint256 communityId, uint32 unitId, address owner) external view returns (bytes32) {
        return _owners[communityId][unitId][owner];
    }

    /// @notice The EIP-712 digest committee members sign for an action.
    function committeeActionDigest(
        uint256 communityId,
        uint8 kind,
        bytes32 payloadHash,
        bytes32 salt,
        uint64 deadline
    ) public view returns (bytes32) {
        return
            _hashTypedDataV4(
                keccak256(abi.encode(COMMITTEE_ACTION_TYPEHASH, communityId, kind, payloadHash, salt, deadline))
            );
    }

    /// @notice The EIP-712 digest a supervisor signs for an action.
    function supervisorActionDigest(
        uint8 kind,
        bytes32 payloadHash,
        bytes32 salt,
        uint64 deadline
    ) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(SUPERVISOR_ACTION_TYPEHASH, kind, payloadHash, salt, deadline)));
    }

    /// @notice Whether an action digest has been executed already.
    function actionUsed(bytes32 digest) external view returns (bool) {
        return _usedActions[digest];
    }

    // ──────────────────────────────────────────────── supervisor actions

    /// @notice Creates a community with its first committee. Signed by a supervisor, who
    /// becomes the community's supervisor. Payload: abi.encode(name, settings, members, threshold).
    function createCommunity(
        string calldata name,
        Settings calldata settings,
        address[] calldata members,
        uint8 threshold,
        SupervisorAuth calldata auth
    ) external returns (uint256 communityId) {
        bytes32 payloadHash = keccak256(abi.encode(name, settings, members, threshold));
        address supervisor = _consumeSupervisorAction(CREATE_COMMUNITY, payloadHash, auth);
        if (!hasRole(SUPERVISOR_ROLE, supervisor)) revert RegistryNotSupervisor(supervisor);
        _checkSettings(settings);
        communityId = ++_communityCount;
        Community storage c = _communities[communityId];
        c.supervisor = supervisor;
        c.settings = settings;
        emit CommunityCreated(communityId, supervisor, name, settings);
        _installCommittee(communityId, members, threshold);
    }

    /// @notice Replaces a community's committee (after an election). Signed by the community's
    /// supervisor. Payload: abi.encode(communityId, members, threshold).
    function installCommittee(
        uint256 communityId,
        address[] calldata members,
        uint8 threshold,
        SupervisorAuth calldata auth
    ) external {
        Community storage c = _community(communityId);
        bytes32 payloadHash = keccak256(abi.encode(communityId, members, threshold));
        address supervisor = _consumeSupervisorAction(INSTALL_COMMITTEE, payloadHash, auth);
        if (supervisor != c.supervisor) revert RegistryNotSupervisor(supervisor);
        _installCommittee(communityId, members, threshold);
    }

    /// @notice Registers (or replaces, or with the zero address removes) the community's custodian.
    /// Signed by the community's supervisor. Payload: abi.encode(communityId, custodian).
    function setCustodian(uint256 communityId, address custodian, SupervisorAuth calldata auth) external {
        Community storage c = _community(communityId);
        address supervisor = _consumeSupervisorAction(
            SET_CUSTODIAN,
            keccak256(abi.encode(communityId, custodian)),
            auth
        );
        if (supervisor != c.supervisor) revert RegistryNotSupervisor(supervisor);
        address old = c.custodian;
        c.custodian = custodian;
        emit CustodianSet(communityId, old, custodian);
    }

    /// @inheritdoc ICommunityRegistry
    function consumeSupervisorAction(
        uint256 communityId,
        uint8 kind,
        bytes32 payloadHash,
        SupervisorAuth calldata auth
    ) external returns (address signer) {
        if (_kindModule[kind] != msg.sender) revert RegistryKindNotOwned(kind, msg.sender);
        Community storage c = _community(communityId);
        signer = _consumeSupervisorAction(kind, payloadHash, auth);
        if (signer != c.supervisor) revert RegistryNotSupervisor(signer);
        emit SignedActionExecuted(communityId, kind, supervisorActionDigest(kind, payloadHash, auth.salt, auth.deadline), signer);
    }

    /// @inheritdoc ICommunityRegistry
    function consumeCustodianAction(
        uint256 communityId,
        uint8 kind,
        bytes32 payloadHash,
        SupervisorAuth calldata auth
    ) external returns (address signer) {
        if (_kindModule[kind] != msg.sender) revert RegistryKindNotOwned(kind, msg.sender);
        address custodian = _community(communityId).custodian;
        if (custodian == address(0)) revert RegistryNoCustodian(communityId);
        if (auth.deadline < block.timestamp) revert RegistrySignatureExpired(auth.deadline, block.timestamp);
        bytes32 digest = custodianActionDigest(communityId, kind, payloadHash, auth.salt, auth.deadline);
        if (_usedActions[digest]) revert RegistryActionReplayed(digest);
        signer = ECDSA.recover(digest, auth.signature);
        if (signer != custodian) revert RegistryNotCustodian(signer);
        _usedActions[digest] = true;
        emit SignedActionExecuted(communityId, kind, digest, signer);
    }

    // ───────────────────────────────────────────────── committee actions

    /// @inheritdoc ICommunityRegistry
    function consumeCommitteeAction(
        uint256 communityId,
        uint8 kind,
        bytes32 payloadHash,
        CommitteeAuth calldata auth
    ) external returns (address[] memory signers) {
        if (_kindModule[kind] != msg.sender) revert RegistryKindNotOwned(kind, msg.sender);
        return _consumeCommitteeAction(communityId, kind, payloadHash, auth);
    }

    /// @inheritdoc ICommunityRegistry
    function checkSequencedCommitteeAction(
        uint256 communityId,
        uint8 kind,
        bytes32 payloadHash,
        CommitteeAuth calldata auth
    ) external {
        if (_kindModule[kind] != msg.sender) revert RegistryKindNotOwned(kind, msg.sender);
        _checkCommitteeAction(communityId, kind, payloadHash, auth, false);
    }

    /// @notice Registers buildings. Payload: abi.encode(buildings).
    function registerBuildings(
        uint256 communityId,
        BuildingInput[] calldata buildings,
        CommitteeAuth calldata auth
    ) external {
        _checkBatch(buildings.length);
        _consumeCommitteeAction(communityId, REGISTER_BUILDINGS, keccak256(abi.encode(buildings)), auth);
        for (uint256 i = 0; i < buildings.length; ++i) {
            BuildingInput calldata b = buildings[i];
            if (b.buildingId == 0) revert RegistryUnknownBuilding(0);
            if (_buildings[communityId][b.buildingId]) revert RegistryBuildingExists(b.buildingId);
            _buildings[communityId][b.buildingId] = true;
            emit BuildingRegistered(communityId, b.buildingId, b.compound, b.label);
        }
    }

    /// @notice Registers units (专有部分) with their exclusive area. Payload: abi.encode(units).
    function registerUnits(uint256 communityId, UnitInput[] calldata units, CommitteeAuth calldata auth) external {
        _checkBatch(units.length);
        _consumeCommitteeAction(communityId, REGISTER_UNITS, keccak256(abi.encode(units)), auth);
        for (uint256 i = 0; i < units.length; ++i) {
            UnitInput calldata u = units[i];
            if (u.unitId == 0 || u.areaCm2 == 0 || u.areaSource == AreaSource.None || u.kind == UnitKind.None) {
                revert RegistryInvalidUnit(u.unitId);
            }
            if (!_buildings[communityId][u.buildingId]) revert RegistryUnknownBuilding(u.buildingId);
            if (_units[communityId][u.unitId] != 0) revert RegistryUnitExists(u.unitId);
            _units[communityId][u.unitId] =
                _UNIT_EXISTS |
                (uint256(uint8(u.kind)) << 105) |
                (uint256(uint8(u.areaSource)) << 97) |
                ((u.developerHeld ? uint256(1) : 0) << 96) |
                (uint256(u.buildingId) << 64) |
                uint256(u.areaCm2);
            emit UnitRegistered(
                communityId,
                u.unitId,
                u.buildingId,
                u.areaCm2,
                u.areaSource,
                u.kind,
                u.developerHeld,
                u.label
            );
        }
    }

    /// @notice Replaces a unit's area with one from an equal or higher-precedence source
    /// (registered > surveyed > contract). Payload: abi.encode(unitId, areaCm2, source).
    function updateUnitArea(
        uint256 communityId,
        uint32 unitId,
        uint64 areaCm2,
        AreaSource source,
        CommitteeAuth calldata auth
    ) external {
        _consumeCommitteeAction(communityId, UPDATE_UNIT_AREA, keccak256(abi.encode(unitId, areaCm2, source)), auth);
        uint256 p = _units[communityId][unitId];
        if (p == 0) revert RegistryUnknownUnit(unitId);
        if (areaCm2 == 0 || source == AreaSource.None) revert RegistryInvalidUnit(unitId);
        AreaSource current = AreaSource(uint8(p >> 97));
        // Invariant: a unit's area never moves to a source of lower legal precedence.
        if (uint8(source) < uint8(current)) revert RegistryAreaSourceDowngrade(unitId, current, source);
        uint64 oldArea = uint64(p);
        p = (p & ~(uint256(type(uint64).max) | (uint256(0xff) << 97))) | (uint256(uint8(source)) << 97) | areaCm2;
        _units[communityId][unitId] = p;
        emit UnitAreaChanged(communityId, unitId, oldArea, current, areaCm2, source);
    }

    /// @notice Marks developer-held units as delivered to their buyers: from now on they count
    /// with their bound owners instead of the developer. Payload: abi.encode(unitIds).
    function deliverUnits(uint256 communityId, uint32[] calldata unitIds, CommitteeAuth calldata auth) external {
        _checkBatch(unitIds.length);
        _consumeCommitteeAction(communityId, DELIVER_UNITS, keccak256(abi.encode(unitIds)), auth);
        for (uint256 i = 0; i < unitIds.length; ++i) {
            uint256 p = _units[communityId][unitIds[i]];
            if (p == 0) revert RegistryUnknownUnit(unitIds[i]);
            if ((p >> 96) & 1 == 0) revert RegistryUnitNotDeveloperHeld(unitIds[i]);
            _units[communityId][unitIds[i]] = p & ~(uint256(1) << 96);
            emit UnitDelivered(communityId, unitIds[i]);
        }
    }

    /// @notice Binds owners to units. Payload: abi.encode(bindings).
    function bindOwners(uint256 communityId, OwnerBinding[] calldata bindings, CommitteeAuth calldata auth) external {
        _checkBatch(bindings.length);
        _consumeCommitteeAction(communityId, BIND_OWNERS, keccak256(abi.encode(bindings)), auth);
        for (uint256 i = 0; i < bindings.length; ++i) {
            OwnerBinding calldata b = bindings[i];
            if (_units[communityId][b.unitId] == 0) revert RegistryUnknownUnit(b.unitId);
            if (b.owner == address(0) || b.identityHash == bytes32(0)) revert RegistryInvalidOwner(b.unitId);
            if (_owners[communityId][b.unitId][b.owner] != bytes32(0)) {
                revert RegistryOwnerAlreadyBound(b.unitId, b.owner);
            }
            _owners[communityId][b.unitId][b.owner] = b.identityHash;
            emit OwnerBound(communityId, b.unitId, b.owner, b.identityHash, b.evidenceHash);
        }
    }

    /// @notice Unbinds an owner from a unit (sale, correction). Payload:
    /// abi.encode(unitId, owner, evidenceHash).
    function unbindOwner(
        uint256 communityId,
        uint32 unitId,
        address owner,
        bytes32 evidenceHash,
        CommitteeAuth calldata auth
    ) external {
        _consumeCommitteeAction(communityId, UNBIND_OWNER, keccak256(abi.encode(unitId, owner, evidenceHash)), auth);
        if (_owners[communityId][unitId][owner] == bytes32(0)) revert RegistryOwnerNotBound(unitId, owner);
        delete _owners[communityId][unitId][owner];
        emit OwnerUnbound(communityId, unitId, owner, evidenceHash);
    }

    /// @notice Changes the community's settings. Payload: abi.encode(settings).
    function changeSettings(uint256 communityId, Settings calldata settings, CommitteeAuth calldata auth) external {
        _consumeCommitteeAction(communityId, CHANGE_SETTINGS, keccak256(abi.encode(settings)), auth);
        _checkSettings(settings);
        Community storage c = _communities[communityId];
        Settings memory old = c.settings;
        c.settings = settings;
        emit SettingsChanged(communityId, old, settings);
    }

    /// @notice Sets the address that alone signs for the developer's entry (all developer-held
    /// units together, 司法解释 art. 9). A buyer bound to a developer-held unit signs only once the
    /// unit is delivered. Payload: abi.encode(developer). The zero address: nobody (paper only).
    function setDeveloper(uint256 communityId, address developer, CommitteeAuth calldata auth) external {
        _consumeCommitteeAction(communityId, SET_DEVELOPER, keccak256(abi.encode(developer)), auth);
        Community storage c = _communities[communityId];
        address old = c.developer;
        if (old == developer) revert RegistryDeveloperUnchanged(developer);
        c.developer = developer;
        emit DeveloperSet(communityId, old, developer);
    }

    // ──────────────────────────────────────────────────────── internals

    function _community(uint256 communityId) private view returns (Community storage) {
        if (!communityExists(communityId)) revert RegistryUnknownCommunity(communityId);
        return _communities[communityId];
    }

    function _checkBatch(uint256 length) private pure {
        if (length == 0 || length > MAX_BATCH) revert RegistryBatchTooLarge(length, MAX_BATCH);
    }

    function _checkSettings(Settings calldata s) private pure {
        // Notice periods are at least the legal minimum the law sets for ad hoc meetings.
        if (s.noticeDays < 7 || s.noticeDays > 60 || s.adHocNoticeDays < 1 || s.adHocNoticeDays > s.noticeDays) {
            revert RegistryInvalidSettings();
        }
        if (s.objectionDays == 0 || s.objectionDays > 60) revert RegistryInvalidSettings();
    }

    function _installCommittee(uint256 communityId, address[] calldata members, uint8 threshold) private {
        // Invariant: a committee can always reach its threshold, and no single person can
        // act alone unless the committee is a single member.
        if (
            members.length == 0 ||
            members.length > MAX_COMMITTEE ||
            threshold == 0 ||
            threshold > members.length ||
            (members.length > 1 && threshold < 2)
        ) {
            revert RegistryInvalidCommittee(members.length, threshold);
        }
        Community storage c = _communities[communityId];
        uint32 epoch = c.epoch + 1;
        for (uint256 i = 0; i < members.length; ++i) {
            if (members[i] == address(0) || _members[communityId][epoch][members[i]]) {
                revert RegistryInvalidCommittee(members.length, threshold);
            }
            _members[communityId][epoch][members[i]] = true;
        }
        c.epoch = epoch;
        c.threshold = threshold;
        c.memberCount = uint32(members.length);
        emit CommitteeInstalled(communityId, epoch, members, threshold);
    }

    function _registerModule(address module, uint8[] memory kinds) private {
        if (kinds.length == 0) revert RegistryInvalidModule(module);
        for (uint256 i = 0; i < kinds.length; ++i) {
            address owner = _kindModule[kinds[i]];
            if (owner != address(0) || kinds[i] == 0) revert RegistryKindTaken(kinds[i], owner);
            _kindModule[kinds[i]] = module;
        }
        emit ModuleRegistered(module, kinds);
    }

    function _consumeSupervisorAction(
        uint8 kind,
        bytes32 payloadHash,
        SupervisorAuth calldata auth
    ) private returns (address signer) {
        if (auth.deadline < block.timestamp) revert RegistrySignatureExpired(auth.deadline, block.timestamp);
        bytes32 digest = supervisorActionDigest(kind, payloadHash, auth.salt, auth.deadline);
        if (_usedActions[digest]) revert RegistryActionReplayed(digest);
        signer = ECDSA.recover(digest, auth.signature);
        _usedActions[digest] = true;
    }

    function _consumeCommitteeAction(
        uint256 communityId,
        uint8 kind,
        bytes32 payloadHash,
        CommitteeAuth calldata auth
    ) private returns (address[] memory signers) {
        return _checkCommitteeAction(communityId, kind, payloadHash, auth, true);
    }

    /// @dev Checks the signatures; with `record`, marks the digest used (and refuses a used one).
    function _checkCommitteeAction(
        uint256 communityId,
        uint8 kind,
        bytes32 payloadHash,
        CommitteeAuth calldata auth,
        bool record
    ) private returns (address[] memory signers) {
        Community storage c = _communities[communityId];
        // Every community has a committee with a threshold of at least one (see _installCommittee).
        if (c.threshold == 0) revert RegistryUnknownCommunity(communityId);
        if (auth.deadline < block.timestamp) revert RegistrySignatureExpired(auth.deadline, block.timestamp);
        bytes32 digest = committeeActionDigest(communityId, kind, payloadHash, auth.salt, auth.deadline);
        if (record && _usedActions[digest]) revert RegistryActionReplayed(digest);
        uint256 n = auth.signatures.length;
        if (n < c.threshold) revert RegistryBelowThreshold(n, c.threshold);
        signers = new address[](n);
        address previous = address(0);
        for (uint256 i = 0; i < n; ++i) {
            address signer = ECDSA.recover(digest, auth.signatures[i]);
            // Strictly ascending signers make a duplicate signature impossible.
            if (signer <= previous) revert RegistrySignersNotAscending(previous, signer);
            if (!_members[communityId][c.epoch][signer]) revert RegistryNotCommitteeMember(signer);
            signers[i] = signer;
            previous = signer;
        }
        if (record) _usedActions[digest] = true;
        emit CommitteeActionExecuted(communityId, kind, digest, signers);
    }
}
