"""setup.cfg declares the package; this file adds one step to building it: the data the first run
after installing would otherwise spend ~5 s building into the user's cache folder (the
proofreading lexicon, the segmentation dictionary's trie, the regular expressions' programs for
this Python) is made here, into the built package's
`prebuilt/` folder, so the wheel — and whatever installs it: `pip install .`, the sdist, the
offline bundle — ships it (addin_server/prebuild.py says what and why)."""
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SHIPPED_CACHE = Path("addin_server", "prebuilt")   # resources.SHIPPED_CACHE


class BuildPyWithDerivedData(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return   # an editable install runs the checkout: its first run builds into the cache
        folder = Path(self.build_lib, SHIPPED_CACHE)
        shutil.rmtree(folder, ignore_errors=True)   # an earlier build's files, of other keys
        # Made from the built copy of the package (the files the wheel installs), in a process of
        # its own; PYTHONPATH keeps what the build environment (pip's isolation) puts there.
        # Empty cache and configuration folders, no ADDIN_SERVER_* settings: nothing of this
        # machine's user (its rules, what its runs kept) goes into the wheel.
        with tempfile.TemporaryDirectory(prefix="addin-prebuild-") as own:
            env = {k: v for k, v in os.environ.items() if not k.startswith("ADDIN_SERVER_")}
            env.update(ADDIN_SERVER_CACHE_DIR=str(Path(own, "cache")),
                       ADDIN_SERVER_CONFIG_DIR=str(Path(own, "config")),
                       PYTHONPATH=os.pathsep.join([str(Path(self.build_lib).resolve()),
                                                   *filter(None, [os.environ.get("PYTHONPATH")])]))
            # Run in build_lib: `-m` puts the working folder first on the path, and pip builds
            # in the source tree.
            subprocess.run([sys.executable, "-m", "addin_server.prebuild", str(folder.resolve())],
                           check=True, env=env, cwd=self.build_lib, stdout=subprocess.DEVNULL)

    def get_outputs(self, include_bytecode=1):
        folder = Path(self.build_lib, SHIPPED_CACHE)
        made = [str(p) for p in sorted(folder.iterdir())] if folder.is_dir() else []
        return super().get_outputs(include_bytecode) + made


setup(cmdclass={"build_py": BuildPyWithDerivedData})
