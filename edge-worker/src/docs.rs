//! `/docs` (Swagger UI) and `/redoc`: pages over `/openapi.json` whose scripts and styles are served
//! by the worker's static assets (copied from the pinned npm packages `swagger-ui-dist` and `redoc` at
//! build time), so the docs work with no internet.

/// Where the build puts the npm assets (see `cargo xtask edge` / the `worker-build` suite).
pub const ASSETS: &str = "/assets";

/// The Swagger UI page.
pub fn swagger_ui() -> String {
    format!(
        r##"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Hearth prediction API — Swagger UI</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="{ASSETS}/swagger-ui/swagger-ui.css">
<link rel="icon" type="image/png" href="{ASSETS}/swagger-ui/favicon-32x32.png">
</head><body><div id="swagger-ui"></div>
<script src="{ASSETS}/swagger-ui/swagger-ui-bundle.js"></script>
<script>
window.ui = SwaggerUIBundle({{ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true,
  validatorUrl: null, tryItOutEnabled: true }});
</script></body></html>
"##
    )
}

/// The ReDoc page.
pub fn redoc() -> String {
    format!(
        r##"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Hearth prediction API — ReDoc</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body {{ margin: 0; }} a[href*="redocly.com"] img {{ display: none; }}</style>
</head><body><redoc spec-url="/openapi.json"></redoc>
<script src="{ASSETS}/redoc/redoc.standalone.js"></script>
</body></html>
"##
    )
}
