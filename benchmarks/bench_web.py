"""The page's draft step, measured as caseworkers meet it: `svarbrev web`'s app under waitress on 127.0.0.1,
1 and 2 users at once pasting the reference inquiry and pressing "Lav udkast".

    python benchmarks/bench_web.py [--gange 3]

For each user: the draft step (the POST that makes the draft, until its answer), and the time until the page
images are there (`sider.json` says "klar"; on a version that draws them in the request, that is the draft
step itself). Medians over the repetitions; every repetition uses new workspaces on a warm server.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
INQUIRY = (ROOT / "tests" / "fixtures" / "indgaaende" / "fleksjob.txt").read_text(encoding="utf-8")


def csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]


def draft_form(html: str, review: str) -> dict[str, list[str]]:
    """The review form as a browser posts it when "Lav udkast" is pressed (the tests' reading of the page)."""
    from test_web_routes import form_of

    return form_of(html, action=review, handling="udkast")


def one_user(base: str, results: list[dict[str, float]], start: threading.Barrier) -> None:
    with httpx.Client(base_url=base, timeout=300) as client:
        pasted = client.post("/", data={"csrf": csrf(client.get("/").text), "henvendelse": INQUIRY})
        review = pasted.headers["Location"]
        fields = draft_form(client.get(review).text, review)
        start.wait()
        began = time.perf_counter()
        answer = client.post(review, data=fields)
        step = time.perf_counter() - began
        assert answer.status_code == 303, answer.text[:300]
        while True:
            state = client.get(f"{review}sider.json")
            if state.status_code == 404 or state.json()["tilstand"] != "venter":  # 404: an app without the route
                break
            time.sleep(0.05)
        results.append({"step": step, "images": time.perf_counter() - began})


def serve(app) -> tuple[str, object]:
    import socket

    try:
        from waitress.server import create_server

        listening = socket.create_server(("127.0.0.1", 0))
        server = create_server(app, sockets=[listening], threads=8)
        threading.Thread(target=server.run, daemon=True).start()
        return f"http://127.0.0.1:{listening.getsockname()[1]}", server
    except ImportError:  # a version before waitress: werkzeug's server, as it ran then
        from werkzeug.serving import make_server

        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{server.server_port}", server


def measure_page(repetitions: int = 3) -> dict[int, dict[str, float]]:
    """For 1 and 2 users at once: the median draft step and the median time until the page images are there (s)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from generator.web import WebSettings, create_app

    app = create_app(WebSettings(data_dir=ROOT / "examples" / "data"))
    base, _ = serve(app)
    warm: list[dict[str, float]] = []
    one_user(base, warm, threading.Barrier(1))  # the first draft loads the catalogue, the template and LibreOffice's profile
    measured = {}
    for users in (1, 2):
        steps, images = [], []
        for _ in range(repetitions):
            results: list[dict[str, float]] = []
            start = threading.Barrier(users)
            threads = [threading.Thread(target=one_user, args=(base, results, start)) for _ in range(users)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            steps += [r["step"] for r in results]
            images += [r["images"] for r in results]
        measured[users] = {"step": statistics.median(steps), "step_max": max(steps), "images": statistics.median(images), "images_max": max(images)}
    return measured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gange", type=int, default=3, help="gentagelser pr. antal brugere (standard 3)")
    args = parser.parse_args()
    for users, m in measure_page(args.gange).items():
        print(f"{users} bruger{'e' if users > 1 else ''} ad gangen: udkasttrinnet median {m['step']:.2f} s "
              f"(størst {m['step_max']:.2f} s); sidebillederne klar median {m['images']:.2f} s (størst {m['images_max']:.2f} s)")


if __name__ == "__main__":
    main()
