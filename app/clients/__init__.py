"""Clients: finding, adding, the profile, merging, archiving and erasure (docs/clients.md)."""
