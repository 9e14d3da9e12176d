/**
 * Large-text mode (大字, for owners over 60): bigger type, higher contrast and bigger touch
 * targets, chosen with the header's switch and remembered on this device in localStorage. The
 * class on <html> is set before first paint by the inline script in index.html (same key and
 * class as here); this module keeps it in step when the user switches.
 */
export type TextSize = "normal" | "large";

/** localStorage key; index.html's inline script reads the same key. */
export const TEXT_SIZE_STORAGE = "cl.textSize";
/** The class on <html> that style.css's large-text rules hang on. */
export const LARGE_TEXT_CLASS = "large-text";

function load(): TextSize {
  try {
    return localStorage.getItem(TEXT_SIZE_STORAGE) === "large" ? "large" : "normal";
  } catch {
    return "normal";
  }
}

let current: TextSize = load();
const listeners = new Set<() => void>();

export function textSize(): TextSize {
  return current;
}

/** Sets the class on <html> to match the current size. */
export function applyTextSize(): void {
  document.documentElement.classList.toggle(LARGE_TEXT_CLASS, current === "large");
}

export function setTextSize(size: TextSize): void {
  if (size === current) return;
  current = size;
  try {
    localStorage.setItem(TEXT_SIZE_STORAGE, size);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  applyTextSize();
  for (const fn of listeners) fn();
}

export function toggleTextSize(): void {
  setTextSize(current === "large" ? "normal" : "large");
}

/** Called after the size changes. Returns an unsubscribe function. */
export function onTextSizeChange(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
