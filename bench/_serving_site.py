"""Settings of the serving benchmark (bench_serving.py): the product's
settings and middleware, with the URLconf of _serving_urls.py."""

from xiaoneng.config.settings import *  # noqa: F403

ROOT_URLCONF = "_serving_urls"
