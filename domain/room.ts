/**
 * Room numbers (门牌) as owners and the committee say them: 楼栋-单元-房号, "3-1-102". The
 * registry names each unit by its label; a flat's label is exactly this form (the demo seed's and
 * the registry CSV's `3-1-301`), shops and parking spaces have their own ("商铺 3-101",
 * "车位 B1-001"). Spoken and written variants ("3栋1单元102", "3号楼1单元102室", full-width
 * digits and dashes, spaces) are brought to the one form; anything else is not a room number.
 */

/** The most characters a room number or unit label may have (the registry's labels are short). */
export const MAX_ROOM_LENGTH = 40;

const FULL_WIDTH_DIGITS = /[０-９]/g;
const DASHES = /[－—–―‐‑ー−]/g;
const SPOKEN = /^(\d{1,4})\s*(?:号楼|号|栋|幢|座)\s*(\d{1,2})\s*(?:单元|门)\s*(\d{1,5})\s*(?:室|号)?$/;
const CONTROL = /[\u0000-\u001f\u007f]/;
const CANONICAL = /^(\d{1,4})-(\d{1,2})-(\d{1,5})$/;

/** Full-width digits and dashes to ASCII, spaces trimmed. */
function ascii(text: string): string {
  return text
    .replace(FULL_WIDTH_DIGITS, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(DASHES, "-")
    .trim();
}

export interface RoomNumber {
  building: number;
  entrance: number;
  room: string;
  /** "3-1-102" */
  label: string;
}

/** The room number in "楼栋-单元-房号" form, or null if `text` is not one. */
export function parseRoomNumber(text: string): RoomNumber | null {
  if (text.length > MAX_ROOM_LENGTH) return null;
  const s = ascii(text).replace(/\s*-\s*/g, "-");
  const m = CANONICAL.exec(s) ?? SPOKEN.exec(s);
  if (!m) return null;
  const building = Number(m[1]);
  const entrance = Number(m[2]);
  const room = String(Number(m[3]));
  if (building === 0 || entrance === 0 || room === "0") return null;
  return { building, entrance, room, label: `${building}-${entrance}-${room}` };
}

/**
 * The labels a unit may carry for what the user typed: the room number's one form, else the
 * text itself (trimmed, ASCII dashes) for a unit named otherwise ("车位 B1-001"). Empty when the
 * text is empty or too long.
 */
export function roomLabelCandidates(text: string): string[] {
  // control characters (a NUL above all, which PostgreSQL refuses in text) are in no label
  if (text.trim() === "" || text.length > MAX_ROOM_LENGTH || CONTROL.test(text)) return [];
  const parsed = parseRoomNumber(text);
  const plain = ascii(text).replace(/\s+/g, " ");
  return parsed && parsed.label !== plain ? [parsed.label, plain] : [plain];
}
