"""Scrapy settings for newsbot: polite by default, every project setting named NEWSBOT_*."""

BOT_NAME = "newsbot"
SPIDER_MODULES = ["newsbot.spiders"]
NEWSPIDER_MODULE = "newsbot.spiders"
# `scrapy crawl` exits 3 when the crawl stopped with work left (newsbot/commands/crawl.py)
COMMANDS_MODULE = "newsbot.commands"

# --- Politeness: real sites are crawled as a considerate reader would ---------------------
USER_AGENT = "newsbot/0.1 (news article crawler; Scrapy)"
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.25
DOWNLOAD_TIMEOUT = 60
RETRY_TIMES = 2
REDIRECT_MAX_TIMES = 10

# --- Components and safety -------------------------------------------------------------------
# The newsbot add-on (newsbot/addon.py), the same one any Scrapy project can use, installs:
# - the cleaner middleware and the normalize, validate, deduplicate, near-duplicate (off unless
#   NEWSBOT_DEDUP_NEAR) and JSONL writer pipelines;
# - the duplicate filter and scheduler: with NEWSBOT_REDIS_URL the shared Redis queue
#   (newsbot/distributed.py); without it in-memory fingerprints even with JOBDIR, because after a
#   kill -9 the output file, not a fingerprint file, says what is done (newsbot/dupefilter.py);
# - with JOBDIR, a request queue whose damaged file is set aside instead of hanging the crawl;
# - the stats file and resume report extensions;
# - safety: no response above 16 MiB (a warning from 4 MiB), Scrapy 2.19's remote-control
#   extension (a code-execution endpoint on every crawl) and the telnet console off.
ADDONS = {
    "newsbot.addon.Newsbot": 0,
}
LOG_LEVEL = "INFO"
# A dropped item is one line (its reason and URL), and an expected outcome, counted in the
# stats as item_dropped_reasons_count/<reason>: INFO, not WARNING.
LOG_FORMATTER = "newsbot.logformatter.OneLineLogFormatter"
DEFAULT_DROPITEM_LOG_LEVEL = "INFO"

# --- newsbot settings (each can be given on the command line: -s NAME=value) ---------------
NEWSBOT_OUTPUT = None  # JSONL path to append articles to; default output/<spider>.jsonl
NEWSBOT_OUTPUT_DIR = "output"  # folder for the default output path
NEWSBOT_OUTPUT_OVERWRITE = False  # start the output file afresh instead of appending
NEWSBOT_MIN_TEXT_CHARS = 200  # articles with less text than this are dropped (TooLittleText)
NEWSBOT_CLEANER_ENABLED = True  # run the cleaner middleware on article pages
NEWSBOT_CLEANER_MAIN_SHARE = 0.75  # share of a page's prose the article region must hold
NEWSBOT_CLEANER_WORKERS = -1  # processes that clean pages off the download loop (-1: one per core, 0: none)
NEWSBOT_CLEANER_TIMEOUT = 30.0  # seconds one page may take to clean before it is dropped (PageTimeout)
NEWSBOT_TRACKING_PARAMS = []  # query parameters to strip from canonical URLs, besides utm_* and the built-in list
NEWSBOT_PIPELINES_FIRST = False  # run newsbot's pipelines before the project's own instead of after them
NEWSBOT_DEDUP_CONTENT = True  # also drop items whose text hash was seen in this crawl
NEWSBOT_DEDUP_NEAR = False  # also drop items whose text is a near copy of one written before (NearDuplicate)
NEWSBOT_DEDUP_NEAR_THRESHOLD = 0.8  # Jaccard similarity of word 5-shingles from which two texts are near copies
NEWSBOT_MARKDOWN = False  # also write each article as Markdown, in the record's "markdown" field
NEWSBOT_STATS_FILE = None  # write the crawl's final stats as JSON to this path
NEWSBOT_DENY_PATTERNS = []  # URL regexes the articles spider never follows, besides login/feed/print/share pages
NEWSBOT_REDIS_URL = None  # redis://[:password@]host:port/db: share one queue among workers (see README, Scaling out)
NEWSBOT_REDIS_PREFIX = None  # Redis key prefix; default newsbot:<spider>
NEWSBOT_REDIS_FLUSH = False  # delete the shared queue and its fingerprints first, to crawl everything again
NEWSBOT_REDIS_HEARTBEAT = 5.0  # seconds between a worker's heartbeats; 3 missed ones and its requests are requeued
NEWSBOT_IDLE_CLOSE = 60.0  # a worker exits once the shared queue has been empty this many seconds
NEWSBOT_REDIS_LOST_CLOSE = 60.0  # a worker that lost Redis waits this many seconds for it, then stops (reason redis_lost)
