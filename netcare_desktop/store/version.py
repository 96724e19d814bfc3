"""The schema version this code writes; the migration ladder lives in schema.py."""

SCHEMA_VERSION = 5
