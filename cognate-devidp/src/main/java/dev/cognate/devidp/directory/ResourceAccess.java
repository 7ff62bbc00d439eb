package dev.cognate.devidp.directory;

import java.util.List;

/** One entry of {@code requiredResourceAccess}: permissions the app asks of a resource (Microsoft Graph's appId for delegated scopes). */
public record ResourceAccess(String resourceAppId, List<Access> resourceAccess) {
    public static final String MICROSOFT_GRAPH = "00000003-0000-0000-c000-000000000000";

    public record Access(String id, String type) {}
}
