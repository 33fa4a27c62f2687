"""Widgets of the interview app: one panel per kind of step, and the network map."""

__all__: list[str] = []  # a namespace: import from its modules
