"""What happens to a meeting, for whoever must hear of it.

Sent by this app's services inside the write's transaction, so a rolled-back write
sends nothing; the apps that react (schakel.notifications) connect their receivers
in their AppConfig.ready(), so this app does not depend on them.
"""

from django.dispatch import Signal

# Sent with: meeting (the invitees may have changed: new ones hear of it).
invitations_changed = Signal()

# Sent with: meeting.
meeting_cancelled = Signal()
