package dev.cognate.authn;

import dev.cognate.users.User;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cognate.store.DeliveryMedium;
import dev.cognate.mail.MessageDelivery;
import dev.cognate.mail.OutboundMessage;
import dev.cognate.pools.UserPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Chooses where a user's code goes and sends it (or an invitation) in the pool's words:
 * VerificationMessageTemplate (EmailMessage, EmailSubject, SmsMessage), else the older
 * EmailVerificationMessage/Subject and SmsVerificationMessage, else Cognito's defaults;
 * {@code {####}} is the code and {@code {username}} the username.
 */
public final class CodeSender {
    static final String DEFAULT_SUBJECT = "Your verification code";
    static final String DEFAULT_MESSAGE = "Your verification code is {####}. ";
    static final String DEFAULT_INVITATION = "Your username is {username} and temporary password is {####}. ";
    static final String DEFAULT_INVITATION_SUBJECT = "Your temporary password";

    private final MessageDelivery delivery;

    public CodeSender(MessageDelivery delivery) {
        this.delivery = delivery;
    }

    /**
     * Where a sign-up confirmation code goes: an attribute of AutoVerifiedAttributes the user
     * has; the phone number first when both are (as Cognito).
     */
    public static Optional<CodeDestination> signUpDestination(UserPool pool, User user) {
        List<String> auto = pool.autoVerifiedAttributes() == null ? List.of() : pool.autoVerifiedAttributes();
        for (String attribute : List.of("phone_number", "email")) {
            Optional<String> value = user.attribute(attribute).filter(v -> !v.isEmpty());
            if (auto.contains(attribute) && value.isPresent()) {
                return Optional.of(CodeDestination.of(attribute, value.get()));
            }
        }
        return Optional.empty();
    }

    /**
     * Where a password-reset code goes: a verified e-mail or phone number, in the order of the
     * pool's AccountRecoverySetting, or (without one) the phone number first, as Cognito.
     */
    public static Optional<CodeDestination> recoveryDestination(UserPool pool, User user) {
        for (String attribute : recoveryOrder(pool)) {
            Optional<String> value = user.attribute(attribute).filter(v -> !v.isEmpty());
            if (value.isPresent() && user.isVerified(attribute)) {
                return Optional.of(CodeDestination.of(attribute, value.get()));
            }
        }
        return Optional.empty();
    }

    /** Whether the pool lets only administrators reset passwords (AccountRecoverySetting admin_only). */
    public static boolean adminOnlyRecovery(UserPool pool) {
        return mechanisms(pool).contains("admin_only");
    }

    public void send(UserPool pool, User user, CodeDestination destination, String code) {
        JsonNode template = pool.verificationMessageTemplate();
        deliver(pool, user, destination, code,
                first(text(template, "SmsMessage"), pool.smsVerificationMessage(), DEFAULT_MESSAGE),
                first(text(template, "EmailMessage"), pool.emailVerificationMessage(), DEFAULT_MESSAGE),
                first(text(template, "EmailSubject"), pool.emailVerificationSubject(), DEFAULT_SUBJECT));
    }

    /** A code in given words (a sign-in code in the pool's EmailMfaConfiguration, say). */
    public void sendWith(UserPool pool, User user, CodeDestination destination, String code, String message,
                         String subject) {
        deliver(pool, user, destination, code, message, message, subject);
    }

    /**
     * The invitation of a user an administrator created (AdminCreateUser): its username and
     * temporary password ({@code {####}}), in the words of the pool's
     * AdminCreateUserConfig.InviteMessageTemplate or Cognito's defaults.
     */
    public void sendInvitation(UserPool pool, User user, CodeDestination destination, String temporaryPassword) {
        JsonNode config = pool.adminCreateUserConfig();
        JsonNode template = config == null ? null : config.get("InviteMessageTemplate");
        deliver(pool, user, destination, temporaryPassword,
                first(text(template, "SMSMessage"), DEFAULT_INVITATION),
                first(text(template, "EmailMessage"), DEFAULT_INVITATION),
                first(text(template, "EmailSubject"), DEFAULT_INVITATION_SUBJECT));
    }

    private void deliver(UserPool pool, User user, CodeDestination destination, String secret, String smsTemplate,
                         String emailTemplate, String subject) {
        if (destination.medium() == DeliveryMedium.SMS) {
            delivery.deliver(new OutboundMessage(pool.id(), DeliveryMedium.SMS, destination.address(), null, null,
                    fill(smsTemplate, user, secret)));
            return;
        }
        boolean html = OutboundMessage.isHtml(emailTemplate);
        String body = html ? emailTemplate.replace("{####}", secret).replace("{username}", escapeHtml(user.username()))
                : fill(emailTemplate, user, secret);
        delivery.deliver(new OutboundMessage(pool.id(), DeliveryMedium.EMAIL, destination.address(),
                text(pool.emailConfiguration(), "From"), fill(subject, user, secret), body, html));
    }

    private static String fill(String template, User user, String code) {
        return template.replace("{####}", code).replace("{username}", user.username());
    }

    /** A username may hold {@code <} and {@code &}: in an HTML message it must stay text, never markup or a link. */
    static String escapeHtml(String value) {
        StringBuilder escaped = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static List<String> recoveryOrder(UserPool pool) {
        List<String> order = new ArrayList<>();
        for (String mechanism : mechanisms(pool)) {
            switch (mechanism) {
                case "verified_email" -> order.add("email");
                case "verified_phone_number" -> order.add("phone_number");
                default -> { }
            }
        }
        return order.isEmpty() && mechanisms(pool).isEmpty() ? List.of("phone_number", "email") : order;
    }

    /** The pool's recovery mechanism names by priority. */
    private static List<String> mechanisms(UserPool pool) {
        JsonNode setting = pool.accountRecoverySetting();
        JsonNode list = setting == null ? null : setting.get("RecoveryMechanisms");
        List<JsonNode> entries = new ArrayList<>();
        if (list != null && list.isArray()) {
            list.forEach(entries::add);
        }
        entries.sort(java.util.Comparator.comparingInt(n -> n.path("Priority").asInt(Integer.MAX_VALUE)));
        return entries.stream().map(n -> n.path("Name").asText("")).toList();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || !value.isTextual() || value.asText().isEmpty() ? null : value.asText();
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }
}
