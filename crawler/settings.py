"""Scrapy settings for polwire crawls, grouped; polwire's own settings carry a POLWIRE_ prefix."""

from __future__ import annotations

from scrapy.settings import default_settings as _scrapy_defaults

# --- Project ----------------------------------------------------------------
BOT_NAME = "polwire"
# Spiders are not modules: every registry source is a spider (see spider_loader).
SPIDER_MODULES: list[str] = []
SPIDER_LOADER_CLASS = "crawler.spider_loader.RegistrySpiderLoader"
TELNETCONSOLE_ENABLED = False
# Scrapy's remote-control server (an HTTP endpoint that runs Python code sent to it, on by
# default since Scrapy 2.16) has no use in an unattended crawl.
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = "INFO"
LOG_FORMATTER = "crawler.logformatter.PolwireLogFormatter"

# --- Politeness -------------------------------------------------------------
ROBOTSTXT_OBEY = True
POLWIRE_CONTACT_URL = "https://github.com/polwire/polwire"
# Made from [crawl] contact_url and user_agent by crawler.config_addon.
USER_AGENT = "polwire/0.1 (+https://github.com/polwire/polwire; politics news archiver)"
CONCURRENT_REQUESTS = 16
# Items one response's output is processed with at once. A page yields one item; Scrapy's
# 100 made 100 asyncio tasks per response (18,000 on the 180-page bench site, about 0.5
# CPU-s of a crawl's main process) for nothing.
CONCURRENT_ITEMS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0  # the floor; AutoThrottle sets the real per-domain delay
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# A request given up is said in one line by the spider (its role, URL and error class); Scrapy's
# own give-up line would say it twice on the terminal: it goes to the run's log only.
RETRY_GIVE_UP_LOG_LEVEL = "INFO"
COOKIES_ENABLED = False
# robots.txt Crawl-delay and Retry-After (crawler.politeness): longer asks are capped here.
POLWIRE_CRAWL_DELAY_MAX = 60.0  # seconds; a larger Crawl-delay is used as this, with a warning
POLWIRE_RETRY_AFTER_MAX = 300.0  # seconds; a page asking for longer is given up for this crawl
POLWIRE_RETRY_AFTER_TIMES = 3  # Retry-After retries of one page before giving it up
# A 429/503 without Retry-After pauses its domain this long, doubling with each such answer
# in a row (up to the max); any other answer ends the streak. RETRY_TIMES bounds the retries.
POLWIRE_BACKOFF_START = 5.0
POLWIRE_BACKOFF_MAX = 120.0

# --- Components -------------------------------------------------------------
DOWNLOADER_MIDDLEWARES = {
    # First of all: only http(s), and no private address outside the crawl's own origins
    # (crawler/download/web_only.py), before robots.txt is fetched for a new host.
    "crawler.download.web_only.WebOnlyMiddleware": 40,
    # Scrapy's, but every request that waited for robots.txt is judged by it (see the module).
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.politeness.robots_rules.RobotsRulesMiddleware": 100,
    # Between HttpCompression (590) and Retry (550): see crawler/politeness/middleware.py.
    "crawler.politeness.middleware.PolitenessMiddleware": 570,
    # Before HttpCompression (590): writes responses as they came (POLWIRE_WARC_DIR only).
    "crawler.warc.writer.WarcMiddleware": 595,
    # Last before the download: the cluster-wide per-domain limits (crawler/politeness/
    # cluster_limits.py), on only when a cluster is configured.
    "crawler.politeness.cluster_limits.ClusterLimitsMiddleware": 950,
}
DOWNLOAD_HANDLERS = {
    # Scrapy's HTTP/1.1 handler, plus POLWIRE_HOST_MAP (local mirrors in tests).
    "http": "crawler.download.host_map.HostMapDownloadHandler",
    "https": "crawler.download.host_map.HostMapDownloadHandler",
    # Only the web: a feed listing file:///etc/passwd or data: URLs reads nothing (the
    # middleware above refuses them first; these are off should it ever be left out).
    "file": None,
    "data": None,
    "ftp": None,
    "s3": None,
}
# Scrapy's caching resolver plus the address guard (crawler/download/address_guard.py):
# names of hosts outside the crawl's origins are never connected to at non-public addresses.
TWISTED_DNS_RESOLVER = "crawler.download.address_guard.GuardedResolver"
# [crawl] allow_private_networks: links may lead anywhere, loopback and private included
# (local testing only).
POLWIRE_ALLOW_PRIVATE_NETWORKS = False
ADDONS = {
    # Reads polwire.toml once and hands it to every component (POLWIRE_LOADED_CONFIG).
    "crawler.config_addon.ConfigAddon": 0,
}
# Components that are off here are left out of Scrapy's *_BASE lists, not set to None in
# EXTENSIONS: Scrapy imports every key it is given, and these three cost a crawl that finds
# nothing new about 0.25 CPU-s of imports (aiohttp, twisted.conch, tldextract). Turned on
# (`-s COOKIES_ENABLED=true`), crawler.config_addon puts the component back. (Lower case:
# not a Scrapy setting.)
optional_components = {
    "scrapy.extensions.remote_control.RemoteControl": ("EXTENSIONS", "REMOTE_CONTROL_ENABLED"),
    "scrapy.extensions.telnet.TelnetConsole": ("EXTENSIONS", "TELNETCONSOLE_ENABLED"),
    "scrapy.downloadermiddlewares.cookies.CookiesMiddleware": (
        "DOWNLOADER_MIDDLEWARES",
        "COOKIES_ENABLED",
    ),
}
EXTENSIONS_BASE = {
    k: v for k, v in _scrapy_defaults.EXTENSIONS_BASE.items() if k not in optional_components
}
DOWNLOADER_MIDDLEWARES_BASE = {
    k: v
    for k, v in _scrapy_defaults.DOWNLOADER_MIDDLEWARES_BASE.items()
    if k not in optional_components
}
EXTENSIONS = {
    "crawler.extensions.run_recorder.RunRecorder": 10,
    "crawler.extensions.progress.CrawlProgress": 20,
}
ITEM_PIPELINES = {
    "pipelines.normalize.NormalizePipeline": 100,
    "pipelines.validate.ValidatePipeline": 200,
    "pipelines.coverage.CoveragePipeline": 250,
    "pipelines.deduplicate.DeduplicatePipeline": 300,
    "pipelines.store.StorePipeline": 400,
}

