"""Signals other apps listen to (the matcher's index, for one)."""

from django.dispatch import Signal

# Sent after commit when anything the matcher reads about a mentor changed.
# Arguments: mentor_id (the user's id).
mentor_changed = Signal()
