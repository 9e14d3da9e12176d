/**
 * Number, area and time formatting. Areas are integers in hundredths of a m² and are
 * formatted with integer arithmetic only; times are shown in China Standard Time (UTC+8, no
 * daylight saving) whatever the browser's zone, because the community's notices use it.
 */
import { lang, t } from "./i18n";

/** "1234567" → "1,234,567". */
export function groupDigits(n: bigint | number | string): string {
  const s = BigInt(n).toString();
  const neg = s.startsWith("-");
  const digits = neg ? s.slice(1) : s;
  const out = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return neg ? `-${out}` : out;
}

/** Hundredths of a m² → "1,234.56" (exact, integer math). */
export function formatArea(areaCm2: bigint | string | number): string {
  const v = BigInt(areaCm2);
  const neg = v < 0n;
  const a = neg ? -v : v;
  const whole = a / 100n;
  const frac = (a % 100n).toString().padStart(2, "0");
  return `${neg ? "-" : ""}${groupDigits(whole)}.${frac}`;
}

/** "1,234.56 m²". */
export function formatAreaM2(areaCm2: bigint | string | number): string {
  return `${formatArea(areaCm2)} ${t("unit.m2")}`;
}

const CST_OFFSET_S = 8 * 3600;

/** Unix seconds → "2025年3月1日 14:00" / "1 Mar 2025, 14:00" (China Standard Time). */
export function formatTime(unixSeconds: bigint | string | number | null | undefined): string {
  if (unixSeconds === null || unixSeconds === undefined || unixSeconds === "") return "—";
  const ms = Number(BigInt(unixSeconds)) * 1000;
  const fmt = new Intl.DateTimeFormat(lang() === "zh-CN" ? "zh-CN" : "en-GB", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: lang() === "zh-CN" ? "long" : "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  });
  return fmt.format(new Date(ms));
}

/** A positive number of seconds → "3 天 4 小时" / "3 days 4 hours" (days, hours, minutes). */
export function formatDuration(seconds: bigint | number): string {
  let s = BigInt(seconds);
  if (s < 0n) s = -s;
  const days = s / 86_400n;
  const hours = (s % 86_400n) / 3_600n;
  const minutes = (s % 3_600n) / 60n;
  const parts: string[] = [];
  if (days > 0n) parts.push(t("time.days", { n: days.toString() }));
  if (hours > 0n) parts.push(t("time.hours", { n: hours.toString() }));
  if (days === 0n && minutes > 0n) parts.push(t("time.minutes", { n: minutes.toString() }));
  if (parts.length === 0) parts.push(t("time.lessThanMinute"));
  return parts.join(lang() === "zh-CN" ? " " : ", ");
}

/** "0x1234…abcd". */
export function shortAddress(address: string): string {
  return address.length > 14 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}

/** "0x12345678…" for a long hash. */
export function shortHash(hash: string): string {
  return hash.length > 20 ? `${hash.slice(0, 12)}…${hash.slice(-6)}` : hash;
}

/** Unix seconds → the value of an <input type="datetime-local"> in China Standard Time. */
export function toDatetimeLocal(unixSeconds: bigint): string {
  const d = new Date(Number(unixSeconds + BigInt(CST_OFFSET_S)) * 1000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

/** An <input type="datetime-local"> value read as China Standard Time → unix seconds; null if invalid. */
export function fromDatetimeLocal(value: string): bigint | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  if (Number.isNaN(ms)) return null;
  return BigInt(Math.floor(ms / 1000)) - BigInt(CST_OFFSET_S);
}
