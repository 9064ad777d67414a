from django.urls import path

from . import views

app_name = "reorganisation"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("new/", views.record, name="record"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/undo/", views.undo, name="undo"),
]
