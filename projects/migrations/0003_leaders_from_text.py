"""The free-text ``Project.leader`` becomes Leader rows: one per distinct name and region of
the project's zone, linked as the project's primary leader. The text stays as the primary's
name (kept in step by ``Project.set_leaders``), so nothing is lost either way.
"""

from django.db import migrations


def level_of(region):
    # A zone's region is its city or a county below it; the path says which ("/JS/ZJ/" is
    # a city, "/JS/ZJ/DT/" a county). The text never said, so this is the best guess.
    return "city" if region.path.count("/") <= 3 else "district"


def leaders_from_text(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    Leader = apps.get_model("projects", "Leader")
    ProjectLeader = apps.get_model("projects", "ProjectLeader")
    leaders = {}
    links = []
    projects = Project.objects.exclude(leader="").select_related("zone__region").order_by("pk")
    for project in projects.iterator():
        name = project.leader.strip()
        if not name:
            continue
        region = project.zone.region
        key = (name, region.pk)
        if key not in leaders:
            leaders[key] = Leader.objects.create(name=name, region=region, level=level_of(region))
        links.append(ProjectLeader(project=project, leader=leaders[key], position=0))
        if name != project.leader:
            Project.objects.filter(pk=project.pk).update(leader=name)
    ProjectLeader.objects.bulk_create(links)


class Migration(migrations.Migration):
    dependencies = [("projects", "0002_leaders")]

    operations = [migrations.RunPython(leaders_from_text, migrations.RunPython.noop)]
