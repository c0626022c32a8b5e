"""The packaged app's configuration, read by flet-cli 1.0.5's own code, offline.

`flet build apk` first turns pyproject.toml into the build template's context
(`BaseBuildCommand.setup_template_data`) and into the arguments of the Python
packaging step (`BaseBuildCommand.package_python_app`); only then does it download
Flutter. These tests run exactly those two functions on this project's
pyproject.toml with the toolchain steps replaced: nothing is downloaded, and the
packaging step's command line is captured instead of run.
"""

from __future__ import annotations

import argparse
import tomllib
from pathlib import Path
from types import SimpleNamespace

from packaging.requirements import Requirement

from flet_cli.commands.build import Command as BuildCommand
from flet_cli.commands.build_base import BaseBuildCommand
from flet_cli.utils.pyproject_toml import load_pyproject_toml
from flet_cli.utils.python_versions import PythonRelease

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
ANDROID_ABIS = ("arm64-v8a", "armeabi-v7a", "x86_64")


def flet_build(tmp_path: Path, target: str = "apk", *cli: str) -> BuildCommand:
    """A `flet build <target>` command set up the way `initialize_command` does,
    minus the Flutter/Android SDK installation and the python-build manifest download."""
    parser = argparse.ArgumentParser()
    cmd = BuildCommand(parser)
    options = parser.parse_args([target, str(ROOT), *cli])
    # Only the option bookkeeping of handle(); Command.handle would run the whole build.
    BaseBuildCommand.handle(cmd, options)
    platform = cmd.platforms[target]
    cmd.package_platform = platform["package_platform"]
    cmd.config_platform = platform["config_platform"]
    cmd.python_app_path = ROOT
    cmd.build_dir = tmp_path / "build"
    cmd.flutter_dir = cmd.build_dir / "flutter"
    cmd.flutter_packages_dir = cmd.build_dir / "flutter-packages"
    cmd.flutter_packages_temp_dir = cmd.build_dir / "flutter-packages-temp"
    cmd.flutter_dir.mkdir(parents=True)
    cmd.get_pyproject = load_pyproject_toml(ROOT)
    # What python-build's manifest says for a supported line (downloaded by flet-cli).
    cmd.python_release = PythonRelease(
        short="3.13", standalone="3.13.9", pyodide="0.29.3", android_abis=ANDROID_ABIS, prerelease=False
    )
    cmd.emojis = {"checkmark": "", "loading": "", "success": "", "directory": ""}
    cmd.update_status = lambda *a, **k: None
    cmd.dart_exe = "dart"
    cmd.validate_entry_point()
    cmd.setup_template_data()
    return cmd


def packaging_args(cmd: BuildCommand) -> tuple[list[str], dict]:
    """Run flet-cli's packaging step with the `dart run serious_python:main package` call captured."""
    seen: dict = {}

    def run(args, cwd, env=None, capture_output=True):
        seen["args"], seen["env"] = list(args), dict(env or {})
        (cmd.build_dir / "python-app").mkdir(exist_ok=True)  # what serious_python would stage
        return SimpleNamespace(returncode=0, stdout="", stderr="")

    cmd.run = run
    cmd.package_python_app()
    return seen["args"], seen["env"]


def values_of(args: list[str], flag: str) -> list[str]:
    return [args[i + 1] for i, a in enumerate(args) if a == flag]


# ---------------------------------------------------------------------------


def test_android_template_context(tmp_path):
    data = flet_build(tmp_path).template_data
    assert data["product_name"] == "InterviewPal"
    assert data["bundle_id"] == "app.interviewpal.interviewpal"
    assert data["org_name"] == "app.interviewpal"
    assert data["artifact_name"] == "interviewpal"
    assert data["python_module_name"] == "main"
    opts = data["options"]
    perms = opts["android_permissions"]
    for name in ("POST_NOTIFICATIONS", "SCHEDULE_EXACT_ALARM", "RECEIVE_BOOT_COMPLETED", "VIBRATE"):
        assert perms[f"android.permission.{name}"] is True
    # flet-cli's own default; the app makes no network call but Flet's runtime uses a socket.
    assert perms["android.permission.INTERNET"] is True
    assert opts["target_arch"] == list(ANDROID_ABIS)
    # Not signed with a release key unless a keystore is configured (see the signing test).
    assert opts["android_signing"] is False
    assert data["adaptive_icon_background"] == "#3949AB"


