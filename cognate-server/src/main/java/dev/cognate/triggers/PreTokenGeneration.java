package dev.cognate.triggers;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cognate.tokens.ClaimsCustomizer;
import dev.cognate.tokens.TokenCustomization;
import dev.cognate.tokens.TokenCustomization.ClaimChanges;
import dev.cognate.tokens.TokenDraft;
import dev.cognate.tokens.TokenOccasion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The pre token generation trigger as the token layer's {@link ClaimsCustomizer}. V1_0
 * ({@code claimsOverrideDetails}) changes the ID token and the groups; V2_0 and V3_0
 * ({@code claimsAndScopeOverrideDetails}) both tokens and the access token's scopes; only V3_0
 * is asked for client_credentials tokens, as in Cognito. What the function may not change is
 * the minter's rule ({@link TokenCustomization#PROTECTED}), so it holds whatever answers here.
 */
public final class PreTokenGeneration implements ClaimsCustomizer {
    private final Triggers triggers;

    public PreTokenGeneration(Triggers triggers) {
        this.triggers = triggers;
    }

    @Override
    public TokenCustomization customize(TokenDraft draft) {
        Optional<TriggerConfig> found = TriggerConfig.of(draft.pool(), Trigger.PRE_TOKEN_GENERATION);
        if (found.isEmpty()) {
            return TokenCustomization.NONE;
        }
        TriggerConfig config = found.get();
        boolean v1 = config.eventVersion().equals("1");
        if (draft.occasion() == TokenOccasion.CLIENT_CREDENTIALS && !config.version().equals("V3_0")) {
            return TokenCustomization.NONE;
        }
        Map<String, String> attributes = draft.user() == null ? null : Triggers.userAttributes(draft.user());
        var groupConfiguration = new TriggerEvent.GroupConfiguration(draft.groups(), List.of(), null);
        var request = new TriggerEvent.PreTokenGenerationRequest(attributes, groupConfiguration,
                v1 ? null : List.copyOf(new TreeSet<>(draft.scopes())),
                draft.clientMetadata().isEmpty() ? null : draft.clientMetadata());
        Object response = v1 ? new TriggerEvent.PreTokenGenerationV1Response(null)
                : new TriggerEvent.PreTokenGenerationV2Response(null);
        String username = draft.user() == null ? null : draft.user().username();
        TriggerEvent event = Triggers.event(draft.pool(), config, draft.occasion().triggerSource(), username,
                draft.clientId(), request, response);
        return triggers.invoke(Trigger.PRE_TOKEN_GENERATION, config, event, answer -> v1
                ? v1(answer.path("response").path("claimsOverrideDetails"))
                : v2(answer.path("response").path("claimsAndScopeOverrideDetails")));
    }

    private static TokenCustomization v1(JsonNode details) {
        if (absent(details)) {
            return TokenCustomization.NONE;
        }
        requireObject(details);
        Map<String, Object> add = new LinkedHashMap<>();
        JsonNode claims = details.path("claimsToAddOrOverride");
        if (!absent(claims)) {
            requireObject(claims);
            claims.properties().forEach(e -> {
                if (e.getValue().isContainerNode()) {
                    throw LambdaFailure.unrecognizable();
                }
                if (!e.getValue().isNull()) {
                    add.put(e.getKey(), e.getValue().asText());
                }
            });
        }
        GroupOverride groups = groups(details.path("groupOverrideDetails"));
        return new TokenCustomization(new ClaimChanges(add, strings(details.path("claimsToSuppress"))), ClaimChanges.NONE,
                groups.groups(), groups.roles(), groups.preferredRole(), Set.of(), Set.of());
    }

    private static TokenCustomization v2(JsonNode details) {
        if (absent(details)) {
            return TokenCustomization.NONE;
        }
        requireObject(details);
        JsonNode id = details.path("idTokenGeneration");
        JsonNode access = details.path("accessTokenGeneration");
        GroupOverride groups = groups(details.path("groupOverrideDetails"));
        return new TokenCustomization(changes(id), changes(access), groups.groups(), groups.roles(), groups.preferredRole(),
                absent(access) ? Set.of() : strings(access.path("scopesToAdd")),
                absent(access) ? Set.of() : strings(access.path("scopesToSuppress")));
    }

    private static ClaimChanges changes(JsonNode generation) {
        if (absent(generation)) {
            return ClaimChanges.NONE;
        }
        requireObject(generation);
        Map<String, Object> add = new LinkedHashMap<>();
        JsonNode claims = generation.path("claimsToAddOrOverride");
        if (!absent(claims)) {
            requireObject(claims);
            claims.properties().forEach(e -> {
                if (!e.getValue().isNull()) {
                    add.put(e.getKey(), LambdaInvoker.JSON.convertValue(e.getValue(), new TypeReference<Object>() {}));
                }
            });
        }
        return new ClaimChanges(add, strings(generation.path("claimsToSuppress")));
    }

    private record GroupOverride(List<String> groups, List<String> roles, String preferredRole) {}

    private static GroupOverride groups(JsonNode details) {
        if (absent(details)) {
            return new GroupOverride(null, null, null);
        }
        requireObject(details);
        JsonNode groups = details.path("groupsToOverride");
        JsonNode roles = details.path("iamRolesToOverride");
        JsonNode preferred = details.path("preferredRole");
        if (!absent(preferred) && !preferred.isTextual()) {
            throw LambdaFailure.unrecognizable();
        }
        return new GroupOverride(absent(groups) ? null : new ArrayList<>(strings(groups)),
                absent(roles) ? null : new ArrayList<>(strings(roles)), absent(preferred) ? null : preferred.asText());
    }

    private static Set<String> strings(JsonNode array) {
        if (absent(array)) {
            return Set.of();
        }
        if (!array.isArray()) {
            throw LambdaFailure.unrecognizable();
        }
        Set<String> values = new LinkedHashSet<>();
        for (JsonNode value : array) {
            if (!value.isTextual()) {
                throw LambdaFailure.unrecognizable();
            }
            values.add(value.asText());
        }
        return values;
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull();
    }

    private static void requireObject(JsonNode node) {
        if (!node.isObject()) {
            throw LambdaFailure.unrecognizable();
        }
    }
}
