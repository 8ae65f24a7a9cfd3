"""Django admin for the bootstrap superuser. Day-to-day account work is done in /beheer/,
which goes through the services (and so writes the security events); the admin
therefore shows roles and security records read-only."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from schakel.accounts.models import (
    RoleAssignment,
    RoleGrant,
    SecurityEvent,
    User,
    UserSession,
)


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class RoleAssignmentInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0


class RoleGrantInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = RoleGrant
    fk_name = "user"
    extra = 0


@admin.register(User)
class SchakelUserAdmin(UserAdmin):
    list_display = ("username", "first_name", "last_name", "organisation", "is_active")
    list_filter = ("is_active", "is_superuser", "organisation__region")
    list_select_related = ("organisation",)
    inlines = [RoleAssignmentInline, RoleGrantInline]
    fieldsets = (
        *UserAdmin.fieldsets,
        (_("Schakel"), {"fields": ("organisation", "phone", "job_title")}),
    )


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("occurred_at", "kind", "username", "actor", "ip_address")
    list_filter = ("kind",)
    search_fields = ("username",)
    list_select_related = ("actor",)


@admin.register(UserSession)
class UserSessionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("user", "started_at", "last_seen_at", "ip_address")
    list_select_related = ("user",)
    exclude = ("session_key",)
