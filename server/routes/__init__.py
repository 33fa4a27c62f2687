"""The API's endpoints, one router per audience: clinicians' data, aggregate and research figures, admin."""

__all__: list[str] = []  # a namespace: import from its modules
