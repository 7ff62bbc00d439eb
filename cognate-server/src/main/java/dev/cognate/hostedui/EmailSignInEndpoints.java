package dev.cognate.hostedui;

import dev.cognate.authn.CodeDestination;
import dev.cognate.authn.EmailOtp;
import dev.cognate.authn.SoftwareTokenMfa;
import dev.cognate.authn.VerificationCodes.Checked;
import dev.cognate.oauth.Authentication;
import dev.cognate.oauth.OpenSignIn;
import dev.cognate.pools.Policies;
import dev.cognate.store.AuthEvent;
import dev.cognate.store.SignInTransaction.Step;
import dev.cognate.users.User;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;

/**
 * Sign-in with a code mailed to the user, no password (Cognito's managed login "sign in with a
 * one-time code", the hosted face of USER_AUTH's EMAIL_OTP first factor), for pools whose
 * AllowedFirstAuthFactors include EMAIL_OTP and that do not require MFA. The sign-in page's
 * second button posts the username to {@code POST /login/email-sign-in}; the code goes to
 * {@code POST /login/email-sign-in/code} ({@code /login/email-sign-in/resend} mails a new one).
 *
 * <p>Only a CONFIRMED, enabled user with a verified address who owes no second factor gets a
 * code, by the API's rule: a mailbox alone must not skip MFA, a new password, a reset or a
 * confirmation. Every other name (no user, or one who may not) gets the same page with an
 * address-shaped decoy and no mail, so the page does not tell who has an account. Codes are the
 * API's (eight digits, three minutes, used once, a few guesses, a few an hour per user), and the
 * mail asked for is limited per network address as the sign-up page's is.
 */
public final class EmailSignInEndpoints {
    static final String REFUSED = "Invalid code or auth state for the user. Enter the code from the newest e-mail.";
    static final String EXPIRED = "Your sign-in took too long and has expired. Sign in again.";

    private final LoginEndpoints login;
    private final EmailOtp emailOtp;
    private final Csrf csrf;
    private final AddressLimit perAddress;
    private final Pages pages;

    public EmailSignInEndpoints(LoginEndpoints login, EmailOtp emailOtp, Csrf csrf, AddressLimit perAddress, Pages pages) {
        this.login = login;
        this.emailOtp = emailOtp;
        this.csrf = csrf;
        this.perAddress = perAddress;
        this.pages = pages;
    }

    /** Whether the sign-in page offers a mailed code: the pool allows it as a first factor and does not require MFA. */
    static boolean offered(OpenSignIn open) {
        return Policies.allowedFirstAuthFactors(open.pool().policies()).contains("EMAIL_OTP")
                && !SoftwareTokenMfa.poolRequiresMfa(open.pool());
    }

    /** {@code POST /login/email-sign-in}: the username, to mail a code to. */
    public void start(Context ctx) {
        Optional<OpenSignIn> valid = login.validPost(ctx);
        if (valid.isEmpty()) {
            return;
        }
        OpenSignIn open = valid.get();
        if (!offered(open)) {
            login.loginPage(ctx, 400, open, null, "Sign-in with an e-mailed code is not enabled for this app. "
                    + "Sign in with your password.");
            return;
        }
        String username = ctx.formParam("username");
        if (username == null || username.isBlank()) {
            login.loginPage(ctx, 400, open, null, "Enter your username to get a sign-in code.");
            return;
        }
        if (username.length() > LoginEndpoints.MAX_USERNAME) {
            username = username.substring(0, LoginEndpoints.MAX_USERNAME);
        }
        if (perAddress.refuses(ctx)) {
            return;
        }
        Optional<User> user = login.find(open, username);
        if (!login.attempting(ctx, open, username, user)) {
            return;
        }
        Optional<User> eligible = user.filter(u -> eligible(open, u));
        Step step = eligible.map(u -> Step.of(Step.Kind.EMAIL_SIGN_IN, u, login.now(), null))
                .orElse(new Step(Step.Kind.EMAIL_SIGN_IN, username, null, null, null, login.now(), null, Step.NO_USER));
        Optional<OpenSignIn> next = login.advance(ctx, open, step);
        if (next.isEmpty()) {
            return;
        }
        String decoy = CodeDestination.decoyEmail(open.pool().id(), username);
        codePage(ctx, 200, next.get(), "We e-mailed a code to " + mailCode(open, eligible, decoy) + ".", null);
    }

