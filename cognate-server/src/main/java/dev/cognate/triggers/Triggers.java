package dev.cognate.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cognate.authn.AuthenticationHooks;
import dev.cognate.authn.MessageCustomizer;
import dev.cognate.authn.MessageOccasion;
import dev.cognate.authn.PasswordSignIn;
import dev.cognate.authn.SignUpHooks;
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
public final class Triggers implements AuthenticationHooks, MessageCustomizer, SignUpHooks {
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
        SIGN_UP("PreSignUp_SignUp"),
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

    /**
     * PreAuthentication_Authentication. {@code userNotFound} is in the event only where the client
     * hides whether users exist: {@code true}, with no attributes, for a name no user has.
     */
    @Override
    public void preAuthentication(UserPool pool, String clientId, Attempted who, Map<String, String> validationData) {
        Boolean userNotFound = who.existenceHidden() ? who.user().isEmpty() : null;
        Map<String, String> attributes = who.user().map(Triggers::userAttributes).orElse(Map.of());
        TriggerConfig.of(pool, Trigger.PRE_AUTHENTICATION).ifPresent(config -> invoker.invoke(Trigger.PRE_AUTHENTICATION,
                config.functionArn(), event(pool, config, "PreAuthentication_Authentication", who.userName(), clientId,
                        new TriggerEvent.PreAuthenticationRequest(attributes, orEmpty(validationData), userNotFound),
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

    /** PreSignUp_SignUp (the API's SignUp and the hosted sign-up page). */
    @Override
    public Decision beforeSignUp(UserPool pool, String username, Map<String, String> attributes,
                                 Map<String, String> validationData, PasswordSignIn.App app) {
        SignUpDecision decision = preSignUp(pool, SignUpSource.SIGN_UP, app.clientId(), username, attributes,
                validationData, app.clientMetadata().isEmpty() ? null : app.clientMetadata());
        return new Decision(decision.autoConfirmUser(), decision.autoVerifyEmail(), decision.autoVerifyPhone());
    }

    /**
     * PostConfirmation_ConfirmSignUp (ConfirmSignUp, AdminConfirmSignUp without a client, the
     * hosted confirmation) or _ConfirmForgotPassword, once {@code user} (as confirmed) is stored.
     * A function error reaches the caller, and the confirmation stands.
     */
    @Override
    public void afterConfirmation(UserPool pool, Confirmed how, User user, PasswordSignIn.App app) {
        String source = how == Confirmed.FORGOT_PASSWORD ? "PostConfirmation_ConfirmForgotPassword"
                : "PostConfirmation_ConfirmSignUp";
        TriggerConfig.of(pool, Trigger.POST_CONFIRMATION).ifPresent(config -> invoker.invoke(Trigger.POST_CONFIRMATION,
                config.functionArn(), event(pool, config, source, user.username(), app.clientId(),
                        new TriggerEvent.PostConfirmationRequest(userAttributes(user),
                                app.clientMetadata().isEmpty() ? null : app.clientMetadata()),
                        new TriggerEvent.EmptyResponse()), answer -> answer));
    }

    /**
     * CustomMessage: the function sees the placeholders and answers the messages that replace
     * the pool's (null members keep the pool's). Whether an answer may be sent is the sender's rule.
     */
    @Override
    public Messages customize(UserPool pool, User user, MessageOccasion occasion, Messages templates) {
        Optional<TriggerConfig> config = TriggerConfig.of(pool, Trigger.CUSTOM_MESSAGE);
        if (config.isEmpty()) {
            return templates;
        }
        String usernameParameter = occasion.source() == MessageOccasion.Source.ADMIN_CREATE_USER ? USERNAME_PARAMETER : null;
        TriggerEvent event = event(pool, config.get(), "CustomMessage_" + occasion.source().eventName(), user.username(),
                occasion.clientId(), new TriggerEvent.CustomMessageRequest(userAttributes(user), CODE_PARAMETER,
                        LINK_PARAMETER, usernameParameter, occasion.clientMetadata().isEmpty() ? null : occasion.clientMetadata()),
                new TriggerEvent.CustomMessageResponse(null, null, null));
        return invoker.invoke(Trigger.CUSTOM_MESSAGE, config.get().functionArn(), event, answer -> {
            JsonNode response = answer.path("response");
            return new Messages(text(response, "smsMessage", templates.smsMessage()),
                    text(response, "emailMessage", templates.emailMessage()),
                    text(response, "emailSubject", templates.emailSubject()));
        });
    }

    /** The sources of UserMigration. */
    public enum MigrationSource {
        AUTHENTICATION("UserMigration_Authentication"),
        FORGOT_PASSWORD("UserMigration_ForgotPassword");

        private final String triggerSource;

        MigrationSource(String triggerSource) {
            this.triggerSource = triggerSource;
        }
    }

    /** What a UserMigration function answered for a user the pool does not know. */
    public record Migration(Map<String, String> userAttributes, String finalUserStatus, String messageAction,
                            List<String> desiredDeliveryMediums, boolean forceAliasCreation) {}

    /**
     * UserMigration for {@code username}, unknown to the pool; {@code password} only for
     * UserMigration_Authentication. Empty when the pool has no UserMigration trigger. The answer
     * is read for the username asked about whatever else the function changed in the event.
     */
    public Optional<Migration> userMigration(UserPool pool, MigrationSource source, String clientId, String username,
                                             String password, Map<String, String> validationData,
                                             Map<String, String> clientMetadata) {
        Optional<TriggerConfig> config = TriggerConfig.of(pool, Trigger.USER_MIGRATION);
        if (config.isEmpty()) {
            return Optional.empty();
        }
        TriggerEvent event = event(pool, config.get(), source.triggerSource, username, clientId,
                new TriggerEvent.UserMigrationRequest(password, orEmpty(validationData),
                        clientMetadata == null || clientMetadata.isEmpty() ? null : clientMetadata),
                new TriggerEvent.UserMigrationResponse(null, null, null, null, null, null));
        return Optional.of(invoker.invoke(Trigger.USER_MIGRATION, config.get().functionArn(), event, answer -> {
            JsonNode response = answer.path("response");
            JsonNode attributes = response.path("userAttributes");
            if (!attributes.isObject() || attributes.isEmpty()) {
                throw LambdaFailure.unrecognizable();
            }
            Map<String, String> userAttributes = new LinkedHashMap<>();
            attributes.properties().forEach(e -> {
                if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    throw LambdaFailure.unrecognizable();
                }
                userAttributes.put(e.getKey(), e.getValue().asText());
            });
            JsonNode mediums = response.path("desiredDeliveryMediums");
            List<String> desired = new java.util.ArrayList<>();
            if (!mediums.isMissingNode() && !mediums.isNull()) {
                if (!mediums.isArray()) {
                    throw LambdaFailure.unrecognizable();
                }
                mediums.forEach(m -> desired.add(oneOf(m, List.of("EMAIL", "SMS"))));
            }
            return new Migration(userAttributes, oneOf(response.path("finalUserStatus"), List.of("CONFIRMED", "RESET_REQUIRED")),
                    oneOf(response.path("messageAction"), List.of("SUPPRESS", "RESEND")), List.copyOf(desired),
                    flag(response, "forceAliasCreation"));
        }));
    }

    /** One finished step of a custom sign-in: its challenge, whether it was passed, the function's name for it. */
    public record ChallengeResult(String challengeName, boolean challengeResult, String challengeMetadata) {}

    /** What DefineAuthChallenge decided: tokens, the end, or the next challenge. */
    public record AuthDecision(String challengeName, boolean issueTokens, boolean failAuthentication) {}

    /** What CreateAuthChallenge made: parameters for the app, parameters kept for the answer's check, its name. */
    public record CreatedChallenge(Map<String, String> publicChallengeParameters, Map<String, String> privateChallengeParameters,
                                   String challengeMetadata) {}

    /**
     * Who a custom sign-in's step is about: a user, or a name no user has. The events'
     * {@code userNotFound} is there only when the app client hides whether users exist
     * (PreventUserExistenceErrors ENABLED): {@code true} for an unknown name (no attributes), so
     * the function can pose a decoy challenge, {@code false} for a user.
     */
    public record Challenged(User user, String userName, Boolean userNotFound) {
        public static Challenged user(User user, boolean existenceHidden) {
            return new Challenged(user, user.username(), existenceHidden ? Boolean.FALSE : null);
        }

        public static Challenged unknown(String name) {
            return new Challenged(null, name, Boolean.TRUE);
        }

        public boolean exists() {
            return user != null;
        }

        Map<String, String> userAttributes() {
            return user == null ? Map.of() : Triggers.userAttributes(user);
        }
    }

    /** Whether the pool has the custom sign-in's triggers (DefineAuthChallenge, at least). */
    public static boolean hasCustomAuth(UserPool pool) {
        return TriggerConfig.of(pool, Trigger.DEFINE_AUTH_CHALLENGE).isPresent();
    }

    public AuthDecision defineAuthChallenge(UserPool pool, String clientId, Challenged who, List<ChallengeResult> session,
                                            Map<String, String> clientMetadata) {
        TriggerConfig config = TriggerConfig.of(pool, Trigger.DEFINE_AUTH_CHALLENGE).orElseThrow(LambdaFailure::unrecognizable);
        TriggerEvent event = event(pool, config, "DefineAuthChallenge_Authentication", who.userName(), clientId,
                new TriggerEvent.DefineAuthChallengeRequest(who.userAttributes(), eventSession(session),
                        orEmpty(clientMetadata), who.userNotFound()),
                new TriggerEvent.DefineAuthChallengeResponse(null, null, null));
        return invoker.invoke(Trigger.DEFINE_AUTH_CHALLENGE, config.functionArn(), event, answer -> {
            JsonNode response = answer.path("response");
            return new AuthDecision(text(response, "challengeName", null), flag(response, "issueTokens"),
                    flag(response, "failAuthentication"));
        });
    }

    public CreatedChallenge createAuthChallenge(UserPool pool, String clientId, Challenged who, String challengeName,
                                                List<ChallengeResult> session, Map<String, String> clientMetadata) {
        TriggerConfig config = TriggerConfig.of(pool, Trigger.CREATE_AUTH_CHALLENGE)
                .orElseThrow(() -> LambdaFailure.invocation(Trigger.CREATE_AUTH_CHALLENGE, "ResourceNotFoundException"));
        TriggerEvent event = event(pool, config, "CreateAuthChallenge_Authentication", who.userName(), clientId,
                new TriggerEvent.CreateAuthChallengeRequest(who.userAttributes(), challengeName, eventSession(session),
                        orEmpty(clientMetadata), who.userNotFound()),
                new TriggerEvent.CreateAuthChallengeResponse(null, null, null));
        return invoker.invoke(Trigger.CREATE_AUTH_CHALLENGE, config.functionArn(), event, answer -> {
            JsonNode response = answer.path("response");
            return new CreatedChallenge(strings(response.path("publicChallengeParameters")),
                    strings(response.path("privateChallengeParameters")), text(response, "challengeMetadata", null));
        });
    }

    public boolean verifyAuthChallengeResponse(UserPool pool, String clientId, Challenged who,
                                               Map<String, String> privateChallengeParameters, String challengeAnswer,
                                               Map<String, String> clientMetadata) {
        TriggerConfig config = TriggerConfig.of(pool, Trigger.VERIFY_AUTH_CHALLENGE_RESPONSE)
                .orElseThrow(() -> LambdaFailure.invocation(Trigger.VERIFY_AUTH_CHALLENGE_RESPONSE, "ResourceNotFoundException"));
        TriggerEvent event = event(pool, config, "VerifyAuthChallengeResponse_Authentication", who.userName(), clientId,
                new TriggerEvent.VerifyAuthChallengeResponseRequest(who.userAttributes(), orEmpty(privateChallengeParameters),
                        challengeAnswer, orEmpty(clientMetadata), who.userNotFound()),
                new TriggerEvent.VerifyAuthChallengeResponseResponse(null));
        return invoker.invoke(Trigger.VERIFY_AUTH_CHALLENGE_RESPONSE, config.functionArn(), event,
                answer -> flag(answer.path("response"), "answerCorrect"));
    }

    private static List<TriggerEvent.ChallengeResult> eventSession(List<ChallengeResult> session) {
        return session.stream().map(r -> new TriggerEvent.ChallengeResult(r.challengeName(), r.challengeResult(),
                r.challengeMetadata())).toList();
    }

    /** A map of strings in an answer (absent: empty); anything else is no answer. */
    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> values = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return values;
        }
        if (!node.isObject()) {
            throw LambdaFailure.unrecognizable();
        }
        node.properties().forEach(e -> {
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw LambdaFailure.unrecognizable();
            }
            values.put(e.getKey(), e.getValue().asText());
        });
        return values;
    }

    static final String CODE_PARAMETER = "{####}";
    static final String USERNAME_PARAMETER = "{username}";
    static final String LINK_PARAMETER = "{##Click Here##}";

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

    /** A string member of an answer, or {@code otherwise} when it is absent; anything but a string is no answer. */
    private static String text(JsonNode response, String name, String otherwise) {
        JsonNode value = response.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return otherwise;
        }
        if (!value.isTextual()) {
            throw LambdaFailure.unrecognizable();
        }
        return value.asText();
    }

    private static String oneOf(JsonNode value, List<String> allowed) {
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || !allowed.contains(value.asText())) {
            throw LambdaFailure.unrecognizable();
        }
        return value.asText();
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }
}
