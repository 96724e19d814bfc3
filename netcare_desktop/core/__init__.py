"""The domain, in pure Python: no Qt, no database, time always passed in."""
