"""Request and response bodies: `common` (shared field types), `v1` (native API), `libre` (LibreTranslate),
`ops` (readiness and reload).
"""
