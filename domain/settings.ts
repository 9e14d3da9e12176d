/** A community's own rules where the law leaves room (the registry's `Settings` struct). */
import { DEFAULT_ADHOC_NOTICE_DAYS, DEFAULT_NOTICE_DAYS, DEFAULT_OBJECTION_DAYS } from "./matters";

export interface CommunitySettings {
  readonly noticeDays: number;
  readonly adHocNoticeDays: number;
  readonly objectionDays: number;
  /** An owner may change an electronic ballot until voting closes. */
  readonly allowBallotChange: boolean;
  /** Parking spaces and stalls are left out of the electorate. */
  readonly excludeParkingArea: boolean;
  /**
   * A provisional result may become final while an objection (询异) is unanswered. Off by
   * default: the committee answers every objection before a result is final.
   */
  readonly finalWithOpenObjections: boolean;
}

export const DEFAULT_SETTINGS: CommunitySettings = {
  noticeDays: DEFAULT_NOTICE_DAYS,
  adHocNoticeDays: DEFAULT_ADHOC_NOTICE_DAYS,
  objectionDays: DEFAULT_OBJECTION_DAYS,
  allowBallotChange: true,
  excludeParkingArea: false,
  finalWithOpenObjections: false,
};
