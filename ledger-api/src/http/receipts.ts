/** A relay receipt as the API shows it: the relayer's receipt with its status one the API documents. */
import type { RelayJob } from "../generated/prisma/client";
import { toReceipt, type Receipt as RelayReceipt } from "../relayer/ballots";
import { ReceiptStatus, type Receipt } from "./schemas";

/** The `Receipt` answer of a relayer's receipt; a status the schema does not name is a bug, answered as an error. */
export function receiptAnswer(r: RelayReceipt): Receipt {
  return { ...r, status: ReceiptStatus.parse(r.status) };
}

/** The `Receipt` answer of a relay job. */
export function receiptOf(job: RelayJob): Receipt {
  return receiptAnswer(toReceipt(job));
}
