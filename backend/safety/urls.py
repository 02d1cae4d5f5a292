from django.urls import path

from . import views

urlpatterns = [
    path("blocks/", views.BlockListCreateView.as_view(), name="block-list"),
    path("blocks/<uuid:user_id>/", views.BlockDeleteView.as_view(), name="block-delete"),
    path("audit/", views.AuditListView.as_view(), name="audit-list"),
    path("reports/", views.ReportCreateView.as_view(), name="report-create"),
    path("moderation/queue/", views.ModerationQueueView.as_view(), name="moderation-queue"),
    path("moderation/items/<int:item_id>/resolve/", views.ModerationResolveView.as_view(), name="moderation-resolve"),
    path("alerts/", views.AlertListView.as_view(), name="alert-list"),
    path("alerts/<int:alert_id>/acknowledge/", views.AlertAcknowledgeView.as_view(), name="alert-acknowledge"),
    path("crisis-resources/", views.CrisisResourcesView.as_view(), name="crisis-resources"),
]
