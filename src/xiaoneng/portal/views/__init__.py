"""The public portal's pages; see `urls.py`."""
