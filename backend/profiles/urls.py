from django.urls import path

from . import views

urlpatterns = [
    path("me/profile/", views.MyProfileView.as_view(), name="me-profile"),
    path("taxonomy/", views.TaxonomyView.as_view(), name="taxonomy"),
    path("mentors/", views.MentorListView.as_view(), name="mentor-list"),
    path("mentors/<uuid:mentor_id>/", views.MentorDetailView.as_view(), name="mentor-detail"),
    path("mentors/<uuid:mentor_id>/vetting/", views.MentorVettingView.as_view(), name="mentor-vetting"),
]
