/**
 * The language a proposal is written in. A proposal's title, text and options go on chain as
 * the drafter wrote them, in one language the drafter chooses; the interface the drafter happens
 * to use does not choose it. Owners read it in that language whatever their interface's.
 */
export const PROPOSAL_LANGUAGES = ["zh-CN", "en"] as const;
export type ProposalLanguage = (typeof PROPOSAL_LANGUAGES)[number];

/** The default language of a new proposal: the owners' own, whatever the drafter's interface. */
export const DEFAULT_PROPOSAL_LANGUAGE: ProposalLanguage = "zh-CN";

const STANDARD_OPTIONS: Record<ProposalLanguage, readonly [string, string, string]> = {
  "zh-CN": ["同意", "反对", "弃权"],
  en: ["For", "Against", "Abstain"],
};

/** The three options of a for / against / abstain vote, in the proposal's language. */
export function standardOptions(language: ProposalLanguage): string[] {
  return [...STANDARD_OPTIONS[language]];
}

/** The language recorded for a text, if it is one a proposal can be written in. */
export function asProposalLanguage(value: string | null | undefined): ProposalLanguage | null {
  return PROPOSAL_LANGUAGES.find((l) => l === value) ?? null;
}
