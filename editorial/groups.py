"""The editorial groups, their permissions and the moderation workflow.

`setup_groups(apps)` works with the historical registry of a migration as well as with
the project's own: it only reaches models through `apps.get_model()` and finds the
permissions of snippet models by content type labels. It adds what is missing, and takes
away one thing: permissions of Editors and Translators on the root collection, which
would cover private collections, move to the public collections.

| Group          | Pages (root: both locales)                     | Documents, images          |
|----------------|------------------------------------------------|----------------------------|
| Editors        | add, change, lock (publish through moderation) | add, change, choose: public|
| Moderators     | add, change, publish, lock, unlock, bulk delete| add, change, delete, choose|
| Translators    | add, change, publish, lock                     | choose: public             |
| Administrators | every page permission                          | every permission           |

Documents and images: Moderators and Administrators hold their permissions on the root
collection, so on every collection; Administrators also manage collections and their
privacy. Editors and Translators hold theirs on the public collections only: the
collection named PUBLIC_COLLECTION (created under the root when missing), whose children
inherit them, or whichever collections an administrator has given them instead. A private
collection made inside a public one inherits them too; the document and image forms then
keep Editors from moving a file across the line (editorial/permissions.py).

Page privacy, moving, reordering and deleting belong to who holds "bulk delete" on the
page (Moderators, Administrators) and to superusers: Translators publish but restructure
nothing; Editors move and delete only pages of which no version is live, as Wagtail
allows (editorial/permissions.py, with editorial/wagtail_hooks.py as a second line).

Snippets (every translatable model and registered snippet): Editors add, change, delete;
Moderators also publish; Translators change. Everyone has admin access; all four may
submit and sync translations (wagtail-localize's `submit_translation`; its own migration
already grants it to Editors). Administrators hold every permission of the project.
"""

from django.apps import apps as global_apps

EDITORS = "Editors"
MODERATORS = "Moderators"
TRANSLATORS = "Translators"
ADMINISTRATORS = "Administrators"
GROUPS = [EDITORS, MODERATORS, TRANSLATORS, ADMINISTRATORS]

# Shown in the admin and in its e-mails ("Υποβολή για «…»", "Σε αναμονή: …"): Greek.
WORKFLOW_NAME = "Έλεγχος πριν από τη δημοσίευση"
TASK_NAME = "Έγκριση από τους ελεγκτές"
# The name of the task and workflow that Wagtail's own migrations create: the task is taken
# over (and renamed), the workflow gives way to ours.
WAGTAIL_DEFAULT_NAME = "Moderators approval"

PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page", "lock_page"],
    MODERATORS: [
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
        "bulk_delete_page",
    ],
    TRANSLATORS: ["add_page", "change_page", "publish_page", "lock_page"],
    ADMINISTRATORS: [
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
        "bulk_delete_page",
    ],
}

COLLECTION_PERMISSIONS = {
    EDITORS: ["add", "change", "choose"],
    MODERATORS: ["add", "change", "delete", "choose"],
    TRANSLATORS: ["choose"],
    ADMINISTRATORS: ["add", "change", "delete", "choose"],
}
# Where each group's document and image permissions sit: the root collection (every
# collection) or the public collections only.
ON_ROOT_COLLECTION = {MODERATORS, ADMINISTRATORS}
# Managing collections (their tree and their privacy), on the root collection.
COLLECTION_MANAGEMENT_PERMISSIONS = {ADMINISTRATORS: ["add", "change", "delete"]}

# The collection for public files, made under the root when no collection holds the
# permissions of Editors. Collection names are not translated: the admin shows them as is.
PUBLIC_COLLECTION = "Δημόσια αρχεία"

SNIPPET_PERMISSIONS = {
    EDITORS: ["add", "change", "delete"],
    MODERATORS: ["add", "change", "delete", "publish"],
    TRANSLATORS: ["change"],
    ADMINISTRATORS: ["add", "change", "delete", "publish"],
}

GLOBAL_PERMISSIONS = {
    EDITORS: [("wagtailadmin", "access_admin"), ("wagtail_localize", "submit_translation")],
    MODERATORS: [("wagtailadmin", "access_admin"), ("wagtail_localize", "submit_translation")],
    TRANSLATORS: [("wagtailadmin", "access_admin"), ("wagtail_localize", "submit_translation")],
    ADMINISTRATORS: [],  # every permission, below
}


def collection_model_labels():
    """(app_label, model_name) whose permissions Wagtail checks for documents and images:
    Wagtail's own models, also when the project swaps in custom ones."""
    return [("wagtaildocs", "document"), ("wagtailimages", "image")]


def snippet_model_labels():
    """(app_label, model_name) of every translatable model that is edited on its own (not a
    page, not an inline child of another model) and of every registered snippet."""
    from wagtail import hooks
    from wagtail.snippets.models import get_snippet_models

    from .translation_status import translatable_snippet_models

    hooks.search_for_hooks()
    models = set(translatable_snippet_models()) | set(get_snippet_models())
    return sorted({(m._meta.app_label, m._meta.model_name) for m in models})


def _permissions(Permission, labels, actions):
    found = []
    for app_label, model_name in labels:
        codenames = [f"{action}_{model_name}" for action in actions]
        found += Permission.objects.filter(
            content_type__app_label=app_label,
            content_type__model=model_name,
            codename__in=codenames,
        )
    return found


