"""The free-text ``Project.attraction_team`` becomes AttractionTeam rows: one per zone and
distinct name (spaces around it trimmed), linked as the project's team. The text stays as the
team's name (kept in step by ``Project.save``), so nothing is lost either way.
"""

from django.db import migrations


def teams_from_text(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    AttractionTeam = apps.get_model("projects", "AttractionTeam")
    teams = {}
    projects = Project.objects.exclude(attraction_team="").order_by("pk")
    for project in projects.iterator():
        name = project.attraction_team.strip()
        if not name:
            continue
        key = (project.zone_id, name)
        if key not in teams:
            teams[key] = AttractionTeam.objects.create(zone_id=project.zone_id, name=name)
        # The historical model has no custom save(): write the link and the trimmed name.
        Project.objects.filter(pk=project.pk).update(team=teams[key], attraction_team=name)


class Migration(migrations.Migration):
    dependencies = [("projects", "0004_attraction_teams")]

    operations = [migrations.RunPython(teams_from_text, migrations.RunPython.noop)]
