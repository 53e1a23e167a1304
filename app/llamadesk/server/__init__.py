"""LlamaDesk's local OpenAI-compatible server (ASGI, no Qt): the loaded model, served to
other programs (editors, Open WebUI, scripts with the ``openai`` package), safe by
default: 127.0.0.1 only unless an API key is set, no CORS unless origins are listed,
bounded bodies and queues, one generation at a time on the engine the window uses too."""

from llamadesk.server.app import RequestRecord, create_app, model_id
from llamadesk.server.config import DEFAULT_PORT, ServerConfig, ServerError, is_loopback
from llamadesk.server.runner import ServerThread, serve

__all__ = [
    "DEFAULT_PORT",
    "RequestRecord",
    "ServerConfig",
    "ServerError",
    "ServerThread",
    "create_app",
    "is_loopback",
    "model_id",
    "serve",
]
