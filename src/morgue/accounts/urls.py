"""/accounts/: the person's own pages, then allauth's (login/, signup/, logout/, password/…).

Names are not namespaced: allauth reverses its own ("account_login").
"""

from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="account_home"),
    path("data/", views.data, name="account_data"),
    path("delete/", views.delete, name="account_delete"),
    path("", include("allauth.account.urls")),
]
