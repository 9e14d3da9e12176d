/** The API's documented refusal: {"error":{"code","message":{"zh-CN","en"},"details"?}}. */
export function isDocumentedError(body: string): boolean {
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch {
    return false;
  }
  const e = (v as { error?: unknown } | null)?.error as { code?: unknown; message?: unknown } | undefined;
  if (!e || typeof e !== "object") return false;
  const m = e.message as Record<string, unknown> | undefined;
  return (
    typeof e.code === "string" &&
    /^[A-Z][A-Z0-9_]+$/.test(e.code) &&
    !!m &&
    typeof m["zh-CN"] === "string" &&
    m["zh-CN"].length > 0 &&
    typeof m.en === "string" &&
    m.en.length > 0
  );
}
