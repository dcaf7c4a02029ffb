"""v2.0.0: the instance, its default organization and dataplane group, the webapp config. Paths at tag v2.0.0.

Open-source Airbyte creates one organization and one user, both with the nil UUID
(airbyte-commons/src/main/kotlin/io/airbyte/commons/Constants.kt:18,25), named "Default Organization" and
"Default User" with a blank email on a fresh instance (airbyte-db/db-lib/.../migrations/
V0_50_19_001__CreateDefaultOrganizationAndUser.kt:43-52,141). The webapp makes its user complete the instance
setup first, which stores the email given on the default organization and marks the setup complete
(InstanceConfigurationHandler.setupInstanceConfiguration, airbyte-commons-server/.../handlers/
InstanceConfigurationHandler.kt:89-113,193-206). This server emulates a community instance after that setup
(a fresh one answers the blank email, which the document's `format: email` refuses), without auth, license or
analytics.
"""

from __future__ import annotations

from reference_server.context import Context

VERSION = "2.0.0"
NIL = "00000000-0000-0000-0000-000000000000"
SETUP_EMAIL = "setup@reference-server.invalid"  # the email this instance's setup was given
DEFAULT_ORGANIZATION = {"organizationId": NIL, "organizationName": "Default Organization", "email": SETUP_EMAIL,
                        "userId": NIL}
# The default group's name is deployment configuration (DEFAULT_DATAPLANE_GROUP_NAME,
# airbyte-server/src/main/resources/application.yml:216); the migration allows only AUTO, US or EU
# (V1_1_1_013__PopulateDataplaneGroups.kt:72-78). This server's instance has AUTO, a fixed id, created at 0.
DEFAULT_DATAPLANE_GROUP = {"dataplane_group_id": "00000000-0000-0000-0000-00000000a070", "name": "AUTO",
                           "organization_id": NIL, "enabled": True, "created_at": "1970-01-01T00:00:00Z",
                           "updated_at": "1970-01-01T00:00:00Z", "dataplanes": []}


def instance_configuration(ctx: Context, body) -> dict:
    """InstanceConfigurationHandler.instanceConfiguration (airbyte-commons-server/.../handlers/
    InstanceConfigurationHandler.kt:63-86): version from the deployment, the default organization's id and email,
    the default user; licenseStatus null without a license (:245-248) and defaultWorkspaceId never set, both
    left out (nulls omitted). initialSetupComplete (:67) is true: the setup is done (module docstring)."""
    version = VERSION
    if ctx.faults.on("v2_version_reported_old"):  # FAULT: v2_version_reported_old
        version = "0.42.1"
    return {"airbyteUrl": "airbyte-url-not-configured", "edition": "community", "version": version,
            "auth": {"mode": "none"}, "initialSetupComplete": True, "defaultUserId": NIL,
            "defaultOrganizationId": DEFAULT_ORGANIZATION["organizationId"],
            "defaultOrganizationEmail": DEFAULT_ORGANIZATION["email"], "trackingStrategy": "logging"}


def webapp_config(ctx: Context, body) -> dict:
    """WebBackendApiController.getWebappConfig (airbyte-server/.../controllers/WebBackendApiController.kt:185-200):
    the version and the edition in lower case; the third-party keys are unset here (left out)."""
    return {"version": VERSION, "edition": "community"}


def organizations_by_user(ctx: Context, body: dict) -> dict:
    """OrganizationsHandler.listOrganizationsByUser (airbyte-commons-server/.../handlers/OrganizationsHandler.kt:
    150-177): the user's organizations whose name contains nameContains (blank: no filter); only the default user
    belongs to one, the default organization. pagination (pageSize, rowOffset) pages that list."""
    user = str(body.get("userId") or "").lower()
    found = [DEFAULT_ORGANIZATION] if user == NIL else []
    contains = (body.get("nameContains") or "").strip()
    if contains:
        found = [o for o in found if contains.lower() in o["organizationName"].lower()]
    page = body.get("pagination") or None
    if page:
        offset = page.get("rowOffset") or 0
        found = found[offset:offset + page["pageSize"]] if page.get("pageSize") is not None else found[offset:]
    return {"organizations": [{k: v for k, v in o.items() if k != "userId"} for o in found]}


def dataplane_groups(ctx: Context, body: dict) -> dict:
    """DataplaneGroupApiController.listDataplaneGroups (airbyte-server/.../controllers/
    DataplaneGroupApiController.kt:104-118): the groups of the default organization and of the one asked for,
    not tombstoned (DataplaneGroupServiceDataImpl.kt:65-83); here only the default AUTO group exists."""
    return {"dataplaneGroups": [dict(DEFAULT_DATAPLANE_GROUP)]}
