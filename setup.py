"""Build step: the wheel carries the taxonomy and the NLRB rules (issue 9.2).

`content/` stays the one source of truth: the site and contributors edit
`content/taxonomy.yaml` and `content/nlrb/rules.yaml` there. A built wheel (`pip install .`)
gets copies as `policykb/data/content/...`, which `policykb.content.paths` reads with
`importlib.resources` when the package is installed. An editable install or a checkout
reads `content/` itself, so nothing is copied into the source tree. Everything else about
the package is in pyproject.toml.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
# The same list as `policykb.content.paths.SHIPPED`: paths under content/.
SHIPPED = ("taxonomy.yaml", "nlrb/rules.yaml")
TARGET = ("policykb", "data", "content")


class BuildPyWithContent(build_py):
    """`build_py`, plus the shipped content/ files into the built package."""

    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # a checkout reads content/ in place (policykb.content.paths)
        for source, target in self._content_files():
            if not source.is_file():
                raise SystemExit(f"error: {source} is missing: the package needs it")
            self.mkpath(str(target.parent))
            self.copy_file(str(source), str(target), preserve_mode=False)

    def get_outputs(self, include_bytecode=True):
        outputs = list(super().get_outputs(include_bytecode))
        if not getattr(self, "editable_mode", False):
            outputs += [str(target) for _, target in self._content_files()]
        return outputs

    def _content_files(self):
        build_lib = Path(self.build_lib)
        for name in SHIPPED:
            yield ROOT / "content" / name, build_lib.joinpath(*TARGET, *name.split("/"))


setup(cmdclass={"build_py": BuildPyWithContent})
