"""What happens to an information request, for whoever must hear of it.

Sent by this app's services inside the write's transaction, so a rolled-back write
sends nothing; the apps that react (schakel.notifications) connect their receivers
in their AppConfig.ready(), so this app does not depend on them.
"""

from django.dispatch import Signal

# Sent with: information_request.
information_requested = Signal()

# Sent with: information_request.
information_answered = Signal()
