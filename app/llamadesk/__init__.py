"""LlamaDesk: chat with LLaMA-family models that run on your own computer.

``core`` is plain Python (no Qt): the engine seam and its engines, the Hub, the models on
disk, the conversation store, this machine's devices and the rules of a chat turn. ``ui``
is the PySide6 window over it, ``cli`` the terminal front end over the same core.
"""
