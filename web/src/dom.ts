/** Small DOM helpers: the client has no framework, only these. */

export type Child = Node | string | number | null | undefined | false | readonly Child[];

type Attrs = Record<string, unknown> & {
  class?: string | null;
  testid?: string | null;
  style?: string | null;
  on?: Partial<Record<keyof HTMLElementEventMap, (ev: Event) => void>>;
};

/**
 * Creates an element. Attribute values: `true` sets an empty attribute, `false`/null/undefined
 * omit it; `testid` becomes `data-testid`; properties such as `value`, `checked`, `disabled`
 * are set as properties; `on` adds listeners.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "on") {
        for (const [type, fn] of Object.entries(value as Record<string, (ev: Event) => void>)) {
          el.addEventListener(type, fn);
        }
      } else if (key === "testid") {
        el.setAttribute("data-testid", String(value));
      } else if (key === "value" || key === "checked" || key === "disabled" || key === "selected") {
        (el as unknown as Record<string, unknown>)[key] = value;
        if (key === "disabled" && value) el.setAttribute("disabled", "");
      } else if (value === true) {
        el.setAttribute(key, "");
      } else {
        el.setAttribute(key, String(value));
      }
    }
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
}

/** Replaces all children of `el`. */
export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

/** A message box (role=status for info, role=alert for errors) that can be cleared. */
export function messageBox(testid: string) {
  const el = h("div", { class: "message", testid, role: "status", "aria-live": "polite", hidden: true });
  return {
    el,
    show(text: string, kind: "info" | "error" | "ok" = "info") {
      el.hidden = false;
      el.className = `message message-${kind}`;
      el.setAttribute("role", kind === "error" ? "alert" : "status");
      el.textContent = text;
    },
    clear() {
      el.hidden = true;
      el.textContent = "";
    },
  };
}

/**
 * A labelled form field. `control` may be a box around the control (a file input with its hash,
 * say): the label then names the first input, select or textarea inside it.
 */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const labelled = control.matches(LABELABLE) ? control : (control.querySelector<HTMLElement>(LABELABLE) ?? control);
  const id = labelled.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  labelled.id = id;
  if (hint) labelled.setAttribute("aria-describedby", `${id}-hint`);
  return h(
    "div",
    { class: "field" },
    h("label", { for: id }, label),
    control,
    hint ? h("p", { class: "hint", id: `${id}-hint` }, hint) : null,
  );
}

const LABELABLE = "input, select, textarea";

/** Runs an async click handler with the button disabled meanwhile. */
export function busy(button: HTMLButtonElement, fn: () => Promise<void>): () => void {
  return () => {
    if (button.disabled) return;
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    fn().finally(() => {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    });
  };
}