    /** {@code POST /login/email-sign-in/code}: the code, which is the whole sign-in. */
    public void code(Context ctx) {
        Optional<OpenSignIn> valid = login.validPost(ctx);
        if (valid.isEmpty()) {
            return;
        }
        OpenSignIn open = valid.get();
        if (!fresh(open)) {
            login.loginPage(ctx, 400, open, null, EXPIRED);
            return;
        }
        String typedName = open.step().username();
        // the pool or the user may have changed since the code was mailed (MFA turned on, say)
        Optional<User> user = login.owing(open, Step.Kind.EMAIL_SIGN_IN).filter(u -> offered(open) && eligible(open, u));
        if (user.isEmpty()) {
            login.recordForNobody(ctx, open, typedName, AuthEvent.Type.SignIn);
            codePage(ctx, 400, open, null, REFUSED);
            return;
        }
        String code = ctx.formParam("code");
        switch (emailOtp.check(user.get(), code == null ? "" : code.strip())) {
            case Checked.Accepted accepted -> login.finish(ctx, open, user.get(), Authentication.EMAIL_CODE);
            case Checked.Mismatch mismatch -> {
                login.signInFailed(ctx, open, user.get());
                codePage(ctx, 400, open, null, REFUSED);
            }
            case Checked.Expired expired -> codePage(ctx, 400, open, null,
                    "This code has expired or was used already. Send a new code.");
            // The code's guesses are used up: only a new one (the sends to this user are limited) is checked again.
            case Checked.TooManyAttempts tooMany -> codePage(ctx, 429, open, null,
                    "Too many wrong codes. Send a new code, then enter it.");
        }
    }

    /** {@code POST /login/email-sign-in/resend}: a new code, within the limits of codes mailed. */
    public void resend(Context ctx) {
        Optional<OpenSignIn> valid = login.validPost(ctx);
        if (valid.isEmpty() || perAddress.refuses(ctx)) {
            return;
        }
        OpenSignIn open = valid.get();
        if (!fresh(open)) {
            login.loginPage(ctx, 400, open, null, EXPIRED);
            return;
        }
        Optional<User> user = login.owing(open, Step.Kind.EMAIL_SIGN_IN).filter(u -> offered(open) && eligible(open, u));
        String decoy = CodeDestination.decoyEmail(open.pool().id(), open.step().username());
        codePage(ctx, 200, open, "We e-mailed a new code to " + mailCode(open, user, decoy) + ".", null);
    }

    /**
     * Mails the user a code; where it went, masked. Where nothing is sent (no such user, one who
     * may not, or too many codes lately: the newest one still works) the answer is the same.
     */
    private String mailCode(OpenSignIn open, Optional<User> user, String decoy) {
        if (user.isEmpty()) {
            return decoy;
        }
        return switch (emailOtp.send(open.pool(), user.get())) {
            case EmailOtp.Sent.Delivered delivered -> delivered.destination().masked();
            case EmailOtp.Sent.Limited limited -> EmailOtp.destination(user.get()).map(CodeDestination::masked).orElse(decoy);
            case EmailOtp.Sent.NoAddress none -> decoy;
        };
    }

    /** Whether a mailed code may be this user's whole sign-in: the API's rule for USER_AUTH's EMAIL_OTP. */
    private boolean eligible(OpenSignIn open, User user) {
        return EmailOtp.mayBeFirstFactor(user) && EmailOtp.destination(user).isPresent()
                && login.owesNoSecondFactor(open, user);
    }

    /** Whether the sign-in is at the mailed code's step and within its time. */
    private boolean fresh(OpenSignIn open) {
        return open.step().kind() == Step.Kind.EMAIL_SIGN_IN && login.stepIsFresh(open);
    }

    private void codePage(Context ctx, int status, OpenSignIn open, String notice, String error) {
        pages.code(ctx, status, new CodePage("Enter the code we e-mailed you", open.client().clientName(),
                csrf.tokenFor(ctx), open.id(), "/login/email-sign-in/code", "Sign in", false, null, false, List.of(),
                "/login/email-sign-in/resend", LoginEndpoints.signInHref(open), notice, error));
    }
}
