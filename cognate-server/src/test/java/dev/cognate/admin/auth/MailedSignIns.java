package dev.cognate.admin.auth;

import com.icegreen.greenmail.util.GreenMail;
import dev.cognate.testing.Backend;
import dev.cognate.testing.MovableClock;
import dev.cognate.testing.SmtpInbox;
import dev.cognate.testing.TestServer;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One node per backend for the run that mails through GreenMail (a real SMTP server in this JVM)
 * and runs on a clock the tests move (it starts at the real time, at 10 s into a TOTP step, so
 * codes never straddle a step). Tests read the sign-in codes users would read.
 */
final class MailedSignIns {
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6,8})\\b");
    private static final SmtpInbox MAIL = SmtpInbox.start();
    static final GreenMail SMTP = MAIL.smtp();
    private static final Map<Backend, TestServer> SERVERS = new EnumMap<>(Backend.class);
    private static final Map<Backend, MovableClock> CLOCKS = new EnumMap<>(Backend.class);

    private MailedSignIns() {}

    static synchronized TestServer server(Backend backend) {
        return SERVERS.computeIfAbsent(backend, b -> {
            TestServer s = TestServer.startWithMail(b, MAIL.settings(), clock(b));
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
        return SmtpInbox.code(newMailTo(address, seen), CODE);
    }

    static MimeMessage newMailTo(String address, int seen) {
        return MAIL.mailsAfter(address, seen).get(seen);
    }

    static List<MimeMessage> mailsTo(String address) {
        return MAIL.mailsTo(address);
    }
}
