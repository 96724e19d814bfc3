"""The window's feature controllers, each built the first time it is used.

Start-up builds only what the first frame needs (the contact commands and the
import controller); the others wait for their first command (each module that
imports Qt costs about a millisecond of start-up to load).
"""

from __future__ import annotations

from functools import cached_property

from netcare_desktop.ui.actions import Tab


class Controllers:
    def __init__(self, window):
        self.window = window
        self.services = window.services

    @cached_property
    def hub(self):
        from netcare_desktop.ui.reminder_hub import ReminderHub

        return ReminderHub(self.services, self.window, self.window)

    @cached_property
    def composer(self):
        from netcare_desktop.ui.compose_commands import ComposeCommands

        c = ComposeCommands(self.services, self.window)
        c.written.connect(self.window.select_contact)
        return c

    @cached_property
    def groups(self):
        from netcare_desktop.ui.groups_controller import GroupsController

        w = self.window
        return GroupsController(
            self.services, lambda: w.groups_view, lambda: w.show_tab(Tab.GROUPS), w
        )

    @cached_property
    def queue(self):
        from netcare_desktop.ui.queue_commands import QueueCommands

        w = self.window
        return QueueCommands(self.services, lambda: w.reminders, self.composer.compose, w)

    @cached_property
    def exports(self):
        from netcare_desktop.ui.export_flow import ExportCommands

        w = self.window
        return ExportCommands(self.services, lambda: w.dashboard, w)

    @cached_property
    def backups(self):
        from netcare_desktop.ui.backup_commands import BackupsController

        return BackupsController(self.services, self.window.commands.clear_undo, self.window)

    @cached_property
    def import_history(self):
        from netcare_desktop.ui.import_history import ImportHistory

        return ImportHistory(self.services, self.window.importer.start, self.window)

    def built(self, name: str) -> bool:
        return name in self.__dict__
