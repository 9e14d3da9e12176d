/**
 * The API's docs page (/docs): Swagger UI over /openapi.json, with a stylesheet that raises
 * Swagger UI's own colours to WCAG AA contrast (4.5:1 for its small text). Swagger UI's method
 * badges (white on light blue or green), its version badges, links and "expand" buttons fall
 * short of it; the overrides below keep each colour's hue, darker.
 */

/** Overrides after swagger-ui.css: same selectors, so the later rule wins. */
export const DOCS_CONTRAST_CSS = `
.swagger-ui .info .title small { background: #4d535e; }
.swagger-ui .info .title small.version-stamp { background: #3d6600; }
.swagger-ui .info .title small pre { color: #fff; }
.swagger-ui .info a, .swagger-ui .info .url, .swagger-ui .info .link { color: #1b5fb0; }
.swagger-ui .btn.authorize { color: #0a6b3f; border-color: #0a6b3f; }
.swagger-ui .btn.authorize span { color: #0a6b3f; }
.swagger-ui .btn.authorize svg { fill: #0a6b3f; }
.swagger-ui .opblock.opblock-get .opblock-summary-method { background: #0b5cad; }
.swagger-ui .opblock.opblock-post .opblock-summary-method { background: #0a6b3f; }
.swagger-ui .opblock.opblock-put .opblock-summary-method { background: #8a4b00; }
.swagger-ui .opblock.opblock-delete .opblock-summary-method { background: #b00020; }
.swagger-ui .opblock.opblock-patch .opblock-summary-method { background: #00695c; }
.swagger-ui .opblock.opblock-head .opblock-summary-method { background: #6a1b9a; }
.swagger-ui .opblock.opblock-options .opblock-summary-method { background: #0d47a1; }
.swagger-ui .json-schema-2020-12-expand-deep-button { color: #4a4a4a; }
`;

/** The docs page. */
export function docsPageHtml(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Community Ledger API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"><style>${DOCS_CONTRAST_CSS}</style></head><body><div id="ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script>SwaggerUIBundle({ url: "/openapi.json", dom_id: "#ui" });</script></body></html>`;
}