# --- polwire ----------------------------------------------------------------
POLWIRE_DATABASE_URL = None  # else DATABASE_URL, the config file, the embedded server
POLWIRE_HOME = None  # else POLWIRE_HOME, ~/.local/share/polwire
POLWIRE_CONFIG = None  # else POLWIRE_CONFIG, ./polwire.toml
POLWIRE_HOST_MAP: dict[str, str] = {}  # host -> base URL to fetch it from (local mirrors)
POLWIRE_STORE_BATCH_SIZE = 500  # or POLWIRE_STORE_FLUSH_SECONDS, whichever comes first
# Short, so batches are stored while the crawl goes on: with 30 s, a short crawl stored
# everything after its last page (0.6-1 s of its 4-5 s on the bench site, bench/crawl.py).
POLWIRE_STORE_FLUSH_SECONDS = 3
# Search vectors are made after each batch commits, in a thread (storage.search_index); a
# crawl waits at most this long at its end for them (a crawl is at most a batch behind; an
# older backlog left by a killed crawl is the scheduler's housekeeping's to index).
POLWIRE_SEARCH_INDEX_WAIT = 60
POLWIRE_MIN_BODY_WORDS = 40
POLWIRE_RUN_TRIGGER = "manual"
# Health-check the run when it closes (monitoring/health.py), for `scrapy crawl NAME`; the
# runs `polwire crawl`, the scheduler and the workers start are judged by polwire.runs.
POLWIRE_JUDGE_RUN = True
POLWIRE_PROGRESS_SECONDS = 30  # a progress line this often (0: none)
POLWIRE_INCREMENTAL = True  # skip URLs already stored unless their feed says they changed
# Worker processes that extract pages (crawler/extraction_pool.py); None: one per core, 0: in
# the crawl's own process.
POLWIRE_EXTRACT_WORKERS = None
# Also write every fetched response as WARC request/response records under this directory
# ([crawl] warc_dir, `polwire crawl --warc DIR`), in files of at most POLWIRE_WARC_MAX_BYTES.
POLWIRE_WARC_DIR = None
POLWIRE_WARC_MAX_BYTES = 1024**3
# `polwire import`: a record larger than this is skipped (RecordTooLarge), as a crawl skips
# a page over DOWNLOAD_MAXSIZE.
POLWIRE_IMPORT_MAX_RECORD_BYTES = 10 * 1024 * 1024
# Cluster (docs/cluster.md): None = on when [cluster] broker_url or POLWIRE_BROKER_URL is set.
POLWIRE_CLUSTER_LIMITS = None  # per-domain limits shared by every crawl, in PostgreSQL
POLWIRE_LOG_TO_DATABASE = None  # the run's log also shipped to PostgreSQL (run_log_chunks)
POLWIRE_WORKER_ID = None  # set by `polwire worker` for the crawls it runs
POLWIRE_DISPATCH_ID = None  # the crawl_dispatches row a worker's crawl runs for
