package dev.cognate.authn;

import java.util.Map;

/** Why a code (or an invitation) is sent and at which app's request: what a pool's CustomMessage trigger is told. */
public record MessageOccasion(Source source, String clientId, Map<String, String> clientMetadata) {

    /** The occasions Cognito names in CustomMessage's trigger sources ({@code CustomMessage_<eventName>}). */
    public enum Source {
        SIGN_UP("SignUp"),
        ADMIN_CREATE_USER("AdminCreateUser"),
        RESEND_CODE("ResendCode"),
        FORGOT_PASSWORD("ForgotPassword"),
        UPDATE_USER_ATTRIBUTE("UpdateUserAttribute"),
        VERIFY_USER_ATTRIBUTE("VerifyUserAttribute"),
        AUTHENTICATION("Authentication");

        private final String eventName;

        Source(String eventName) {
            this.eventName = eventName;
        }

        public String eventName() {
            return eventName;
        }
    }

    public MessageOccasion {
        clientMetadata = clientMetadata == null ? Map.of() : Map.copyOf(clientMetadata);
    }

    /** An occasion no app asked for (an administrator's operation). */
    public static MessageOccasion of(Source source) {
        return new MessageOccasion(source, null, Map.of());
    }

    public static MessageOccasion of(Source source, String clientId, Map<String, String> clientMetadata) {
        return new MessageOccasion(source, clientId, clientMetadata);
    }
}
