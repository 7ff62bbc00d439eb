package dev.cognate.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.cognate.config.MailSettings;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GreenMail, a real SMTP server in this JVM, for a node to mail through: tests read the mails
 * users would read. Each mailing fixture has its own, so a test that counts every mail received
 * counts only its fixture's.
 */
public final class SmtpInbox {
    private static final Duration MAIL_WAIT = Duration.ofSeconds(20);

    private final GreenMail smtp;

    private SmtpInbox(GreenMail smtp) {
        this.smtp = smtp;
    }

    /** Listens on a free port of 127.0.0.1 until the JVM exits. */
    public static SmtpInbox start() {
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        Runtime.getRuntime().addShutdownHook(new Thread(smtp::stop));
        return new SmtpInbox(smtp);
    }

    public GreenMail smtp() {
        return smtp;
    }

    public String url() {
        return "smtp://127.0.0.1:" + smtp.getSmtp().getPort();
    }

    /** A node's mail settings for this server, sending from cognate@example.test. */
    public MailSettings settings() {
        return new MailSettings(url(), "cognate@example.test");
    }

    /** The mails that reached {@code address}, oldest first. */
    public List<MimeMessage> mailsTo(String address) {
        List<MimeMessage> result = new ArrayList<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            try {
                Address[] to = message.getAllRecipients();
                if (to != null) {
                    for (Address a : to) {
                        if (a.toString().equalsIgnoreCase(address)) {
                            result.add(message);
                        }
                    }
                }
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return result;
    }

    /** Waits until more than {@code seen} mails reached {@code address}; returns them all, oldest first. */
    public List<MimeMessage> mailsAfter(String address, int seen) {
        long deadline = System.nanoTime() + MAIL_WAIT.toNanos();
        while (true) {
            List<MimeMessage> mails = mailsTo(address);
            if (mails.size() > seen) {
                return mails;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no mail reached " + address + " within " + MAIL_WAIT);
            }
            // Wakes as soon as any mail arrives (GreenMail's own condition), not after a fixed sleep.
            smtp.waitForIncomingEmail(200, smtp.getReceivedMessages().length + 1);
        }
    }

    /** The code in {@code message}, as {@code code}'s first group finds it. */
    public static String code(MimeMessage message, Pattern code) {
        Matcher m = code.matcher(GreenMailUtil.getBody(message));
        if (!m.find()) {
            throw new AssertionError("no code in the mail: " + GreenMailUtil.getBody(message));
        }
        return m.group(1);
    }
}
