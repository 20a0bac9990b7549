"""Translations: the committed .qm matches the .ts, every UI string is translated, and
the placeholders and mnemonics survive translation."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from lenet_gui.ui.i18n import CHINESE, LANGUAGES, Translations
from lenet_gui.ui.resources import translations_dir

REPO = Path(__file__).resolve().parents[2]
TS = translations_dir() / f"lenet_gui_{CHINESE}.ts"
QM = TS.with_suffix(".qm")


def _tool(name: str) -> str:
    """A Qt linguist tool from the virtual environment (or PATH); skip if there is none."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed")
    return found


def _messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    """(context, source, translation element) of every message in a .ts file."""
    root = ET.parse(ts).getroot()
    return [
        (context.findtext("name"), message.findtext("source"), message.find("translation"))
        for context in root.iter("context")
        for message in context.iter("message")
    ]


def test_the_qm_file_is_compiled_from_the_current_ts(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.qm"
    subprocess.run(
        [_tool("pyside6-lrelease"), str(TS), "-qm", str(fresh)], check=True, capture_output=True
    )
    assert QM.read_bytes() == fresh.read_bytes(), "run pyside6-lrelease on the .ts"


def test_every_interface_string_is_translated(tmp_path: Path) -> None:
    updated = tmp_path / TS.name
    shutil.copy(TS, updated)
    sources = sorted(str(p.relative_to(REPO)) for p in (REPO / "lenet_gui" / "ui").rglob("*.py"))
    subprocess.run(
        [
            _tool("pyside6-lupdate"),
            *sources,
            "-no-obsolete",
            "-locations",
            "none",
            "-ts",
            str(updated),
        ],
        check=True,
        capture_output=True,
        cwd=REPO,
    )
    untranslated = [
        f"{context}: {source}"
        for context, source, translation in _messages(updated)
        if translation.get("type") in ("unfinished", "vanished", "obsolete") or not translation.text
    ]
    assert not untranslated, "update and translate the .ts (pyside6-lupdate, Linguist)"
    assert len(_messages(updated)) == len(_messages(TS))


def test_translations_keep_placeholders_and_access_keys() -> None:
    """A lost {name} would raise at runtime; a lost & would leave a menu without its key."""
    broken = []
    for context, source, translation in _messages(TS):
        text = translation.text or ""
        same_fields = sorted(re.findall(r"\{\w*\}", text)) == sorted(re.findall(r"\{\w*\}", source))
        same_key = ("&" in text) == bool(re.search(r"&\w", source))
        if not (same_fields and same_key):
            broken.append(f"{context}: {source!r} -> {text!r}")
    assert not broken


def test_switching_installs_and_removes_the_translation(qapp: QApplication) -> None:
    translations = Translations()
    assert set(LANGUAGES) == {"en", CHINESE}
    assert translations.set_language(CHINESE)
    assert QCoreApplication.translate("MainWindow", "&File") == "文件(&F)"
    assert QCoreApplication.translate("PredictionChart", "Not sure — is this a digit?") == (
        "不确定——这是数字吗？"
    )
    translations.release()
    assert translations.language() == "en"
    assert QCoreApplication.translate("MainWindow", "&File") == "&File"


def test_unknown_language_is_refused(qapp: QApplication) -> None:
    with pytest.raises(ValueError, match="klingon"):
        Translations().set_language("klingon")


def _raised_templates() -> set[str]:
    """The message template of every UserError the engine raises, read from its source."""
    import ast
    import inspect

    import lenet_gui.engine as engine_package
    from lenet_gui.engine import checkpoint, errors, mnist, preprocess, samples

    error_names = {
        name
        for module in (checkpoint, errors, mnist, preprocess, samples)
        for name, value in vars(module).items()
        if inspect.isclass(value) and issubclass(value, errors.UserError)
    }
    templates = set()
    for source in Path(engine_package.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in error_names
                and node.func.id != "UserError"
            ):
                first = node.args[0] if node.args else None
                assert isinstance(first, ast.Constant) and isinstance(first.value, str), (
                    f"{source.name}:{node.lineno}: a UserError needs a literal template"
                )
                templates.add(first.value)
    return templates


def test_every_engine_message_is_listed_for_translation() -> None:
    from lenet_gui.ui.i18n import ENGINE_MESSAGES

    raised = _raised_templates()
    assert len(raised) >= 10  # the scan finds the weights and image errors
    assert raised <= set(ENGINE_MESSAGES), raised - set(ENGINE_MESSAGES)
    assert set(ENGINE_MESSAGES) <= raised, "listed but never raised"
