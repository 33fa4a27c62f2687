"""Widgets of the interview app: one panel per kind of step, and the network map."""
