# The suite's plumbing (settings, target, client, prerequisites, checks, reports) is a pytest plugin in a
# few modules (suite/plugin.py says which does what), so tests/ and selftests/ share one configuration
# path and tests never know which target they talk to. Listed so that each is registered before another
# imports it (pytest rewrites the asserts of plugin modules it has not yet seen imported).
pytest_plugins = ["suite.parallel", "suite.terminal", "suite.fixtures", "suite.each_test", "suite.plugin"]
