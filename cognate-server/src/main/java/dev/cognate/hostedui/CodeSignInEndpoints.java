package dev.cognate.hostedui;

import dev.cognate.authn.EmailOtp;
import dev.cognate.authn.SmsOtp;
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
import java.util.function.Predicate;
import dev.cognate.pools.UserPool;

/**
 * Sign-in with a code alone, no password (Cognito's managed login "sign in with a one-time code",
 * the hosted face of USER_AUTH's EMAIL_OTP and SMS_OTP first factors), mailed or texted as the
 * {@link Medium} says, for pools whose AllowedFirstAuthFactors include that factor and that do not
 * require MFA, through clients that allow USER_AUTH. A button of the sign-in page posts the
 * username to {@code POST /login/email-sign-in} (or {@code sms-sign-in}); the code goes to its
 * {@code /code} ({@code /resend} sends a new one).
 *
 * <p>Only a CONFIRMED, enabled user with a verified address (or number) who owes no second factor
 * gets a code, by the API's rule: a mailbox or a phone alone must not skip MFA, a new password, a
 * reset or a confirmation. Every other name (no user, or one who may not) gets the same page and
 * nothing is sent; the page names no address, so it does not tell who has an account. A wrong code
 * and an expired one get the same answer. Codes are the API's (eight digits, three minutes, used
 * once, a few guesses, a few an hour per user), and the codes asked for are limited per network
 * address as the sign-up page's are.
 */
public final class CodeSignInEndpoints {
    static final String EXPIRED = "Your sign-in took too long and has expired. Sign in again.";
    static final String EMAIL_SENT = "We e-mailed a sign-in code to the verified address of the account. It works for 3 minutes.";
    static final String EMAIL_SENT_AGAIN = "We e-mailed a new code to the verified address of the account.";
    static final String EMAIL_REFUSED = "Invalid or expired code. Enter the code from the newest e-mail, or send a new code.";
    static final String SMS_SENT = "We texted a sign-in code to the verified phone number of the account. It works for 3 minutes.";
    static final String SMS_SENT_AGAIN = "We texted a new code to the verified phone number of the account.";
    static final String SMS_REFUSED = "Invalid or expired code. Enter the code from the newest text message, or send a new code.";

    /** Where the code goes, and the words and paths of its pages. */
    public record Medium(String factor, Step.Kind step, String path, String title, String sent, String sentAgain,
                         String refused, String notEnabled, Authentication authentication, Predicate<User> reachable,
                         Sender sender, Checker checker) {
        interface Sender {
            void send(UserPool pool, User user, String clientId);
        }

        interface Checker {
            Checked check(User user, String code);
        }

        public static Medium email(EmailOtp codes) {
            return new Medium("EMAIL_OTP", Step.Kind.EMAIL_SIGN_IN, "/login/email-sign-in", "Enter the code we e-mailed you",
                    EMAIL_SENT, EMAIL_SENT_AGAIN, EMAIL_REFUSED,
                    "Sign-in with an e-mailed code is not enabled for this app. Sign in with your password.",
                    Authentication.EMAIL_CODE, u -> EmailOtp.destination(u).isPresent(), codes::send, codes::check);
        }

        public static Medium sms(SmsOtp codes) {
            return new Medium("SMS_OTP", Step.Kind.SMS_SIGN_IN, "/login/sms-sign-in", "Enter the code we texted you",
                    SMS_SENT, SMS_SENT_AGAIN, SMS_REFUSED,
                    "Sign-in with a texted code is not enabled for this app. Sign in with your password.",
                    Authentication.TEXTED_CODE, u -> SmsOtp.verifiedDestination(u).isPresent(),
                    codes::sendSignInCode, codes::checkSignInCode);
        }
    }

    private final Medium medium;
    private final LoginEndpoints login;
    private final Csrf csrf;
    private final AddressLimit perAddress;
    private final Pages pages;

    public CodeSignInEndpoints(Medium medium, LoginEndpoints login, Csrf csrf, AddressLimit perAddress, Pages pages) {
        this.medium = medium;
        this.login = login;
        this.csrf = csrf;
        this.perAddress = perAddress;
        this.pages = pages;
    }

    /**
     * Whether the sign-in page offers a code by {@code factor} (EMAIL_OTP, SMS_OTP): the pool allows
     * it as a first factor and does not require MFA, and the client allows USER_AUTH
     * ({@link LoginEndpoints#allowsChoice}).
     */
    static boolean offered(OpenSignIn open, String factor) {
        return Policies.allowedFirstAuthFactors(open.pool().policies()).contains(factor)
                && !SoftwareTokenMfa.poolRequiresMfa(open.pool()) && LoginEndpoints.allowsChoice(open);
    }

