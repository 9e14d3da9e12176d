// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/**
 * @title ICommunityRegistry
 * @notice Communities (小区), their committees (业委会), supervisors (居委会 / 街道), buildings,
 * units (专有部分) and owner bindings. Every committee action carries EIP-712 signatures of at
 * least `threshold` committee members; every supervisor action carries the supervisor's
 * EIP-712 signature. The account that submits a transaction only pays gas.
 */
interface ICommunityRegistry {
    /// @notice Where a unit's exclusive area comes from, in order of legal precedence
    /// (contract < surveyed < registered): 司法解释 art. 8.
    enum AreaSource {
        None,
        Contract,
        Surveyed,
        Registered
    }

    /// @notice What kind of exclusive part a unit is. Parking spaces and stalls may be
    /// excluded from the electorate by a community setting.
    enum UnitKind {
        None,
        Residential,
        Commercial,
        Parking,
        Stall
    }

    /// @notice Community settings that the law leaves to the community's own rules.
    struct Settings {
        uint16 noticeDays; // 公示 before voting opens (default 15)
        uint16 adHocNoticeDays; // notice for an ad hoc meeting (default 7)
        uint16 objectionDays; // 询异公示 after the preliminary result (default 7)
        bool allowBallotChange; // an owner may change an electronic ballot until voting closes
        bool excludeParkingArea; // parking spaces and stalls are not part of the electorate
        bool finalWithOpenObjections; // a result may become final while an objection is unanswered
    }

    struct BuildingInput {
        uint32 buildingId;
        uint16 compound;
        string label;
    }

    struct UnitInput {
        uint32 unitId;
        uint32 buildingId;
        uint64 areaCm2;
        AreaSource areaSource;
        UnitKind kind;
        bool developerHeld; // unsold, or sold but not yet delivered: counted with the developer
        string label; // door number, e.g. "3-2-1201"
    }

    struct OwnerBinding {
        uint32 unitId;
        address owner;
        bytes32 identityHash; // salted hash of the owner's identity; same person → same hash
        bytes32 evidenceHash; // hash of the evidence (property certificate, contract) checked
    }

    /// @notice A committee action as signed by each member (EIP-712 type `CommitteeAction`).
    struct CommitteeAuth {
        bytes32 salt; // any unique value; a used (communityId, kind, payload, salt) is rejected
        uint64 deadline; // unix seconds after which the signatures are void
        bytes[] signatures; // one per member, signers in strictly ascending address order
    }

    /// @notice A supervisor action, signed by the supervisor (EIP-712 type `SupervisorAction`).
    struct SupervisorAuth {
        bytes32 salt;
        uint64 deadline;
        bytes signature;
    }

    /// @notice A community's custodian (托管银行 / 住建部门): whoever holds its maintenance fund and
    /// confirms every movement of real money. Registered by the community's supervisor.
    event CustodianSet(uint256 indexed communityId, address oldCustodian, address newCustodian);
    /// @notice A module's action signed by the community's supervisor or custodian was used.
    event SignedActionExecuted(uint256 indexed communityId, uint8 indexed kind, bytes32 digest, address signer);
    event CommunityCreated(
        uint256 indexed communityId,
        address indexed supervisor,
        string name,
        Settings settings
    );
    event CommitteeInstalled(
        uint256 indexed communityId,
        uint32 epoch,
        address[] members,
        uint8 threshold
    );
    event SettingsChanged(uint256 indexed communityId, Settings oldSettings, Settings newSettings);
    /// @notice The address that alone signs for the developer's entry changed.
    event DeveloperSet(uint256 indexed communityId, address oldDeveloper, address newDeveloper);
    event BuildingRegistered(
        uint256 indexed communityId,
        uint32 indexed buildingId,
        uint16 compound,
        string label
    );
    event UnitRegistered(
        uint256 indexed communityId,
        uint32 indexed unitId,
        uint32 buildingId,
        uint64 areaCm2,
        AreaSource areaSource,
        UnitKind kind,
        bool developerHeld,
        string label
    );
    event UnitAreaChanged(
        uint256 indexed communityId,
        uint32 indexed unitId,
        uint64 oldAreaCm2,
        AreaSource oldSource,
        uint64 newAreaCm2,
        AreaSource newSource
    );
    event UnitDelivered(uint256 indexed communityId, uint32 indexed unitId);
    event OwnerBound(
        uint256 indexed communityId,
        uint32 indexed unitId,
        address indexed owner,
        bytes32 identityHash,
        bytes32 evidenceHash
    );
    event OwnerUnbound(
        uint256 indexed communityId,
        uint32 indexed unitId,
        address indexed owner,
        bytes32 evidenceHash
    );
    event CommitteeActionExecuted(
        uint256 indexed communityId,
        uint8 indexed kind,
        bytes32 digest,
        address[] signers
    );
    /// @notice A ledger module was registered with the committee-action kinds it owns (the
    /// registry itself is registered with its own kinds at deployment).
    event ModuleRegistered(address indexed module, uint8[] kinds);

