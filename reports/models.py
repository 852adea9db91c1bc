"""Snapshots, alerts, dashboards and exports; models arrive with the metrics work."""
