"""Views of this part; see urls.py."""
