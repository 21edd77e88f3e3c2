from django.urls import path

from . import views

app_name = "editorial"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("articles/<int:article_id>/", views.review, name="review"),
    path("articles/<int:article_id>/decide/", views.decide, name="decide"),
    path("articles/<int:article_id>/propose/", views.propose, name="propose"),
    path("bulk/", views.bulk, name="bulk"),
    path("report/<int:article_id>/", views.report_error, name="report"),
    path("reports/mine/", views.my_reports, name="my-reports"),
]
