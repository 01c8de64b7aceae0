"""Evidence flows one way: official files in data/raw/ -> tidy tables in data/.

`make data` (``python -m pipeline``) checks every raw file against data/raw/manifest.yaml, runs
one small module per upstream publication and writes the tables they derive into data/, all or
nothing. Every derived row names where it came from in its ``source_ref`` column (raw file and
line, or workbook sheet and cell). The site build never imports this package: it reads data/.

Modules, one per publication:

- ``usgs_mcs2026``: USGS Mineral Commodity Summaries 2026 data release (+ data/usgs-revisions.csv)
- ``usgs_myb2022``: USGS Minerals Yearbook 2022, rare earths, table 8
- ``usgs_ds140``: USGS Data Series 140, rare-earth historical statistics, 1900-2020
- ``usitc_dataweb``: USITC DataWeb workbooks (US imports and exports by partner)
- ``un_comtrade``: UN Comtrade responses (China's imports of HS 2846 by origin)
"""


class PipelineError(Exception):
    """A raw file or an input is not what the derivation expects; nothing is written."""
