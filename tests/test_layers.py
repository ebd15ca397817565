"""The layers point one way: sources, analysis <- index <- search <- CLI and web app.

`zoek search` runs without Flask, and no module of the core imports the web app.
"""

import ast
import json
import subprocess
import sys

from conftest import ROOT, SOMO

# A module may import its own layer and the layers below it (lower numbers).
LAYERS = {"indexer.sources": 0, "indexer.analysis": 0, "indexer.plural": 0, "indexer.settings": 0,
          "indexer.index": 1, "indexer.search": 2, "indexer.cli": 3, "webapp": 3}


def layer_of(module: str) -> tuple[str, int] | None:
    for prefix, rank in LAYERS.items():
        if module == prefix or module.startswith(prefix + "."):
            return prefix, rank
    return None


def imports(path):
    """(imported module, at module level?) for every import statement of a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            yield name, id(node) in top


def module_name(path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def test_no_core_module_imports_the_web_app():
    offenders = []
    for path in sorted((ROOT / "indexer").rglob("*.py")):
        for name, at_top in imports(path):
            if name.split(".")[0] in ("webapp", "flask", "werkzeug"):
                # `zoek serve` alone loads the web app, inside its command function
                if not (module_name(path) == "indexer.cli" and not at_top and name.startswith("webapp")):
                    offenders.append(f"{module_name(path)} imports {name}")
    assert offenders == []


def test_imports_point_down_the_layers():
    upward = []
    for path in sorted([*(ROOT / "indexer").rglob("*.py"), *(ROOT / "webapp").rglob("*.py")]):
        here = layer_of(module_name(path))
        for name, at_top in imports(path):
            there = layer_of(name)
            if here and there and there[1] > here[1] and not (here[0] == "indexer.cli" and not at_top):
                upward.append(f"{module_name(path)} imports {name}")
    assert upward == []


def test_analysis_does_not_use_whoosh():
    for path in (ROOT / "indexer" / "analysis").rglob("*.py"):
        assert not any(name.split(".")[0] == "whoosh" for name, _ in imports(path)), path


def test_cli_search_loads_no_flask(seed_index):
    script = (
        "import json, sys\n"
        "from indexer import cli\n"
        f"code = cli.main(['search', 'netwerken', '--json', '--index', {str(seed_index)!r}])\n"
        "web = sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'werkzeug', 'webapp'))\n"
        "print(json.dumps({'code': code, 'web': web}), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report == {"code": 0, "web": []}
    assert json.loads(done.stdout)["results"][0]["id"] == SOMO  # it did search


def relative_imports(path) -> set[str]:
    """What a webapp module imports from its own package: 'api', 'state', '' (the __init__)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found |= {alias.name for alias in node.names} if node.module is None else {node.module}
    return found


def test_web_modules_do_not_import_state_back_from_the_package():
    web = ROOT / "webapp"
    # what the app factory is made of must not reach back into it (server.py runs it, from above)
    parts = relative_imports(web / "__init__.py") & {p.stem for p in web.glob("*.py")}
    for name in parts:
        found = relative_imports(web / f"{name}.py")
        assert not found - parts, f"{name}.py imports {found - parts} from webapp/__init__"
    pages = (ROOT / "webapp" / "pages.py").read_text(encoding="utf-8")
    assert "from .api" not in pages  # the page asks the search service, not the JSON API
