package dev.cognate.admin.auth;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.cognate.config.MailSettings;
import dev.cognate.testing.Backend;
import dev.cognate.testing.MovableClock;
import dev.cognate.testing.TestServer;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One node per backend for the run that mails through GreenMail (a real SMTP server in this JVM)
 * and runs on a clock the tests move (it starts at the real time, at 10 s into a TOTP step, so
 * codes never straddle a step). Tests read the sign-in codes users would read.
 */
final class MailedSignIns {
    static final Duration MAIL_WAIT = Duration.ofSeconds(20);
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6,8})\\b");
    static final GreenMail SMTP = startSmtp();
    private static final Map<Backend, TestServer> SERVERS = new EnumMap<>(Backend.class);
    private static final Map<Backend, MovableClock> CLOCKS = new EnumMap<>(Backend.class);

    private MailedSignIns() {}

    private static GreenMail startSmtp() {
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        Runtime.getRuntime().addShutdownHook(new Thread(smtp::stop));
        return smtp;
    }

    static synchronized TestServer server(Backend backend) {
        return SERVERS.computeIfAbsent(backend, b -> {
            TestServer s = TestServer.startWithMail(b, new MailSettings("smtp://127.0.0.1:" + SMTP.getSmtp().getPort(),
                    "cognate@example.test"), clock(b));
            Runtime.getRuntime().addShutdownHook(new Thread(s::close));
            return s;
        });
    }

    static synchronized MovableClock clock(Backend backend) {
        return CLOCKS.computeIfAbsent(backend, b -> new MovableClock(
                Instant.ofEpochSecond(Instant.now().getEpochSecond() / 30 * 30 + 10)));
    }

    /** The code of the next mail to {@code address} after the {@code seen} it had. */
    static String nextCode(String address, int seen) {
        MimeMessage message = newMailTo(address, seen);
        Matcher m = CODE.matcher(GreenMailUtil.getBody(message));
        if (!m.find()) {
            throw new AssertionError("no code in the mail: " + GreenMailUtil.getBody(message));
        }
        return m.group(1);
    }

    static MimeMessage newMailTo(String address, int seen) {
        long deadline = System.nanoTime() + MAIL_WAIT.toNanos();
        while (true) {
            List<MimeMessage> mails = mailsTo(address);
            if (mails.size() > seen) {
                return mails.get(seen);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no mail reached " + address + " within " + MAIL_WAIT);
            }
            SMTP.waitForIncomingEmail(200, SMTP.getReceivedMessages().length + 1);
        }
    }

    static List<MimeMessage> mailsTo(String address) {
        List<MimeMessage> result = new ArrayList<>();
        for (MimeMessage message : SMTP.getReceivedMessages()) {
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
}
