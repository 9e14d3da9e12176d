/**
 * A refusal from a domain function: a stable machine-readable code plus a message in
 * zh-CN and English that tells the user what to fix (DESIGN.md "Bad input").
 */
export class DomainError extends Error {
  readonly code: string;
  readonly zh: string;
  readonly en: string;

  constructor(code: string, zh: string, en: string) {
    super(`${code}: ${en}`);
    this.name = "DomainError";
    this.code = code;
    this.zh = zh;
    this.en = en;
  }
}
