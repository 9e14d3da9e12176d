/**
 * Request bodies the API cannot read are refused before any route sees them, each with its own
 * code: more than `maxBytes` (413 PAYLOAD_TOO_LARGE), not declared as JSON (415
 * UNSUPPORTED_MEDIA_TYPE), not parseable as JSON (400 MALFORMED_JSON). A request with no body
 * passes on: a route that needs one refuses it in its validation (400 VALIDATION_FAILED).
 */
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { ApiError } from "../errors";

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;
const WITH_BODY = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function bodySizeLimit(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    // The rest of the body is not read, so the connection cannot carry another request: say so,
    // or a keep-alive client would send its next request on a socket about to close.
    onError: (c) => c.json(new ApiError("PAYLOAD_TOO_LARGE", { maxBytes }).toBody(), 413, { connection: "close" }),
  });
}

export const jsonBodyGuard: MiddlewareHandler = async (c, next) => {
  if (!WITH_BODY.has(c.req.method)) return next();
  const text = await c.req.raw.clone().text();
  if (text.length === 0) return next();
  const mediaType = (c.req.header("content-type") ?? "").split(";")[0]!.trim();
  if (!JSON_TYPE.test(mediaType)) {
    return c.json(new ApiError("UNSUPPORTED_MEDIA_TYPE", { contentType: mediaType || null }).toBody(), 415);
  }
  try {
    JSON.parse(text);
  } catch {
    return c.json(new ApiError("MALFORMED_JSON").toBody(), 400);
  }
  return next();
};
