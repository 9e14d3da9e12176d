/**
 * chain/actionPayload.ts: the decoded payload round-trips to the same payload hash the API
 * signs, and the check the browser runs refuses any change to what is shown.
 */
import { hashTypedData, keccak256, toHex, type Address, type Hex } from "viem";
import { describe, expect, it } from "vitest";
import { checkActionToSign, payloadFromJson, payloadToJson, type ActionPayloadJson, type ActionToSign } from "../../chain/actionPayload";
import { committeePayloadHash } from "../../chain/payloads";
import { textHashOf } from "../../chain/textHash";
import { CommitteeKind, committeeActionTypes, registryDomain } from "../../chain/typedData";

const registry = "0x5fbdb2315678afecb367f032d93f642f64180aa3" as Address;
const salt = keccak256(toHex("salt")) as Hex;
const text = "5 号楼门禁老化，拟更换。\nReplace the door access of building 5.";

const input = {
  communityId: 1n,
  matter: 5,
  scopeKind: 1,
  scopeIds: [5],
  adHoc: false,
  votingStart: 1_800_000_000n,
  votingEnd: 1_801_296_000n,
  title: "更换 5 号楼单元门禁",
  textHash: textHashOf(text),
  options: ["同意", "反对", "弃权"],
  namedChoice: false,
  rollRoot: keccak256(toHex("root")),
  totalAreaCm2: 1_234_567n,
  totalHeadcount: 120,
  entryCount: 118,
};

function digestOf(kind: CommitteeKind, values: readonly unknown[]): Hex {
  return hashTypedData({
    domain: registryDomain(31337, registry),
    types: committeeActionTypes,
    primaryType: "CommitteeAction",
    message: { communityId: 1n, kind, payloadHash: committeePayloadHash(kind, values), salt, deadline: 1_900_000_000n },
  });
}

function toSign(kind: CommitteeKind, values: readonly unknown[], signedText: string | null = null): ActionToSign & { payload: ActionPayloadJson } {
  return { chainId: 31337, registry, communityId: 1n, kind, salt, deadline: 1_900_000_000n, payload: payloadToJson(kind, values), signedText };
}

describe("a committee action's decoded payload", () => {
  it("is JSON with integers as decimal strings, and decodes back to the same payload hash", () => {
    const json = payloadToJson(CommitteeKind.PublishProposal, [input]);
    expect(json.fn).toBe("publishProposal");
    expect(json.args.input).toMatchObject({ communityId: "1", matter: "5", scopeIds: ["5"], totalAreaCm2: "1234567", options: ["同意", "反对", "弃权"] });
    const back = payloadFromJson(CommitteeKind.PublishProposal, JSON.parse(JSON.stringify(json)));
    expect(committeePayloadHash(CommitteeKind.PublishProposal, back)).toBe(committeePayloadHash(CommitteeKind.PublishProposal, [input]));
  });

  it("passes the check when nothing was changed, with the digest the server asks for", () => {
    const check = checkActionToSign(toSign(CommitteeKind.PublishProposal, [input], text), digestOf(CommitteeKind.PublishProposal, [input]));
    expect(check.ok).toBe(true);
    if (check.ok) expect(hashTypedData(check.typedData)).toBe(check.digest);
  });

  it("refuses a payload with any one field changed (the server's digest no longer matches)", () => {
    const digest = digestOf(CommitteeKind.PublishProposal, [input]);
    for (const [field, value] of [
      ["title", "更换 6 号楼单元门禁"],
      ["votingEnd", "1801296001"],
      ["scopeIds", ["6"]],
      ["options", ["同意", "反对"]],
      ["totalAreaCm2", "1234568"],
    ] as const) {
      const a = toSign(CommitteeKind.PublishProposal, [input], text);
      (a.payload.args.input as Record<string, unknown>)[field] = value;
      expect(checkActionToSign(a, digest), field).toMatchObject({ ok: false, problem: "digest-mismatch" });
    }
  });

  it("refuses a proposal whose text shown is not the text hashed, and a payload that does not fit its function", () => {
    const digest = digestOf(CommitteeKind.PublishProposal, [input]);
    expect(checkActionToSign(toSign(CommitteeKind.PublishProposal, [input], `${text} `), digest)).toMatchObject({ problem: "text-mismatch" });
    expect(checkActionToSign(toSign(CommitteeKind.PublishProposal, [input], null), digest)).toMatchObject({ problem: "text-mismatch" });
    const extra = toSign(CommitteeKind.PublishProposal, [input], text);
    (extra.payload.args.input as Record<string, unknown>).note = "hidden";
    expect(checkActionToSign(extra, digest)).toMatchObject({ problem: "bad-payload" });
    const big = toSign(CommitteeKind.PublishProposal, [input], text);
    (big.payload.args.input as Record<string, unknown>).totalHeadcount = (2n ** 32n).toString();
    expect(checkActionToSign(big, digest)).toMatchObject({ problem: "bad-payload" });
    const wrongFn = toSign(CommitteeKind.PublishProposal, [input], text);
    wrongFn.payload.fn = "extendVoting";
    expect(checkActionToSign(wrongFn, digest)).toMatchObject({ problem: "bad-payload" });
    // a stored payload the server could not decode comes as null: never signed
    expect(checkActionToSign({ ...toSign(CommitteeKind.PublishProposal, [input], text), payload: null }, digest)).toMatchObject({ problem: "bad-payload" });
  });

  it("round-trips paper ballots and the registry's rows, and refuses a changed choice", () => {
    const ballots = [
      { entryId: 7, voter: "0x1111111111111111111111111111111111111111", areaCm2: 8_935n, headcount: 1, choice: 1, scanHash: keccak256(toHex("scan")), proof: [keccak256(toHex("p"))] },
    ];
    const values = [3n, ballots];
    const digest = digestOf(CommitteeKind.EnterPaperBallots, values);
    expect(checkActionToSign(toSign(CommitteeKind.EnterPaperBallots, values), digest).ok).toBe(true);
    const changed = toSign(CommitteeKind.EnterPaperBallots, values);
    ((changed.payload.args.ballots as Record<string, unknown>[])[0]!).choice = "0";
    expect(checkActionToSign(changed, digest)).toMatchObject({ problem: "digest-mismatch" });

    const units = [{ unitId: 301, buildingId: 3, areaCm2: 8_935n, areaSource: 3, kind: 1, developerHeld: false, label: "3-1-301" }];
    const json = payloadToJson(CommitteeKind.RegisterUnits, [units]);
    expect(json.args.units).toEqual([{ unitId: "301", buildingId: "3", areaCm2: "8935", areaSource: "3", kind: "1", developerHeld: false, label: "3-1-301" }]);
    expect(committeePayloadHash(CommitteeKind.RegisterUnits, payloadFromJson(CommitteeKind.RegisterUnits, json))).toBe(committeePayloadHash(CommitteeKind.RegisterUnits, [units]));
  });
});
