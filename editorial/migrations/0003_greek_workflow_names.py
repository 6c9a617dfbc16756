"""The moderation workflow and its task get Greek names (editorial/groups.py): the admin
shows them to every role ("Υποβολή για «…»", "Σε αναμονή: …"), in e-mails too. So does
the root of the page tree and the root collection, which Wagtail's migrations call "Root"."""

from django.db import migrations

OLD_WORKFLOW, OLD_TASK = "Moderation", "Moderators approval"
OLD_ROOT, ROOT = "Root", "Ρίζα"


def forwards(apps, schema_editor):
    from editorial.groups import TASK_NAME, WORKFLOW_NAME

    _rename(apps, {OLD_WORKFLOW: WORKFLOW_NAME}, {OLD_TASK: TASK_NAME}, {OLD_ROOT: ROOT})


def backwards(apps, schema_editor):
    from editorial.groups import TASK_NAME, WORKFLOW_NAME

    _rename(apps, {WORKFLOW_NAME: OLD_WORKFLOW}, {TASK_NAME: OLD_TASK}, {ROOT: OLD_ROOT})


def _rename(apps, workflows, tasks, roots):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    for old, new in roots.items():
        Page.objects.filter(depth=1, title=old).update(title=new, draft_title=new)
        Collection.objects.filter(depth=1, name=old).update(name=new)
    for old, new in workflows.items():
        if not Workflow.objects.filter(name=new).exists():
            Workflow.objects.filter(name=old).update(name=new)
    for old, new in tasks.items():
        if not Task.objects.filter(name=new).exists():
            Task.objects.filter(name=old).update(name=new)


class Migration(migrations.Migration):
    dependencies = [("editorial", "0002_collection_permissions_per_collection")]

    operations = [migrations.RunPython(forwards, backwards)]
