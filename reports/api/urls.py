from django.urls import path

from . import views

urlpatterns = [
    path("stats/", views.StatsView.as_view(), name="api-stats"),
    path("stats/ranking/", views.RankingView.as_view(), name="api-stats-ranking"),
    path("stats/teams/", views.TeamScoresView.as_view(), name="api-stats-teams"),
    path("stats/leaders/", views.LeaderStatsView.as_view(), name="api-stats-leaders"),
    path("snapshots/", views.SnapshotListView.as_view(), name="api-snapshots"),
]
