package dev.cognate.mail;

import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;

/**
 * Sends one e-mail over SMTP (Jakarta Mail): STARTTLS whenever the server offers it on
 * {@code smtp://}, TLS from the first byte on {@code smtps://}, the server's certificate and
 * name checked, bounded timeouts so a stuck server cannot hold a delivery thread.
 */
final class SmtpTransport {
    static final int TIMEOUT_MILLIS = 15_000;

    private final Session session;
    private final String protocol;

    SmtpTransport(SmtpUrl url) {
        protocol = url.implicitTls() ? "smtps" : "smtp";
        String p = "mail." + protocol + ".";
        Properties props = new Properties();
        props.put("mail.transport.protocol", protocol);
        props.put(p + "host", url.host());
        props.put(p + "port", Integer.toString(url.port()));
        props.put(p + "connectiontimeout", Integer.toString(TIMEOUT_MILLIS));
        props.put(p + "timeout", Integer.toString(TIMEOUT_MILLIS));
        props.put(p + "writetimeout", Integer.toString(TIMEOUT_MILLIS));
        props.put(p + "ssl.checkserveridentity", "true");
        if (!url.implicitTls()) {
            props.put(p + "starttls.enable", "true");
        }
        Authenticator authenticator = null;
        if (url.user() != null) {
            props.put(p + "auth", "true");
            authenticator = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(url.user(), url.password() == null ? "" : url.password());
                }
            };
        }
        session = Session.getInstance(props, authenticator);
    }

    void send(OutboundMessage message, String from) throws MessagingException {
        MimeMessage mime = new MimeMessage(session);
        mime.setFrom(MailHeaders.address(from));
        mime.setRecipient(Message.RecipientType.TO, MailHeaders.address(message.destination()));
        mime.setSubject(MailHeaders.subject(message.subject()), StandardCharsets.UTF_8.name());
        mime.setSentDate(new Date());
        mime.setText(message.body(), StandardCharsets.UTF_8.name(), message.html() ? "html" : "plain");
        Transport.send(mime);
    }
}
