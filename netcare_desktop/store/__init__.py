"""Persistence with peewee over one SQLite file.  Never imports Qt."""
