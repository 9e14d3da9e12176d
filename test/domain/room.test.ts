import { describe, expect, it } from "vitest";
import { parseRoomNumber, roomLabelCandidates } from "../../domain/room";

describe("room numbers 楼栋-单元-房号", () => {
  it("reads the written and spoken forms as one", () => {
    for (const text of ["3-1-102", " 3 - 1 - 102 ", "３－１－１０２", "3栋1单元102", "3号楼1单元102室", "3幢 1 单元 102", "3—1—102"]) {
      expect(parseRoomNumber(text)?.label, text).toBe("3-1-102");
    }
    expect(parseRoomNumber("12-2-1801")).toEqual({ building: 12, entrance: 2, room: "1801", label: "12-2-1801" });
  });

  it("is not a room number otherwise", () => {
    for (const text of ["", "3-1", "3-1-102-4", "a-1-102", "0-1-102", "3-0-102", "3-1-0", "12345-1-102", "3-1-".padEnd(50, "1"), "车位 B1-001"]) {
      expect(parseRoomNumber(text), text).toBeNull();
    }
  });

  it("offers a room number's form first and the text itself for units named otherwise", () => {
    expect(roomLabelCandidates("3栋1单元102")).toEqual(["3-1-102", "3栋1单元102"]);
    expect(roomLabelCandidates("3-1-102")).toEqual(["3-1-102"]);
    expect(roomLabelCandidates("车位  B1－001")).toEqual(["车位 B1-001"]);
    expect(roomLabelCandidates("  ")).toEqual([]);
    // a control character is in no label (PostgreSQL refuses a NUL in text: the fuzzer's 500)
    expect(roomLabelCandidates("\u0000")).toEqual([]);
    expect(roomLabelCandidates("3-1-102\u0000")).toEqual([]);
  });
});
