"""The Egonet reporter (not built yet)."""
