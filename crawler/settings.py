"""Scrapy settings: a polite, identifiable crawler (robots.txt, AutoThrottle, small limits).

`policykb crawl` loads this module and overrides the POLICYKB_* settings from its options;
`scrapy crawl sources` from the repository root uses it through `scrapy.cfg`.
"""

import os

import scrapy.exceptions

from policykb.content import paths

BOT_NAME = "policykb"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Who we are, and where a site owner can reach us (override with POLICYKB_CONTACT_URL).
POLICYKB_CONTACT_URL = os.environ.get(
    "POLICYKB_CONTACT_URL", "https://github.com/policykb/policykb/issues"
)
USER_AGENT = None  # "policykb/VERSION (+POLICYKB_CONTACT_URL)", set by the spider

# Politeness.
ROBOTSTXT_OBEY = True
COOKIES_ENABLED = False
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 20 * 1024 * 1024
DOWNLOAD_WARNSIZE = 5 * 1024 * 1024
# Ask only for encodings every reader of the archive can undo.
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8",
    "Accept-Encoding": "gzip, deflate",
}
# Retry server errors and timeouts only; a 404 or a refused connection is an answer.
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524]
RETRY_EXCEPTIONS = [
    getattr(scrapy.exceptions, "DownloadTimeoutError", "twisted.internet.error.TimeoutError")
]
# Redirects by HTTP status only: `policykb reextract` follows the same chains offline.
METAREFRESH_ENABLED = False
REDIRECT_MAX_TIMES = 20

DOWNLOADER_MIDDLEWARES = {
    # Nearest the network, so that they see every exchange, redirects and errors included.
    "crawler.archive.ArchiveMiddleware": 950,
    "crawler.replay.ReplayMiddleware": 960,
}
ITEM_PIPELINES = {
    "crawler.pipelines.extract.ExtractPipeline": 100,
    "crawler.pipelines.record.RecordPipeline": 200,
    "crawler.pipelines.report.ReportPipeline": 300,
}

# What to crawl and where things go: the defaults of `policykb.content.paths` (a checkout's own
# folders; installed, the working directory's), as for every `policykb` command.
POLICYKB_SOURCES_DIR = str(paths.sources_dir())
POLICYKB_SOURCE_IDS = []  # empty: every active entry
POLICYKB_CORPUS_DIR = str(paths.corpus_dir())
POLICYKB_ARCHIVE_DIR = str(paths.archive_dir())
POLICYKB_REPORT = str(paths.crawl_report())
POLICYKB_TAXONOMY = str(paths.taxonomy_path())
POLICYKB_REPLAY = []  # WARC files to serve responses from instead of the network

LOG_LEVEL = "INFO"
TELNETCONSOLE_ENABLED = False
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
