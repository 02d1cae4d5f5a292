from django.urls import path

from . import views

urlpatterns = [
    path("blocks/", views.BlockListCreateView.as_view(), name="block-list"),
    path("blocks/<uuid:user_id>/", views.BlockDeleteView.as_view(), name="block-delete"),
    path("audit/", views.AuditListView.as_view(), name="audit-list"),
    path("crisis-resources/", views.CrisisResourcesView.as_view(), name="crisis-resources"),
]
