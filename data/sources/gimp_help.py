"""GIMP's user manual (gimp-help-en, gimp-help-es): DocBook HTML pages paired block by block.

Both languages are built from the same DocBook source, so a page's headings, paragraphs and list
items come in the same order; the few pages whose translation is out of step give nothing."""

from __future__ import annotations

from data.sources.parallel_docs import BlockOrderSource


class GimpHelp(BlockOrderSource):
    kind = "gimp-help"
    domain = "docs"
    licence = "GFDL-NIV-1.2+"  # gimp-help-common's copyright file, which both packages point to
    # DocBook's "Prev / Up / Next" bars above and below every page.
    skip = frozenset(("navheader", "navfooter"))
