from django.dispatch import Signal

# Sent after commit when one user blocks another. Arguments: blocker, blocked.
block_created = Signal()
