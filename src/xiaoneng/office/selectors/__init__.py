"""Reads of daily government work, each scoped by what the actor may see."""
