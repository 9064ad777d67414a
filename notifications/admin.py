from django.contrib import admin

from .models import Delivery, Notification, ReminderRun


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["day", "recipient", "kind", "title", "read_at"]
    list_filter = ["kind", "day"]
    search_fields = ["title", "recipient__username"]
    raw_id_fields = ["recipient"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "channel", "key", "sent_at", "error"]
    list_filter = ["channel"]
    raw_id_fields = ["recipient"]


@admin.register(ReminderRun)
class ReminderRunAdmin(admin.ModelAdmin):
    list_display = ["day", "started_at", "finished_at", "notifications_created", "deliveries_sent", "queries"]
