from django.urls import path

from . import views

urlpatterns = [
    path("suggestions/", views.SuggestionsView.as_view(), name="suggestions"),
    path("matches/", views.MatchListCreateView.as_view(), name="match-list"),
    path("matches/<int:match_id>/", views.MatchDetailView.as_view(), name="match-detail"),
    path("matches/<int:match_id>/history/", views.MatchHistoryView.as_view(), name="match-history"),
    path("matches/<int:match_id>/approve/", views.MatchApproveView.as_view(), name="match-approve"),
    path("matches/<int:match_id>/reject/", views.MatchRejectView.as_view(), name="match-reject"),
    path("matches/<int:match_id>/accept/", views.MatchAcceptView.as_view(), name="match-accept"),
    path("matches/<int:match_id>/decline/", views.MatchDeclineView.as_view(), name="match-decline"),
    path("matches/<int:match_id>/end/", views.MatchEndView.as_view(), name="match-end"),
    path("matching/runs/", views.RunCreateView.as_view(), name="run-list"),
    path("matching/runs/<int:run_id>/", views.RunDetailView.as_view(), name="run-detail"),
    path("matching/runs/<int:run_id>/approve/", views.RunApproveView.as_view(), name="run-approve"),
    path("matching/runs/<int:run_id>/reject/", views.RunRejectView.as_view(), name="run-reject"),
    path("stats/", views.StatsView.as_view(), name="stats"),
]
