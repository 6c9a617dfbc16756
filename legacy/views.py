"""The import of the old site in the admin, for Administrators: upload the archive, read
the trial run's report, confirm; the task worker does the work (legacy.tasks)."""

import csv

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from editorial.groups import ADMINISTRATORS

from .forms import UploadForm
from .importer import SUMMARY_ORDER
from .models import ImportRun
from .services import archive_storage, start_run

ROWS_SHOWN = 500


def is_administrator(user):
    return user.is_active and (
        user.is_superuser or user.groups.filter(name=ADMINISTRATORS).exists()
    )


def administrators_only(view):
    def wrapped(request, *args, **kwargs):
        if not is_administrator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@administrators_only
def index(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        archive = form.cleaned_data["archive"]
        suffix = ".zip" if archive.name.lower().endswith(".zip") else ".tar.gz"
        name = archive_storage().save(f"{get_random_string(16)}{suffix}", archive)
        run = ImportRun.objects.create(
            created_by=request.user,
            archive=name,
            archive_name=archive.name[:255],
            locale=form.cleaned_data["locale"],
            publish=form.cleaned_data["publish"],
            dry_run=True,
        )
        start_run(run)
        return redirect("legacy_run", run.pk)
    return TemplateResponse(
        request,
        "legacy/index.html",
        {"form": form, "runs": ImportRun.objects.all()[:20], "page_title": _("Old site import")},
    )


@administrators_only
def run_detail(request, pk):
    run = get_object_or_404(ImportRun, pk=pk)
    working = run.status in (ImportRun.Status.WAITING, ImportRun.Status.RUNNING)
    summary = [(action, run.summary.get(action, 0)) for action in SUMMARY_ORDER]
    return TemplateResponse(
        request,
        "legacy/run.html",
        {
            "run": run,
            "working": working,
            "summary": summary if run.summary else [],
            "rows": run.rows[:ROWS_SHOWN],
            "more_rows": max(0, len(run.rows) - ROWS_SHOWN),
            "page_title": _("Old site import"),
        },
    )


@administrators_only
@require_POST
def confirm(request, pk):
    run = get_object_or_404(ImportRun, pk=pk, status=ImportRun.Status.CHECKED)
    run.dry_run = False
    run.save(update_fields=["dry_run"])
    start_run(run)
    return redirect("legacy_run", run.pk)


@administrators_only
def report_csv(request, pk):
    run = get_object_or_404(ImportRun, pk=pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-report-{run.pk}.csv"'
    response.write("\ufeff")  # so that spreadsheet programs read the Greek as UTF-8
    writer = csv.DictWriter(response, ["action", "kind", "old_url", "target", "note"])
    writer.writeheader()
    writer.writerows(run.rows)
    return response
