from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class AccessConfig(AppConfig):
    name = "schakel.access"
    label = "access"

    def ready(self) -> None:
        # The policy reads a procesregisseur's directed tables and noodtoegang once per
        # request (schakel.access.policy.policy_facts); any change to them in this process
        # makes every user read them again.
        from schakel.access.models import EmergencyAccess
        from schakel.access.policy import policy_facts_changed
        from schakel.tables.models import Table

        directors = Table.procesregisseurs.through
        m2m_changed.connect(policy_facts_changed, sender=directors, dispatch_uid="facts-m2m")
        for signal in (post_save, post_delete):
            signal.connect(policy_facts_changed, sender=directors, dispatch_uid="facts-link")
            signal.connect(policy_facts_changed, sender=EmergencyAccess, dispatch_uid="facts-ea")
            signal.connect(policy_facts_changed, sender=Table, dispatch_uid="facts-table")
