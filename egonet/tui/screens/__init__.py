"""The screens of the interview app."""

__all__: list[str] = []  # a namespace: import from its modules
