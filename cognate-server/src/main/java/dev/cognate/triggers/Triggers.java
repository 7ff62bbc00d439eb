package dev.cognate.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cognate.authn.AuthenticationHooks;
import dev.cognate.pools.UserPool;
import dev.cognate.triggers.TriggerEvent.CallerContext;
import dev.cognate.users.User;
import dev.cognate.users.UserAttribute;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pool's Lambda triggers, as the sign-in and sign-up paths call them: each builds the event
 * Cognito documents, invokes the function the pool's LambdaConfig names (nothing happens when it
 * names none) and reads the answer. A failure is a {@link LambdaFailure} the caller answers.
 */
public final class Triggers implements AuthenticationHooks {
    private final LambdaInvoker invoker;

    public Triggers(LambdaInvoker invoker) {
        this.invoker = invoker;
    }

    /** What a PreSignUp function decided; {@link #NONE} when the pool has no PreSignUp trigger. */
    public record SignUpDecision(boolean autoConfirmUser, boolean autoVerifyEmail, boolean autoVerifyPhone) {
        public static final SignUpDecision NONE = new SignUpDecision(false, false, false);
    }

    /** The sources of PreSignUp that Cognate raises. */
    public enum SignUpSource {
        ADMIN_CREATE_USER("PreSignUp_AdminCreateUser"),
        EXTERNAL_PROVIDER("PreSignUp_ExternalProvider");

        private final String triggerSource;

        SignUpSource(String triggerSource) {
            this.triggerSource = triggerSource;
        }
    }

    /**
     * PreSignUp before a user is created. {@code clientId} is null for AdminCreateUser.
     * A function error refuses the sign-up (the caller creates nothing).
     */
    public SignUpDecision preSignUp(UserPool pool, SignUpSource source, String clientId, String username,
                                    Map<String, String> attributes, Map<String, String> validationData,
                                    Map<String, String> clientMetadata) {
        Optional<TriggerConfig> config = TriggerConfig.of(pool, Trigger.PRE_SIGN_UP);
        if (config.isEmpty()) {
            return SignUpDecision.NONE;
        }
        TriggerEvent event = event(pool, config.get(), source.triggerSource, username, clientId,
                new TriggerEvent.PreSignUpRequest(attributes, orEmpty(validationData), clientMetadata),
                new TriggerEvent.PreSignUpResponse(false, false, false));
        return invoker.invoke(Trigger.PRE_SIGN_UP, config.get().functionArn(), event, answer -> {
            JsonNode response = answer.path("response");
            return new SignUpDecision(flag(response, "autoConfirmUser"), flag(response, "autoVerifyEmail"),
                    flag(response, "autoVerifyPhone"));
        });
    }

    @Override
    public void preAuthentication(UserPool pool, String clientId, User user, Map<String, String> validationData) {
        TriggerConfig.of(pool, Trigger.PRE_AUTHENTICATION).ifPresent(config -> invoker.invoke(Trigger.PRE_AUTHENTICATION,
                config.functionArn(), event(pool, config, "PreAuthentication_Authentication", user.username(), clientId,
                        new TriggerEvent.PreAuthenticationRequest(userAttributes(user), orEmpty(validationData), null),
                        new TriggerEvent.EmptyResponse()), answer -> answer));
    }

    @Override
    public void postAuthentication(UserPool pool, String clientId, User user, Map<String, String> clientMetadata) {
        TriggerConfig.of(pool, Trigger.POST_AUTHENTICATION).ifPresent(config -> invoker.invoke(Trigger.POST_AUTHENTICATION,
                config.functionArn(), event(pool, config, "PostAuthentication_Authentication", user.username(), clientId,
                        new TriggerEvent.PostAuthenticationRequest(false, userAttributes(user),
                                clientMetadata == null || clientMetadata.isEmpty() ? null : clientMetadata),
                        new TriggerEvent.EmptyResponse()), answer -> answer));
    }

    <T> T invoke(Trigger trigger, TriggerConfig config, TriggerEvent event, java.util.function.Function<JsonNode, T> reader) {
        return invoker.invoke(trigger, config.functionArn(), event, reader);
    }

    static TriggerEvent event(UserPool pool, TriggerConfig config, String source, String username, String clientId,
                              Object request, Object response) {
        return new TriggerEvent(config.eventVersion(), source, pool.region(), pool.id(), username,
                CallerContext.of(clientId), request, response);
    }

    /** The user as triggers see it: {@code sub}, the attributes, then {@code cognito:user_status}. */
    static Map<String, String> userAttributes(User user) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("sub", user.sub());
        for (UserAttribute attribute : user.attributes()) {
            attributes.put(attribute.name(), attribute.value());
        }
        attributes.put("cognito:user_status", user.status().name());
        return attributes;
    }

    static Map<String, String> userAttributes(List<UserAttribute> list) {
        Map<String, String> attributes = new LinkedHashMap<>();
        list.forEach(a -> attributes.put(a.name(), a.value()));
        return attributes;
    }

    private static boolean flag(JsonNode response, String name) {
        JsonNode value = response.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw LambdaFailure.unrecognizable();
        }
        return value.asBoolean();
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }
}
