# The suite's plumbing (settings, target, client, prerequisites, checks, reports) is a plugin module,
# so tests/ and selftests/ share one configuration path and tests never know which target they talk to.
pytest_plugins = ["suite.plugin"]
