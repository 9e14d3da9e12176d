/**
 * A community's maintenance fund as the API answers with it: the FundEvent rows of the index
 * replayed with domain/fund/ledgerReplay.ts (the same replay the browser runs over the chain's
 * logs). A replay is kept per community until a new fund event of that community is indexed.
 */
import type { Hex } from "viem";
import { fundEventOf } from "../../../chain/fundEvents";
import { replayFund, type FundEvent, type FundState } from "../../../domain/fund/ledgerReplay";
import type { PrismaClient } from "../generated/prisma/client";
import { decodeTagged } from "../json";

/** A FundReports event of the community (statements, ratings), decoded. */
export interface ReportEvent {
  eventName: string;
  args: Record<string, unknown>;
  time: bigint;
  block: bigint;
  logIndex: number;
  txHash: Hex;
}

export interface CommunityFund {
  state: FundState;
  events: FundEvent[];
  reports: ReportEvent[];
}

const REPORT_EVENTS = new Set(["StatementPublished", "StatementConfirmed", "WorkRated"]);

export class FundStates {
  private readonly cache = new Map<bigint, { key: string; fund: CommunityFund }>();

  constructor(private readonly prisma: PrismaClient) {}

  async load(communityId: bigint): Promise<CommunityFund> {
    const last = await this.prisma.fundEvent.findFirst({
      where: { communityId },
      orderBy: [{ blockNumber: "desc" }, { logIndex: "desc" }],
      select: { blockNumber: true, logIndex: true },
    });
    const count = await this.prisma.fundEvent.count({ where: { communityId } });
    const key = `${count}:${last?.blockNumber ?? ""}:${last?.logIndex ?? ""}`;
    const hit = this.cache.get(communityId);
    if (hit && hit.key === key) return hit.fund;
    const rows = await this.prisma.fundEvent.findMany({
      where: { communityId },
      orderBy: [{ blockNumber: "asc" }, { logIndex: "asc" }],
    });
    const events: FundEvent[] = [];
    const reports: ReportEvent[] = [];
    for (const r of rows) {
      const args = decodeTagged(r.args) as Record<string, unknown>;
      const meta = { time: r.time, block: r.blockNumber, logIndex: r.logIndex, txHash: r.txHash as Hex };
      if (REPORT_EVENTS.has(r.eventName)) {
        reports.push({ eventName: r.eventName, args, ...meta });
        continue;
      }
      const ev = fundEventOf(r.eventName, args, meta);
      if (ev) events.push(ev);
    }
    const fund = { state: replayFund(events), events, reports };
    this.cache.set(communityId, { key, fund });
    return fund;
  }
}
