"""OS integration: autostart, single instance, notifications."""
