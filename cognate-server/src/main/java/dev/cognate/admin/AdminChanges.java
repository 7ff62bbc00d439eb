package dev.cognate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cognate.audit.AuditTrail;
import dev.cognate.store.AdminChange;
import dev.cognate.triggers.LambdaFailure;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records every call of a signed operation that changes something (not Describe*, List*,
 * Get*, AdminGet*, AdminList*, nor the admin sign-in, whose events are the user's): the
 * access key, the operation, the identifiers the request named, and how it ended. Only the
 * members in {@link #IDENTIFIERS} are read from the request, so no password, client secret or
 * code can reach the trail.
 */
public final class AdminChanges {
    static final List<String> IDENTIFIERS = List.of("UserPoolId", "ClientId", "Username", "GroupName", "ProviderName",
            "Identifier", "Domain", "ResourceArn", "EventId", "JobId", "ClientName", "PoolName", "DeviceKey", "ClientSecretId");
    private static final List<String> READS = List.of("Describe", "List", "Get", "AdminGet", "AdminList");
    private static final List<String> SIGN_INS = List.of("AdminInitiateAuth", "AdminRespondToAuthChallenge");

    private final AuditTrail trail;

    public AdminChanges(AuditTrail trail) {
        this.trail = trail;
    }

    public static boolean isChange(String operation) {
        return READS.stream().noneMatch(operation::startsWith) && !SIGN_INS.contains(operation);
    }

    /** The handler of a signed operation, recording each call when the operation changes something. */
    <Q> OperationHandler<Q> observe(String operation, OperationHandler<Q> handler) {
        if (!isChange(operation)) {
            return handler;
        }
        return (request, caller) -> {
            Object result;
            try {
                result = handler.handle(request, caller);
            } catch (AwsException e) {
                record(operation, request, null, caller, e.type());
                throw e;
            } catch (LambdaFailure e) {
                record(operation, request, null, caller, e.type());
                throw e;
            } catch (RuntimeException e) {
                record(operation, request, null, caller, "InternalErrorException");
                throw e;
            }
            record(operation, request, result, caller, AdminChange.SUCCESS);
            return result;
        };
    }

    private void record(String operation, Object request, Object result, Caller caller, String outcome) {
        Map<String, String> resource = resource(request);
        created(result).forEach(resource::putIfAbsent);
        trail.changed(caller.accessKeyId(), operation, resource.remove("UserPoolId"), resource, outcome,
                caller.sourceAddress());
    }

    /** The ids of what a Create call made, which its request could not name: the pool's, the client's. */
    static Map<String, String> created(Object result) {
        Map<String, String> ids = new LinkedHashMap<>();
        if (result == null) {
            return ids;
        }
        JsonNode tree;
        try {
            tree = AwsJson.MAPPER.valueToTree(result);
        } catch (IllegalArgumentException e) {
            return ids;
        }
        if (tree.path("UserPool").path("Id").isTextual()) {
            ids.put("UserPoolId", tree.path("UserPool").path("Id").asText());
        }
        if (tree.path("UserPoolClient").path("ClientId").isTextual()) {
            ids.put("ClientId", tree.path("UserPoolClient").path("ClientId").asText());
        }
        return ids;
    }

    /** The identifiers a request names (those of its top level that are strings). */
    static Map<String, String> resource(Object request) {
        Map<String, String> named = new LinkedHashMap<>();
        if (request == null) {
            return named;
        }
        JsonNode tree;
        try {
            tree = AwsJson.MAPPER.valueToTree(request);
        } catch (IllegalArgumentException e) {
            return named;
        }
        for (String member : IDENTIFIERS) {
            JsonNode value = tree.get(member);
            if (value != null && value.isTextual()) {
                String text = value.asText();
                named.put(member, text.length() <= 256 ? text : text.substring(0, 256));
            }
        }
        return named;
    }
}
