/**
 * The JSON bodies of the REST API (/api/v1, /api/gui) as records: serialized with Jackson in snake_case (each
 * record carries {@code @JsonNaming}), and named by `outType`/`type` in routes/rest-api.yaml and routes/cron.yaml,
 * where they become the schemas of the OpenAPI document. Times are UTC ISO-8601 strings.
 */
package dev.hinksbot.gateway.web.api.view;
