"""The django-viewflow peer of bench_cases.py (bench/_viewflow_peer/run.py)."""