    error RegistryNotSupervisor(address signer);
    error RegistryKindNotOwned(uint8 kind, address caller);
    error RegistryKindTaken(uint8 kind, address owner);
    error RegistryInvalidModule(address module);
    error RegistryUnknownCommunity(uint256 communityId);
    error RegistryInvalidCommittee(uint256 memberCount, uint8 threshold);
    error RegistryInvalidSettings();
    error RegistrySignatureExpired(uint64 deadline, uint256 nowSeconds);
    error RegistryActionReplayed(bytes32 digest);
    error RegistrySignersNotAscending(address previous, address next);
    error RegistryNotCommitteeMember(address signer);
    error RegistryBelowThreshold(uint256 signers, uint8 threshold);
    error RegistryBuildingExists(uint32 buildingId);
    error RegistryUnknownBuilding(uint32 buildingId);
    error RegistryUnitExists(uint32 unitId);
    error RegistryUnknownUnit(uint32 unitId);
    error RegistryInvalidUnit(uint32 unitId);
    error RegistryAreaSourceDowngrade(uint32 unitId, AreaSource current, AreaSource proposed);
    error RegistryUnitNotDeveloperHeld(uint32 unitId);
    error RegistryOwnerAlreadyBound(uint32 unitId, address owner);
    error RegistryOwnerNotBound(uint32 unitId, address owner);
    error RegistryInvalidOwner(uint32 unitId);
    error RegistryDeveloperUnchanged(address developer);
    error RegistryBatchTooLarge(uint256 length, uint256 max);
    error RegistryNotCustodian(address signer);
    error RegistryNoCustodian(uint256 communityId);

    /// @notice Checks a committee action's signatures and marks it used. Called by the ledger
    /// module that owns `kind` (see registerModule), for its own committee actions.
    /// @dev Reverts with RegistryKindNotOwned unless the caller owns `kind`, and unless at least
    /// `threshold` distinct current members signed the EIP-712 digest the action defines.
    function consumeCommitteeAction(
        uint256 communityId,
        uint8 kind,
        bytes32 payloadHash,
        CommitteeAuth calldata auth
    ) external returns (address[] memory signers);

    /// @notice As {consumeCommitteeAction}, for an action whose payload carries a sequence number
    /// of the calling module that the module advances when it executes the action: the module
    /// itself makes the action single-use, so the registry keeps no record of the digest (a
    /// storage write saved on the hottest paths, such as a payment over a whole building).
    function checkSequencedCommitteeAction(
        uint256 communityId,
        uint8 kind,
        bytes32 payloadHash,
        CommitteeAuth calldata auth
    ) external;

    /// @notice Checks an action of a module's `kind` signed by the community's supervisor (EIP-712
    /// type `SupervisorAction`, the same as the registry's own) and marks it used.
    /// @dev Reverts with RegistryKindNotOwned unless the caller owns `kind`; with
    /// RegistryNotSupervisor unless the signer is this community's supervisor.
    function consumeSupervisorAction(
        uint256 communityId,
        uint8 kind,
        bytes32 payloadHash,
        SupervisorAuth calldata auth
    ) external returns (address signer);

    /// @notice Checks an action of a module's `kind` signed by the community's custodian (EIP-712
    /// type `CustodianAction`) and marks it used.
    /// @dev Reverts with RegistryKindNotOwned unless the caller owns `kind`; with
    /// RegistryNoCustodian if none is registered; with RegistryNotCustodian for another signer.
    function consumeCustodianAction(
        uint256 communityId,
        uint8 kind,
        bytes32 payloadHash,
        SupervisorAuth calldata auth
    ) external returns (address signer);

    /// @notice The community's custodian, or the zero address if none is registered.
    function custodianOf(uint256 communityId) external view returns (address);

    /// @notice The community's supervisor (居委会 / 街道).
    function supervisorOf(uint256 communityId) external view returns (address);

    /// @notice Registers a ledger module with the committee-action kinds it declares
    /// (ILedgerModule.committeeKinds); each kind may belong to one module only. District admin only.
    function registerModule(address module) external;

    /// @notice The module that owns a committee-action kind, or the zero address.
    function moduleOfKind(uint8 kind) external view returns (address);

    /// @notice Whether a community with this id exists.
    function communityExists(uint256 communityId) external view returns (bool);

    function settingsOf(uint256 communityId) external view returns (Settings memory);

    /// @notice The address that alone signs for the community's developer-held units (zero: nobody).
    function developerOf(uint256 communityId) external view returns (address);

    function isCommitteeMember(uint256 communityId, address account) external view returns (bool);
}
