/** Reads back the QR code an <img> of the page shows (drawn on a canvas in the page, decoded by jsQR in Node). */
import jsQR from "jsqr";
import type { Page } from "playwright-core";

export async function readQr(page: Page, testid: string): Promise<string | null> {
  const pixels = await page.evaluate(async (id) => {
    const img = document.querySelector<HTMLImageElement>(`[data-testid="${id}"]`)!;
    await img.decode();
    const c = document.createElement("canvas");
    c.width = img.naturalWidth;
    c.height = img.naturalHeight;
    const g = c.getContext("2d")!;
    g.drawImage(img, 0, 0);
    return { width: c.width, height: c.height, data: Array.from(g.getImageData(0, 0, c.width, c.height).data) };
  }, testid);
  return jsQR(new Uint8ClampedArray(pixels.data), pixels.width, pixels.height)?.data ?? null;
}
