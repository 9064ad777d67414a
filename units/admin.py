from django.contrib import admin

from .models import Unit, UnitAlias, UnitGroup


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "parent", "is_active", "valid_from", "valid_until", "order"]
    list_filter = ["kind", "is_active", "requires_head_approval"]
    search_fields = ["name", "code"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]

    def get_readonly_fields(self, request, obj=None):
        # An existing unit's name, code and validity change only by a reorganisation recorded on
        # /reorganisation/ (docs/DOMAIN.md, "The 2025 reorganisation"): a rename there keeps the
        # former name with its date; editing it here would rewrite history.
        if obj is not None:
            return ["name", "code", "is_active", "valid_from", "valid_until"]
        return ["valid_from", "valid_until"]


@admin.register(UnitGroup)
class UnitGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    filter_horizontal = ["units"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(UnitAlias)
class UnitAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "group"]
    search_fields = ["name", "key", "unit__name", "group__name"]
    list_select_related = ["unit", "group"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["key"]

    def has_add_permission(self, request):
        # Aliases come from the plan import's resolution screen, which computes their key.
        return False
