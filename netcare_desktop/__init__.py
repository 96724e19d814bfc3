"""NetCare Desktop: a local-first personal CRM for keeping a career network healthy."""

__version__ = "0.1.0"
APP_NAME = "NetCare"
