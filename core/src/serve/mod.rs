//! Prediction requests: signature validation, canonicalisation, request formats, OpenAPI.
