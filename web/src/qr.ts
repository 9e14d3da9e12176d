/**
 * Addresses as QR codes: drawn for the account page, read back from a photo, an image file or
 * the camera (jsQR) into the committee's address fields. A code holds the checksummed address,
 * or an EIP-681 `ethereum:0x…` link, which is read the same way.
 */
import jsQR from "jsqr";
import QRCode from "qrcode";
import { getAddress, isAddress, type Address } from "viem";

/** The address a QR code's text names, or null if it names none. */
export function addressFromQrText(text: string): Address | null {
  const m = /^(?:ethereum:)?(0x[0-9a-fA-F]{40})(?:[@/?].*)?$/.exec(text.trim());
  const candidate = m?.[1];
  return candidate && isAddress(candidate, { strict: false }) ? getAddress(candidate) : null;
}

/** A PNG data URL of the address as a QR code (error correction M, 8 px modules). */
export function addressQrDataUrl(address: string): Promise<string> {
  return QRCode.toDataURL(getAddress(address), { errorCorrectionLevel: "M", margin: 4, scale: 8 });
}

/** The text of the first QR code found in the pixels, or null. */
function decodePixels(data: ImageData): string | null {
  return jsQR(data.data, data.width, data.height, { inversionAttempts: "attemptBoth" })?.data ?? null;
}

/** The QR code's text in an image file (a photo or a screenshot), or null if none is found. */
export async function readQrFromImage(file: Blob): Promise<string | null> {
  const bitmap = await createImageBitmap(file);
  // large photos are scaled down: jsQR needs a few pixels per module, not 12 megapixels
  const scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  const g = canvas.getContext("2d", { willReadFrequently: true });
  if (!g) return null;
  g.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  return decodePixels(g.getImageData(0, 0, canvas.width, canvas.height));
}

export const hasCamera = (): boolean => typeof navigator !== "undefined" && typeof navigator.mediaDevices?.getUserMedia === "function";

/**
 * Reads QR codes from the back camera into `video` until `found` accepts one or `stop` is
 * called; the camera is released either way.
 */
export async function scanCamera(video: HTMLVideoElement, found: (text: string) => boolean): Promise<() => void> {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
  video.srcObject = stream;
  video.muted = true;
  video.setAttribute("playsinline", "true");
  await video.play();
  const canvas = document.createElement("canvas");
  const g = canvas.getContext("2d", { willReadFrequently: true });
  let running = true;
  const stop = () => {
    running = false;
    for (const track of stream.getTracks()) track.stop();
    video.srcObject = null;
  };
  const tick = () => {
    if (!running) return;
    if (g && video.videoWidth > 0) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      g.drawImage(video, 0, 0);
      const text = decodePixels(g.getImageData(0, 0, canvas.width, canvas.height));
      if (text !== null && found(text)) return stop();
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  return stop;
}
