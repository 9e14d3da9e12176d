/**
 * Reads logs over a block range in one request, or, when the node or the HTTP transport refuses
 * the answer for its size (a busy stretch of blocks: viem's 10 MB response limit, a node's cap on
 * results), in halves, recursively, down to a single block. The indexer, the verifier and the
 * fund's chain reader all read logs through it, so none stalls on a range that grew too large.
 */

/** The node or the transport refused a getLogs answer for its size: the range must shrink. */
export function tooManyLogs(err: unknown): boolean {
  const e = err as { name?: string; message?: string; details?: string; cause?: unknown } | undefined;
  const text = `${e?.name ?? ""} ${e?.message ?? String(err)} ${e?.details ?? ""}`;
  if (/ResponseBodyTooLarge|exceeded the size limit|more than \d+ results|query returned more than|response size exceeded|log response size|too large/i.test(text)) {
    return true;
  }
  return e?.cause !== undefined && e.cause !== err ? tooManyLogs(e.cause) : false;
}

export async function logsSplittingRange<T>(fetch: (from: bigint, to: bigint) => Promise<readonly T[]>, from: bigint, to: bigint): Promise<T[]> {
  try {
    return [...(await fetch(from, to))];
  } catch (err) {
    if (!tooManyLogs(err) || from >= to) throw err;
    const mid = from + (to - from) / 2n;
    return [...(await logsSplittingRange(fetch, from, mid)), ...(await logsSplittingRange(fetch, mid + 1n, to))];
  }
}
