from django.contrib import admin

from schakel.organisations.models import Municipality, Organisation, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", "code")


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "cbs_code", "region")
    list_filter = ("region",)
    list_select_related = ("region",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "region", "domain", "kind", "convenant_signed_on", "is_active")
    list_filter = ("region", "domain", "is_active")
    list_select_related = ("region",)
    search_fields = ("name",)
