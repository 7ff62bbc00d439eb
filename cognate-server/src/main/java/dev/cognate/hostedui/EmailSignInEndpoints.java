package dev.cognate.hostedui;

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
 * AllowedFirstAuthFactors include EMAIL_OTP and that do not require MFA, through clients that
 * allow USER_AUTH. The sign-in page's
 * second button posts the username to {@code POST /login/email-sign-in}; the code goes to
 * {@code POST /login/email-sign-in/code} ({@code /login/email-sign-in/resend} mails a new one).
 *
 * <p>Only a CONFIRMED, enabled user with a verified address who owes no second factor gets a
 * code, by the API's rule: a mailbox alone must not skip MFA, a new password, a reset or a
 * confirmation. Every other name (no user, or one who may not) gets the same page and no mail;
 * the page names no address, so it does not tell who has an account. A wrong code and an
 * expired one get the same answer. Codes are the API's (eight digits, three minutes, used once,
 * a few guesses, a few an hour per user), and the mail asked for is limited per network address
 * as the sign-up page's is.
 */
public final class EmailSignInEndpoints {
    static final String REFUSED = "Invalid or expired code. Enter the code from the newest e-mail, or send a new code.";
    static final String SENT = "We e-mailed a sign-in code to the verified address of the account. It works for 3 minutes.";
    static final String SENT_AGAIN = "We e-mailed a new code to the verified address of the account.";
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

    /**
     * Whether the sign-in page offers a mailed code: the pool allows it as a first factor and
     * does not require MFA, and the client allows USER_AUTH ({@link LoginEndpoints#allowsChoice}).
     */
    static boolean offered(OpenSignIn open) {
        return Policies.allowedFirstAuthFactors(open.pool().policies()).contains("EMAIL_OTP")
                && !SoftwareTokenMfa.poolRequiresMfa(open.pool()) && LoginEndpoints.allowsChoice(open);
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
        if (perAddress.refuses(ctx)) {
            return;
        }
        // a name longer than any user's is no user's (and is not looked up)
        boolean tooLong = username.length() > LoginEndpoints.MAX_USERNAME;
        String typed = tooLong ? username.substring(0, LoginEndpoints.MAX_USERNAME) : username;
        Optional<User> user = tooLong ? Optional.empty() : login.find(open, typed);
        if (!login.attempting(ctx, open, typed, user)) {
            return;
        }
        Optional<User> eligible = user.filter(u -> eligible(open, u));
        Optional<OpenSignIn> next = login.advance(ctx, open, step(eligible, typed));
        if (next.isEmpty()) {
            return;
        }
        mailCode(open, eligible);
        codePage(ctx, 200, next.get(), SENT, null);
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
        // the pool or the user may have changed since the code was mailed (MFA turned on, say)
        Optional<User> user = login.owing(open, Step.Kind.EMAIL_SIGN_IN);
        if (user.isEmpty() || !offered(open) || !eligible(open, user.get())) {
            user.ifPresentOrElse(u -> login.signInFailed(ctx, open, u),
                    () -> login.recordForNobody(ctx, open, open.step().username(), AuthEvent.Type.SignIn));
            codePage(ctx, 400, open, null, REFUSED);
            return;
        }
        String code = ctx.formParam("code");
        switch (emailOtp.check(user.get(), code == null ? "" : code.strip())) {
            case Checked.Accepted accepted -> login.finish(ctx, open, user.get(), Authentication.EMAIL_CODE);
            // an expired code is answered as a wrong one: a name without an account has no code to expire
            case Checked.Mismatch mismatch -> refused(ctx, open, user.get());
            case Checked.Expired expired -> refused(ctx, open, user.get());
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
        // the new code gets the step's whole time
        Optional<OpenSignIn> next = login.advance(ctx, open, step(user, open.step().username()));
        if (next.isEmpty()) {
            return;
        }
        mailCode(open, user);
        codePage(ctx, 200, next.get(), SENT_AGAIN, null);
    }

    private void refused(Context ctx, OpenSignIn open, User user) {
        login.signInFailed(ctx, open, user);
        codePage(ctx, 400, open, null, REFUSED);
    }

    /** The step that waits for the code: the user's, or, where no code was sent, the name's that nobody may go on from. */
    private Step step(Optional<User> eligible, String typed) {
        return eligible.map(u -> Step.of(Step.Kind.EMAIL_SIGN_IN, u, login.now(), null))
                .orElse(new Step(Step.Kind.EMAIL_SIGN_IN, typed, null, null, null, login.now(), null, Step.NO_USER));
    }

    /**
     * Mails the user a code. The page says the same whatever happens here (no such user, one who
     * may not, too many codes lately, a CustomMessage trigger that failed) and names no address,
     * so it tells nobody whether the name has an account or what its address looks like.
     */
    private void mailCode(OpenSignIn open, Optional<User> user) {
        if (user.isEmpty()) {
            return;
        }
        try {
            emailOtp.send(open.pool(), user.get(), open.client().clientId());
        } catch (dev.cognate.triggers.LambdaFailure e) {
            // as if sent: the user asks for a new code or signs in with the password
        }
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
