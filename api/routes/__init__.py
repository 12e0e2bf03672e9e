"""HTTP routes split by concern: native API, LibreTranslate compatibility, operations, web page."""
