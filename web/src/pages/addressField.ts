/**
 * An address field (0x…, 20 bytes): typed or pasted. Every address field of the committee's
 * forms is built here.
 */
import { field, h } from "../dom";

export function addressField(testid: string, label: string, hint?: string): { el: HTMLElement; input: HTMLInputElement } {
  const input = h("input", { type: "text", testid, placeholder: "0x…", spellcheck: "false", autocomplete: "off" });
  return { el: field(label, input, hint), input };
}
