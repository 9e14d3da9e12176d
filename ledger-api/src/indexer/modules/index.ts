/** Each module's event handlers (one entry per module of chain/modules.ts; the type makes it complete). */
import type { ModuleName } from "../../../../chain/modules";
import type { ModuleEventHandlers } from "../handlers";
import { registryEvents } from "./registry";
import { votingEvents } from "./voting";
import { fundEvents, reportsEvents } from "./fund";
import { documentEvents } from "./documents";

export const MODULE_EVENTS = {
  registry: registryEvents,
  voting: votingEvents,
  fund: fundEvents,
  reports: reportsEvents,
  documents: documentEvents,
} as const satisfies Record<ModuleName, ModuleEventHandlers>;
