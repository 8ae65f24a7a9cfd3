"""Schakel's own settings, unchanged, plus one bare page for the benchmark (bench_urls)."""

from schakel.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
