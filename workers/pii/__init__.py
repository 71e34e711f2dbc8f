"""PII detection and replacement for the worker: Presidio analyzer and anonymizer, loaded once
per process. The api never imports this package."""

import os

# Before anything imports tldextract (Presidio's email and URL recognizers do): it would
# fetch the public suffix list on first use; its bundled snapshot is enough, and workers may
# have no internet.
os.environ["TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"] = ""
