/**
 * Fills a message template, for the web client and the command-line verifier alike:
 * "{name}" takes a parameter, and "{n|owner|owners}" picks the English singular or plural for
 * the number n (a count such as "1,204" with digit groups counts too; Chinese has no plural forms).
 */
const plural = new Intl.PluralRules("en");

function countOf(v: string | number): number {
  return typeof v === "number" ? v : Number(v.replace(/[,\s]/g, ""));
}

export function fillTemplate(template: string, params: Readonly<Record<string, string | number>>): string {
  return template
    .replace(/\{(\w+)\|([^|}]*)\|([^}]*)\}/g, (m, name: string, one: string, other: string) => {
      const v = params[name];
      return v === undefined ? m : plural.select(countOf(v)) === "one" ? one : other;
    })
    .replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}
