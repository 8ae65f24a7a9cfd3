"""What retention tells the apps above it (schakel.notifications) that hold data on a case
without a foreign key to it: a message that names a case by its reference only.

Sent inside the removal's transaction, before the cases go, with `cases` (a list) and
`dry_run`. A receiver removes what it holds on those cases (or only counts it on a dry
run) and returns {kind: number}; the counts go into the RetentionRun.
"""

from django.dispatch import Signal

removing_case_data = Signal()
