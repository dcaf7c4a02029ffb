"""The suite's plumbing, loaded as a pytest plugin (suite.plugin): settings, target, client, world,
checks and reports. tests/ uses its fixtures and checks; it never knows which target it talks to."""
