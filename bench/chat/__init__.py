"""Helpers for bench/bench_chat.py: the load client and the two reference servers."""
