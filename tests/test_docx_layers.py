"""The .docx reader's layers import one way: each module imports only the layers listed before it
in `addin_server/readers/docx_file.py`'s docstring (the one place the order is written), anywhere
in the module (a function-level import counts), and only the body walk and the layers above it
know the document model."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from addin_server.readers import docx_file

READERS = Path(docx_file.__file__).parent


def _layers() -> list[str]:
    """The modules in the order docx_file's docstring lists them, lowest first."""
    return re.findall(r"^    (\w+)\.py {2,}", docx_file.__doc__, re.MULTILINE)


def _imported(module: str) -> set[str]:
    """Modules of addin_server that `module` (of addin_server.readers) imports, by dotted name
    below addin_server ("readers.docx_xml", "model", "lru")."""
    tree = ast.parse((READERS / f"{module}.py").read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = ["readers"][:max(0, 2 - node.level)]
            target = ".".join(base + ([node.module] if node.module else []))
            if node.module:
                found.add(target)
            else:
                found.update(".".join(base + [alias.name]) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("addin_server."):
            found.add(node.module.removeprefix("addin_server."))
        elif isinstance(node, ast.Import):
            found.update(alias.name.removeprefix("addin_server.") for alias in node.names
                         if alias.name.startswith("addin_server."))
    return found


def test_the_docstring_lists_every_docx_module_once():
    layers = _layers()
    assert len(layers) == len(set(layers))
    on_disk = {path.stem for path in READERS.glob("docx_*.py")}
    assert on_disk <= set(layers), f"not placed in docx_file.py's list of layers: {on_disk - set(layers)}"
    assert layers[-1] == "docx_file"


def test_each_layer_imports_only_layers_below_it():
    layers = _layers()
    for place, module in enumerate(layers):
        above = {f"readers.{name}" for name in layers[place:]}
        wrong = _imported(module) & above
        assert not wrong, f"{module} imports {sorted(wrong)}: itself or a layer above it"


def test_only_the_walk_and_above_know_the_document_model():
    layers = _layers()
    walk = layers.index("docx_body")
    for module in layers[:walk]:
        assert "model" not in _imported(module), f"{module} imports the document model"
    assert "model" in _imported("docx_body")


def test_the_layer_list_is_read_as_written():
    # the test would pass on an empty list: make sure it read the docstring's table
    layers = _layers()
    assert layers[:2] == ["docx_xml", "docx_package"]
    assert {"docx_styles", "list_labels", "docx_body", "docx_stream"} <= set(layers)
    assert _imported("docx_package") >= {"readers.docx_xml", "readers.errors", "lru"}
