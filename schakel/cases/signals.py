"""What happens to a case, for whoever must hear of it.

Sent by this app's services inside the write's transaction, so a rolled-back write
sends nothing; the apps that react (schakel.notifications) connect their receivers
in their AppConfig.ready(), so this app does not depend on them.
"""

from django.dispatch import Signal

# Sent with: case, before (the organisation ids that held the regie before).
regie_holders_changed = Signal()

# Sent with: case (now samengevoegd), into (the case it was merged into), inside the
# merge transaction: the apps that hang their rows on the case move them along.
case_merged = Signal()
