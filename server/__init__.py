"""The Egonet remote data server (not built yet: the interviews stay in the local store).

``egonet-server`` exists so that installs and scripts can name it; it says so and exits.
"""
