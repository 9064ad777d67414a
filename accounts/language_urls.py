"""The language switch, mounted by cchc/urls.py under i18n/ in place of Django's own
(django.conf.urls.i18n), with the same URL and name ("set_language"), so that the choice is
kept in the signed-in user's profile as well as in the cookie."""

from django.urls import path

from . import views

urlpatterns = [path("setlang/", views.set_language, name="set_language")]
