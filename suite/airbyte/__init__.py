"""What an Airbyte server at platform 0f4f4a9331 returns for what it was sent: the suite's oracle.

    stored_catalogs    a catalog as a read shows it after create or update, merged with discovery
    connection_reads   the fields of a connection after create and after a patch (schedules, defaults)
    operation_reads    operations as a read shows them

Each rule cites the Airbyte file that decides it (paths in airbytehq/airbyte-platform at 0f4f4a9331;
CatalogConverter = airbyte-commons-server/.../handlers/helpers/CatalogConverter.java, and so on).
The reference server implements the same rules separately, on purpose: a mistake in either shows up as
a disagreement instead of agreeing with itself.
"""
