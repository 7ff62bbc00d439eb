package dev.cognate.authn;

import dev.cognate.users.User;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cognate.store.DeliveryMedium;
import dev.cognate.mail.MessageDelivery;
import dev.cognate.mail.OutboundMessage;
import dev.cognate.mail.SmsRoute;
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

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CodeSender.class);

    private final MessageDelivery delivery;
    private final MessageCustomizer customizer;
    private final CustomSender customSender;

    public CodeSender(MessageDelivery delivery) {
        this(delivery, MessageCustomizer.NONE, CustomSender.NONE);
    }

    public CodeSender(MessageDelivery delivery, MessageCustomizer customizer, CustomSender customSender) {
        this.delivery = delivery;
        this.customizer = customizer;
        this.customSender = customSender;
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

    /** A code for {@code occasion}, in the words of the pool's CustomMessage trigger when it has one. */
    public void send(UserPool pool, User user, CodeDestination destination, String code, MessageOccasion occasion) {
        if (sentByPoolsOwnSender(pool, user, destination, code, occasion)) {
            return;
        }
        MessageCustomizer.Messages templates = verificationTemplates(pool);
        deliver(pool, user, destination, code, customized(pool, user, occasion, templates, false));
    }

    private static MessageCustomizer.Messages verificationTemplates(UserPool pool) {
        JsonNode template = pool.verificationMessageTemplate();
        return new MessageCustomizer.Messages(
                first(text(template, "SmsMessage"), pool.smsVerificationMessage(), DEFAULT_MESSAGE),
                first(text(template, "EmailMessage"), pool.emailVerificationMessage(), DEFAULT_MESSAGE),
                first(text(template, "EmailSubject"), pool.emailVerificationSubject(), DEFAULT_SUBJECT));
    }

    /**
     * A sign-in code in given words (the pool's EmailMfaConfiguration, say), or in those of the
     * pool's CustomMessage trigger (CustomMessage_Authentication) when it has one.
     */
    public void sendWith(UserPool pool, User user, CodeDestination destination, String code, String message,
                         String subject, String clientId) {
        // Cognito passes no ClientMetadata to a sign-in's message, only the app it is for.
        MessageOccasion occasion = MessageOccasion.of(MessageOccasion.Source.AUTHENTICATION, clientId, null);
        if (sentByPoolsOwnSender(pool, user, destination, code, occasion)) {
            return;
        }
        deliver(pool, user, destination, code, customized(pool, user, occasion,
                new MessageCustomizer.Messages(message, message, subject), false));
    }

    /**
     * The customizer's messages where they still carry the code's placeholder (and an
     * invitation's, the username's); a message that lost one is not sent, the pool's own goes
     * instead, so a customizer can never make a code or temporary password undeliverable.
     */
    private MessageCustomizer.Messages customized(UserPool pool, User user, MessageOccasion occasion,
                                                  MessageCustomizer.Messages templates, boolean invitation) {
        MessageCustomizer.Messages answer = customizer.customize(pool, user, occasion, templates);
        String sms = keepsPlaceholders(answer.smsMessage(), invitation) ? answer.smsMessage() : templates.smsMessage();
        String email = keepsPlaceholders(answer.emailMessage(), invitation) ? answer.emailMessage() : templates.emailMessage();
        if (!sms.equals(answer.smsMessage()) || !email.equals(answer.emailMessage())) {
            LOG.warn("Pool {}: a custom {} message without the code's placeholder was not used; the pool's message was sent",
                    pool.id(), occasion.source().eventName());
        }
        String subject = answer.emailSubject() == null || answer.emailSubject().isEmpty() ? templates.emailSubject()
                : answer.emailSubject();
        return new MessageCustomizer.Messages(sms, email, subject);
    }

    private static boolean keepsPlaceholders(String message, boolean invitation) {
        return message != null && message.contains("{####}") && (!invitation || message.contains("{username}"));
    }

    /**
     * The invitation of a user an administrator created (AdminCreateUser): its username and
     * temporary password ({@code {####}}), in the words of the pool's
     * AdminCreateUserConfig.InviteMessageTemplate or Cognito's defaults.
     */
    public void sendInvitation(UserPool pool, User user, CodeDestination destination, String temporaryPassword,
                               java.util.Map<String, String> clientMetadata) {
        MessageOccasion occasion = MessageOccasion.of(MessageOccasion.Source.ADMIN_CREATE_USER, null, clientMetadata);
        if (sentByPoolsOwnSender(pool, user, destination, temporaryPassword, occasion)) {
            return;
        }
        deliver(pool, user, destination, temporaryPassword, customized(pool, user, occasion, invitationTemplates(pool),
                true));
    }

    /**
     * The welcome message of a user the pool's UserMigration trigger created: Cognito's welcome
     * is the invitation, so its words (and CustomMessage_AdminCreateUser) are the invitation's. A
     * migrated user has no temporary password, and Cognate never mails the one the user signed in
     * with: the invitation's {@code {####}} reads {@link #NO_PASSWORD_SENT}.
     */
    public void sendWelcome(UserPool pool, User user, CodeDestination destination, MessageOccasion occasion) {
        if (sentByPoolsOwnSender(pool, user, destination, NO_PASSWORD_SENT, occasion)) {
            return;
        }
        deliver(pool, user, destination, NO_PASSWORD_SENT, customized(pool, user, occasion, invitationTemplates(pool), true));
    }

    /** What a migrated user's welcome message shows where an invitation shows the temporary password. */
    public static final String NO_PASSWORD_SENT = "********";

    private static MessageCustomizer.Messages invitationTemplates(UserPool pool) {
        JsonNode config = pool.adminCreateUserConfig();
        JsonNode template = config == null ? null : config.get("InviteMessageTemplate");
        return new MessageCustomizer.Messages(
                first(text(template, "SMSMessage"), DEFAULT_INVITATION),
                first(text(template, "EmailMessage"), DEFAULT_INVITATION),
                first(text(template, "EmailSubject"), DEFAULT_INVITATION_SUBJECT));
    }

    /**
     * A pool with a custom sender for the destination's medium (CustomEmailSender,
     * CustomSMSSender) gets the secret handed to it instead of a message from Cognate: that
     * function writes and delivers every message of its medium, so CustomMessage is not asked.
     */
    private boolean sentByPoolsOwnSender(UserPool pool, User user, CodeDestination destination, String secret,
                                         MessageOccasion occasion) {
        if (!customSender.handles(pool, destination)) {
            return false;
        }
        customSender.send(pool, user, occasion, destination, secret);
        return true;
    }

    private void deliver(UserPool pool, User user, CodeDestination destination, String secret,
                         MessageCustomizer.Messages messages) {
        String smsTemplate = messages.smsMessage();
        String emailTemplate = messages.emailMessage();
        String subject = messages.emailSubject();
        if (destination.medium() == DeliveryMedium.SMS) {
            delivery.deliver(OutboundMessage.sms(pool.id(), destination.address(), fill(smsTemplate, user, secret),
                    SmsRoute.of(pool.smsConfiguration(), pool.region())));
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
