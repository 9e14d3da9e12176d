/**
 * No page wider than the screen: every table in the page sits in a box that scrolls sideways
 * when the table is wider than the screen (a roll on a phone, the recount in large text). While
 * it scrolls, the box is a named region in the tab order, so keyboard users can scroll it too
 * (WCAG 2.1.1; axe's scrollable-region-focusable). Pages render tables as they like; this
 * module wraps them as they appear.
 */
import { t } from "./i18n";

const WRAPPER = "table-scroll";

/** Gives `box` a tab stop only while its content is wider than it. */
function followOverflow(box: HTMLElement): void {
  const update = () => {
    if (box.scrollWidth > box.clientWidth + 1) box.tabIndex = 0;
    else box.removeAttribute("tabindex");
  };
  const observer = new ResizeObserver(update);
  observer.observe(box);
  for (const child of box.children) observer.observe(child);
  update();
}

/** The name of a table's region: its caption, else the heading of its section, else a generic one. */
function regionName(table: HTMLTableElement): string {
  const caption = table.caption?.textContent?.trim();
  if (caption) return caption;
  const heading = table.closest("section")?.querySelector("h1, h2, h3")?.textContent?.trim();
  return heading || t("table.region");
}

/** Wraps the tables under `root` that are not wrapped yet. */
export function wrapTables(root: ParentNode): void {
  for (const table of root.querySelectorAll("table")) {
    if (table.parentElement?.classList.contains(WRAPPER)) continue;
    const box = document.createElement("div");
    box.className = WRAPPER;
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", regionName(table));
    table.replaceWith(box);
    box.append(table);
    followOverflow(box);
  }
}

/** Wraps every table that appears under `root` from now on. */
export function watchTables(root: HTMLElement): MutationObserver {
  const observer = new MutationObserver(() => wrapTables(root));
  observer.observe(root, { childList: true, subtree: true });
  wrapTables(root);
  return observer;
}