def setup_groups(apps=global_apps):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in GROUPS}
    root_page = Page.objects.filter(depth=1).order_by("path").first()
    root_collection = Collection.objects.filter(depth=1).order_by("path").first()
    snippets = snippet_model_labels()

    public_collections = _public_collections(apps, groups[EDITORS], root_collection)
    _leave_root_collection(apps, groups, root_collection, public_collections)

    for name, group in groups.items():
        if root_page is not None:
            for permission in Permission.objects.filter(
                content_type__app_label="wagtailcore",
                content_type__model="page",
                codename__in=PAGE_PERMISSIONS[name],
            ):
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root_page, permission=permission
                )
        if root_collection is not None:
            collections = [root_collection] if name in ON_ROOT_COLLECTION else public_collections
            for collection in collections:
                for permission in _permissions(
                    Permission, collection_model_labels(), COLLECTION_PERMISSIONS[name]
                ):
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=collection, permission=permission
                    )
            for permission in _permissions(
                Permission,
                [("wagtailcore", "collection")],
                COLLECTION_MANAGEMENT_PERMISSIONS.get(name, []),
            ):
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )
        permissions = _permissions(Permission, snippets, SNIPPET_PERMISSIONS[name])
        for app_label, codename in GLOBAL_PERMISSIONS[name]:
            permissions += Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            )
        if name == ADMINISTRATORS:
            permissions = Permission.objects.all()
        group.permissions.add(*permissions)

    if root_page is not None:
        _setup_workflow(apps, groups[MODERATORS], root_page)
    return groups


def _public_collections(apps, editors, root_collection):
    """The collections where Editors and Translators work: those on which Editors already
    hold a permission (other than the root, which would cover private collections), or
    else PUBLIC_COLLECTION, made under the root when missing."""
    if root_collection is None:
        return []
    Collection = apps.get_model("wagtailcore", "Collection")
    chosen = list(
        Collection.objects.filter(group_permissions__group=editors)
        .exclude(pk=root_collection.pk)
        .distinct()
        .order_by("path")
    )
    return chosen or [public_collection(apps, root_collection)]


def _leave_root_collection(apps, groups, root_collection, public_collections):
    """Editors' and Translators' permissions on the root collection (Wagtail's own
    migrations give Editors some there, and so did this module once) move to the public
    collections: on the root they would cover private collections too."""
    if root_collection is None:
        return
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    on_root = GroupCollectionPermission.objects.filter(
        collection=root_collection,
        group__in=[group for name, group in groups.items() if name not in ON_ROOT_COLLECTION],
    )
    file_labels = collection_model_labels()
    for grant in on_root.select_related("permission__content_type"):
        content_type = grant.permission.content_type
        if (content_type.app_label, content_type.model) not in file_labels:
            continue  # managing collections (and their privacy) stays off their hands
        for collection in public_collections:
            GroupCollectionPermission.objects.get_or_create(
                group_id=grant.group_id, collection=collection, permission_id=grant.permission_id
            )
    on_root.delete()


def public_collection(apps=global_apps, root_collection=None):
    """PUBLIC_COLLECTION, a child of the root collection, made when missing.

    The tree path is written by hand because a migration's historical model lacks
    treebeard's add_child(); the steps follow treebeard's (four base-36 digits)."""
    Collection = apps.get_model("wagtailcore", "Collection")
    if root_collection is None:
        root_collection = Collection.objects.filter(depth=1).order_by("path").first()
    children = Collection.objects.filter(
        path__startswith=root_collection.path, depth=root_collection.depth + 1
    )
    existing = children.filter(name=PUBLIC_COLLECTION).order_by("path").first()
    if existing is not None:
        return existing
    last_path = children.order_by("-path").values_list("path", flat=True).first()
    step = int(last_path[-STEP_LENGTH:], 36) + 1 if last_path else 1
    created = Collection.objects.create(
        name=PUBLIC_COLLECTION,
        path=root_collection.path + _base36(step).rjust(STEP_LENGTH, "0"),
        depth=root_collection.depth + 1,
        numchild=0,
    )
    Collection.objects.filter(pk=root_collection.pk).update(numchild=children.count())
    return created


STEP_LENGTH = 4
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _base36(number):
    digits = ""
    while True:
        number, digit = divmod(number, 36)
        digits = ALPHABET[digit] + digits
        if not number:
            return digits


def _setup_workflow(apps, moderators, root_page):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    task_type, _created = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    Task = apps.get_model("wagtailcore", "Task")
    task = (
        GroupApprovalTask.objects.filter(name=TASK_NAME).first()
        or GroupApprovalTask.objects.filter(name=WAGTAIL_DEFAULT_NAME).first()
    )
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
    elif task.name != TASK_NAME:
        Task.objects.filter(pk=task.pk).update(name=TASK_NAME)
    task.groups.add(moderators)
    workflow, _created = Workflow.objects.get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    # Wagtail's own default workflow (same task, other name) gives way to ours on the root
    # page, which covers the Greek and the English trees.
    WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})
    # Wagtail's own default workflow, never used here, goes (an English name in the admin's
    # lists); if it was used, it stays, inactive.
    others = Workflow.objects.exclude(pk=workflow.pk).filter(
        name__in=[TASK_NAME, WAGTAIL_DEFAULT_NAME], workflow_pages__isnull=True
    )
    others.filter(workflow_states__isnull=True, workflow_content_types__isnull=True).delete()
    others.update(active=False)


def grant_after_migrate(sender, using="default", **kwargs):
    """post_migrate, sent per app: act once, for the last app with models, when every
    content type and permission exists."""
    if kwargs.get("plan") is None:
        return  # a flush (transactional tests), not a migration: leave the empty database be
    with_models = [config for config in global_apps.get_app_configs() if config.models_module]
    if not with_models or sender is not with_models[-1]:
        return
    setup_groups(global_apps)