def test_manifest_application_attributes_reach_the_template(tmp_path):
    """The build template renders <application> attributes from
    cookiecutter.pyproject.tool.flet.android.manifest_application: flet-cli hands the
    whole pyproject to the template as `pyproject`."""
    data = flet_build(tmp_path).template_data
    attrs = data["pyproject"]["tool"]["flet"]["android"]["manifest_application"]
    assert attrs == {"allowBackup": "false", "fullBackupContent": "false"}
    # Android XML wants the literal strings, not TOML booleans (the template prints str(v)).
    assert all(isinstance(v, str) for v in attrs.values())


def test_release_signing_takes_the_keystore_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("FLET_ANDROID_SIGNING_KEY_STORE", str(tmp_path / "upload-keystore.jks"))
    assert flet_build(tmp_path, "aab").template_data["options"]["android_signing"] is True
    assert PYPROJECT["tool"]["flet"]["android"]["signing"] == {"key_alias": "upload"}


def test_android_packaging_dependencies_and_excludes(tmp_path):
    args, env = packaging_args(flet_build(tmp_path))
    assert args[:5] == ["dart", "run", "--suppress-analytics", "serious_python:main", "package"]
    assert values_of(args, "--platform") == ["Android"]
    reqs = {r.name: r.specifier for r in map(Requirement, values_of(args, "-r"))}
    assert str(reqs["flet"]) == "==1.0.5"
    assert str(reqs["flet-notifications"]) == "==0.1.4"  # Android only ([tool.flet.android] dependencies)
    # The pydantic the Android build can get (docs/packaging.md) is allowed and tested.
    assert "2.11.10" in reqs["pydantic"] and "3.0" not in reqs["pydantic"]
    for name in ("tinydb", "plyer", "platformdirs", "filelock", "tzdata", "icalendar"):
        assert name in reqs, (name, reqs)
    # Every dependency has an upper bound: the Android build resolves ranges itself, without uv.lock.
    # (tzdata is versioned by year: a cap would freeze time zone rules.)
    for name, spec in reqs.items():
        if name != "tzdata":
            assert any(s.operator in ("<", "==", "<=") for s in spec), (name, spec)
    excluded = set(values_of(args, "--exclude"))
    for path in ("build", "tests", "benchmarks", "docs", "test-artifacts", "tools", "uv.lock",
                 "README.md", "pyproject.toml", "assets/assets/fonts", ".venv", ".git", ".ci"):
        assert path in excluded, (path, sorted(excluded))
    for shipped in ("main.py", "interviewpal", "content", "assets"):
        assert shipped not in excluded and (ROOT / shipped).exists()
    assert env["SERIOUS_PYTHON_BUNDLE_ID"] == "app.interviewpal.interviewpal"


def test_desktop_build_gets_no_android_dependencies(tmp_path):
    args, _ = packaging_args(flet_build(tmp_path, "linux"))
    reqs = {Requirement(r).name for r in values_of(args, "-r")}
    assert "flet" in reqs and "flet-notifications" not in reqs
    assert flet_build(tmp_path / "again", "linux").template_data["linux_categories"] == "Office;Utility;"


def test_build_number_and_version_go_to_flutter(tmp_path):
    args: list[str] = []
    flet_build(tmp_path, "aab").add_flutter_command_args(args)
    assert args[:2] == ["build", "appbundle"]
    assert args[args.index("--build-number") + 1] == str(PYPROJECT["tool"]["flet"]["build_number"])
    assert args[args.index("--build-name") + 1] == PYPROJECT["project"]["version"]
    # A release can override the number without editing the file: flet build aab --build-number N
    args = []
    flet_build(tmp_path / "again", "aab", "--build-number", "7").add_flutter_command_args(args)
    assert args[args.index("--build-number") + 1] == "7"


def test_flet_packages_share_one_version():
    pins = {}
    for dep in PYPROJECT["project"]["dependencies"] + PYPROJECT["dependency-groups"]["dev"]:
        name, _, version = dep.partition("==")
        if name in ("flet", "flet-cli", "flet-desktop", "flet-web"):
            pins[name] = version
    assert set(pins) == {"flet", "flet-cli", "flet-desktop", "flet-web"}
    assert len(set(pins.values())) == 1, pins


def test_icons_exist():
    for name in ("icon.png", "splash.png"):
        data = (ROOT / "assets" / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 2000
