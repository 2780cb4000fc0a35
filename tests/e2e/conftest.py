"""The browser fixtures (browser, page, screenshot) live in the repository's root conftest.py."""
