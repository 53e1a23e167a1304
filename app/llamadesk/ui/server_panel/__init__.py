"""The window's part for the local server: the panel, and what starts and stops it."""

from llamadesk.ui.server_panel.controller import Running, ServerController
from llamadesk.ui.server_panel.panel import ServerPanel

__all__ = ["Running", "ServerController", "ServerPanel", "connect_server"]


def connect_server(panel: ServerPanel, controller: ServerController, settings, save) -> None:
    """Wire the panel to the controller; the panel's choices are kept in ``settings``."""
    panel.set_settings(settings.server_lan, settings.server_port)

    def start(lan: bool, port: int) -> None:
        settings.server_lan, settings.server_port = lan, port
        save()
        controller.start(lan, port)

    panel.start_requested.connect(start)
    panel.stop_requested.connect(controller.stop)
    panel.new_key_requested.connect(controller.new_key)
    controller.started.connect(panel.show_running)
    controller.stopped.connect(panel.show_stopped)
    controller.failed.connect(panel.show_stopped)
    controller.request_logged.connect(panel.add_request)
