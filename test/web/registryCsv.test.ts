import { keccak256, toHex } from "viem";
import { describe, expect, it } from "vitest";
import { LineError, parseAreaM2, parseRegistryLines, resolveRoomNumbers } from "../../web/src/registryCsv";

describe("the committee's registry lists", () => {
  it("turns m² with two decimals into integer hundredths without floating point", () => {
    expect(parseAreaM2("89.35")).toBe(8935n);
    expect(parseAreaM2("120")).toBe(12000n);
    expect(parseAreaM2("0.1")).toBe(10n);
    expect(parseAreaM2("1.005")).toBeNull();
    expect(parseAreaM2("0")).toBeNull();
    expect(parseAreaM2("-3")).toBeNull();
  });

  it("parses units in Chinese or English words", () => {
    const body = parseRegistryLines("registerUnits", "301, 3, 89.35, 登记, 住宅, 否, 3-1-301\n302，3，12.5，surveyed，parking，yes，B1-002\n");
    expect(body).toEqual({
      action: "registerUnits",
      units: [
        { unitId: 301, buildingId: 3, areaCm2: "8935", areaSource: 3, kind: 1, developerHeld: false, label: "3-1-301" },
        { unitId: 302, buildingId: 3, areaCm2: "1250", areaSource: 2, kind: 3, developerHeld: true, label: "B1-002" },
      ],
    });
  });

  it("hashes identities with the committee's salt; the identity itself is not in the body", () => {
    const owner = "0x0518e5de93b57a65ebccae1799bd4e52a8620d89";
    const body = parseRegistryLines("bindOwners", `301, ${owner}, 110101199001011234, 不动产权证 001`, "salt-of-the-committee");
    const b = (body.bindings as { identityHash: string }[])[0]!;
    expect(b.identityHash).toBe(keccak256(toHex("salt-of-the-committee|110101199001011234")));
    expect(JSON.stringify(body)).not.toContain("110101199001011234");
    // the evidence (a certificate's number, guessable) is salted too: its bare hash is not what goes on chain
    const evidence = (body.bindings as { evidenceHash: string }[])[0]!.evidenceHash;
    expect(evidence).toBe(keccak256(toHex("salt-of-the-committee|evidence|不动产权证 001")));
    expect(evidence).not.toBe(keccak256(toHex("不动产权证 001")));
  });

  it("names the line that is wrong", () => {
    expect(() => parseRegistryLines("registerUnits", "301, 3, 89.35\n302, 3, abc")).toThrow(LineError);
    try {
      parseRegistryLines("registerUnits", "301, 3, 89.35\n302, 3, abc");
    } catch (err) {
      expect((err as LineError).line).toBe(2);
    }
    expect(() => parseRegistryLines("bindOwners", "301, 0x12, x", "long-enough-salt")).toThrow(/address/);
    expect(() => parseRegistryLines("bindOwners", "301, 0x0518e5de93b57a65ebccae1799bd4e52a8620d89, x", "short")).toThrow(/salt/);
  });
});

describe("line errors in both languages", () => {
  it("gives the reason in Chinese too", () => {
    try {
      parseRegistryLines("registerUnits", "x, 3, 89.35");
    } catch (err) {
      expect((err as LineError).reasonZh).toBe("房屋编号必须是不小于 1 的整数");
    }
  });

  it("corrects one unit's area, and unbinds one owner with the hash of the reason and evidence", () => {
    expect(parseRegistryLines("updateUnitArea", "301, 89.12, 实测")).toEqual({ action: "updateUnitArea", unitId: 301, areaCm2: "8912", areaSource: 2 });
    expect(() => parseRegistryLines("updateUnitArea", "301, 89.12, 实测\n302, 70, 登记")).toThrow(/one unit at a time/);
    expect(() => parseRegistryLines("updateUnitArea", "301, 89.123, 实测")).toThrow(/two decimals/);
    expect(() => parseRegistryLines("updateUnitArea", "301, 89.12, guessed")).toThrow(/area source/);
    const owner = "0x0518e5de93b57a65ebccae1799bd4e52a8620d89";
    expect(parseRegistryLines("unbindOwner", `301, ${owner}, 已过户, 不动产权证 0067890`, "salt-of-the-committee")).toEqual({
      action: "unbindOwner",
      unitId: 301,
      owner,
      evidenceHash: keccak256(toHex("salt-of-the-committee|evidence|已过户, 不动产权证 0067890")),
    });
    expect(() => parseRegistryLines("unbindOwner", `301, ${owner}, 已过户`)).toThrow(/salt/);
    expect(() => parseRegistryLines("unbindOwner", `301, ${owner}`, "salt-of-the-committee")).toThrow(/reason and the evidence/);
    try {
      parseRegistryLines("unbindOwner", "301, 0x12", "salt-of-the-committee");
    } catch (err) {
      expect((err as LineError).reasonZh).toBe("业主地址须为 0x 开头的地址");
    }
  });
});

describe("units written by room number", () => {
  const rooms: Record<string, number> = { "3-1-102": 3102, "车位 B1-001": 9001 };
  const lookup = async (room: string) => {
    const id = rooms[room];
    if (id === undefined) throw new Error(`unknown ${room}`);
    return id;
  };

  it("become unit ids where a line names a unit, and nowhere else", async () => {
    const area = await resolveRoomNumbers("updateUnitArea", "3-1-102, 89.12, 实测", lookup);
    expect(parseRegistryLines("updateUnitArea", area)).toMatchObject({ unitId: 3102, areaCm2: "8912", areaSource: 2 });
    const delivered = await resolveRoomNumbers("deliverUnits", "3-1-102, 301\n车位 B1-001", lookup);
    expect(parseRegistryLines("deliverUnits", delivered)).toEqual({ action: "deliverUnits", unitIds: [3102, 301, 9001] });
    // a building's label is not a unit
    expect(await resolveRoomNumbers("registerBuildings", "3, 1, 3-1-102", lookup)).toBe("3, 1, 3-1-102");
  });

  it("name the line of a room number that is not found", async () => {
    await expect(resolveRoomNumbers("deliverUnits", "301\n9-9-909", lookup)).rejects.toMatchObject({ name: "RoomLineError", line: 2 });
  });
});
