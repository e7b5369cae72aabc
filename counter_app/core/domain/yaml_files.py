"""Reading the YAML of forms/ with libyaml's safe loader (about ten times faster than PyYAML's pure Python one)."""

from __future__ import annotations

import yaml

# Same wheel, same safe subset of YAML; the pure-Python loader only where PyYAML was built without libyaml.
SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> object:
    """The data of one YAML document (safe tags only); raises ``yaml.YAMLError`` like ``yaml.safe_load``."""
    return yaml.load(text, Loader=SAFE_LOADER)