    private boolean offered(OpenSignIn open) {
        return offered(open, medium.factor());
    }

    /** {@code POST /login/email-sign-in} (or {@code sms-sign-in}): the username, to send a code to. */
    public void start(Context ctx) {
        Optional<OpenSignIn> valid = login.validPost(ctx);
        if (valid.isEmpty()) {
            return;
        }
        OpenSignIn open = valid.get();
        if (!offered(open)) {
            login.loginPage(ctx, 400, open, null, medium.notEnabled());
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
        sendCode(open, eligible);
        codePage(ctx, 200, next.get(), medium.sent(), null);
    }

    /** {@code POST .../code}: the code, which is the whole sign-in. */
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
        Optional<User> user = login.owing(open, medium.step());
        if (user.isEmpty() || !offered(open) || !eligible(open, user.get())) {
            user.ifPresentOrElse(u -> login.signInFailed(ctx, open, u),
                    () -> login.recordForNobody(ctx, open, open.step().username(), AuthEvent.Type.SignIn));
            codePage(ctx, 400, open, null, medium.refused());
            return;
        }
        String code = ctx.formParam("code");
        switch (medium.checker().check(user.get(), code == null ? "" : code.strip())) {
            case Checked.Accepted accepted -> login.finish(ctx, open, user.get(), medium.authentication());
            // an expired code is answered as a wrong one: a name without an account has no code to expire
            case Checked.Mismatch mismatch -> refused(ctx, open, user.get());
            case Checked.Expired expired -> refused(ctx, open, user.get());
            // The code's guesses are used up: only a new one (the sends to this user are limited) is
            // checked again. Answered as a wrong code is: a name without an account has no guesses to use up.
            case Checked.TooManyAttempts tooMany -> refused(ctx, open, user.get());
        }
    }

    /** {@code POST .../resend}: a new code, within the limits of codes sent. */
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
        Optional<User> user = login.owing(open, medium.step()).filter(u -> offered(open) && eligible(open, u));
        // the new code gets the step's whole time
        Optional<OpenSignIn> next = login.advance(ctx, open, step(user, open.step().username()));
        if (next.isEmpty()) {
            return;
        }
        sendCode(open, user);
        codePage(ctx, 200, next.get(), medium.sentAgain(), null);
    }

    private void refused(Context ctx, OpenSignIn open, User user) {
        login.signInFailed(ctx, open, user);
        codePage(ctx, 400, open, null, medium.refused());
    }

    /** The step that waits for the code: the user's, or, where no code was sent, the name's that nobody may go on from. */
    private Step step(Optional<User> eligible, String typed) {
        return eligible.map(u -> Step.of(medium.step(), u, login.now(), null))
                .orElse(new Step(medium.step(), typed, null, null, null, login.now(), null, Step.NO_USER));
    }

    /**
     * Sends the user a code. The page says the same whatever happens here (no such user, one who
     * may not, too many codes lately, a CustomMessage trigger that failed) and names no address,
     * so it tells nobody whether the name has an account or what its address looks like.
     */
    private void sendCode(OpenSignIn open, Optional<User> user) {
        if (user.isEmpty()) {
            return;
        }
        try {
            medium.sender().send(open.pool(), user.get(), open.client().clientId());
        } catch (dev.cognate.triggers.LambdaFailure e) {
            // as if sent: the user asks for a new code or signs in with the password
        }
    }

    /** Whether a code may be this user's whole sign-in: the API's rule for USER_AUTH's EMAIL_OTP and SMS_OTP. */
    private boolean eligible(OpenSignIn open, User user) {
        return EmailOtp.mayBeFirstFactor(user) && medium.reachable().test(user) && login.owesNoSecondFactor(open, user);
    }

    /** Whether the sign-in is at the code's step and within its time. */
    private boolean fresh(OpenSignIn open) {
        return open.step().kind() == medium.step() && login.stepIsFresh(open);
    }

    private void codePage(Context ctx, int status, OpenSignIn open, String notice, String error) {
        pages.code(ctx, status, new CodePage(medium.title(), open.client().clientName(),
                csrf.tokenFor(ctx), open.id(), medium.path() + "/code", "Sign in", false, null, false, List.of(),
                medium.path() + "/resend", LoginEndpoints.signInHref(open), notice, error));
    }
}
