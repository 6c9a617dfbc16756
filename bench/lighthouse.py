"""`make lighthouse`: Lighthouse (mobile defaults) against the demo site served with the
production settings under gunicorn, for every public page type in both languages.
Prints the four category scores per page and writes bench/lighthouse.json."""

import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # noqa: E402
from run import ROOT, environment, manage, serve  # noqa: E402

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def urls(env):
    script = (
        "import json\n"
        "from wagtail.models import Page\n"
        "seen, out = set(), []\n"
        "for p in Page.objects.live().public().filter(depth__gt=1).specific().order_by('path'):\n"
        "    key = (type(p).__name__, p.locale_id)\n"
        "    if key not in seen and type(p).__name__ != 'StandardPage':\n"
        "        seen.add(key); out.append(p.url)\n"
        "out += ['/el/search/?q=%CF%80%CE%AC%CF%81%CE%BA%CE%BF', '/en/search/?q=park']\n"
        "print(json.dumps(out))\n"
    )
    return run.shell_json(script, env)


def main():
    env = environment(300)
    env["DATABASE_URL"] = (
        os.environ.get("DATABASE_URL") or f"sqlite:///{ROOT / 'var' / 'lighthouse.sqlite3'}"
    )
    manage("migrate", "--no-input", "-v0", env=env)
    manage("load_demo_content", "-v0", env=env)
    manage("collectstatic", "--no-input", "-v0", settings="biopa.settings.production", env=env)
    server = serve(env)
    results = {}
    try:
        for path in urls(env):
            out = subprocess.run(
                [
                    str(ROOT / "node_modules" / ".bin" / "lighthouse"),
                    f"http://127.0.0.1:{run.PORT}{path}",
                    "--output=json",
                    "--quiet",
                    f"--only-categories={','.join(CATEGORIES)}",
                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu "
                    "--disable-background-networking --disable-component-update --disable-sync",
                ],
                cwd=ROOT,
                env=dict(os.environ, CHROME_PATH="/usr/bin/chromium"),
                capture_output=True,
                text=True,
                check=False,
            )
            try:
                report = json.loads(out.stdout)
                scores = {
                    c: round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES
                }
                failing = [
                    audit_id
                    for audit_id, audit in report["audits"].items()
                    if audit.get("score") is not None
                    and audit["score"] < 0.9
                    and audit.get("scoreDisplayMode") in ("binary", "numeric")
                ]
            except (ValueError, KeyError):
                scores, failing = dict.fromkeys(CATEGORIES), [out.stderr[-300:]]
            results[path] = {"scores": scores, "failing_audits": failing}
            print(f"{path:<55}" + " ".join(f"{c[:4]}={scores[c]}" for c in CATEGORIES))
            if failing:
                print("    below 90: " + ", ".join(failing[:8]))
    finally:
        server.terminate()
        server.wait()
    (ROOT / "bench" / "lighthouse.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
