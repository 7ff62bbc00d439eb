package dev.cognate.hostedui;

import dev.cognate.authn.EmailMfaSetup;
import dev.cognate.authn.EmailOtp;
import dev.cognate.authn.SecondFactors.Factor;
import dev.cognate.authn.VerificationCodes.Checked;
import dev.cognate.oauth.Authentication;
import dev.cognate.oauth.OpenSignIn;
import dev.cognate.store.SignInTransaction.Step.Kind;
import dev.cognate.users.User;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;

/**
 * The hosted pages' MFA set-up where the pool requires MFA and offers e-mailed codes, as the
 * API's MFA_SETUP: {@code POST /login/mfa-setup} takes the user's choice where the pool offers an
 * authenticator app too (which goes on to {@code /login/totp-setup}), and refuses a factor the
 * pool does not offer; {@code POST /login/email-setup} takes the address to send codes to, any
 * address as in Cognito, and mails a code there ({@code /login/email-setup/resend} a new one);
 * {@code POST /login/email-setup/code} takes that code, which makes the address the user's
 * verified e-mail, turns e-mail MFA on and ends the sign-in. Until the code holds the address
 * lives only in the sealed sign-in transaction; codes mailed are limited per user and per network
 * address, as the sign-up page's are; and whether another user holds it as an alias or
 * sign-in name is told only after the code, so these pages cannot probe whose addresses are taken.
 */
public final class MfaSetupEndpoints {
    static final String EXPIRED = "Your sign-in took too long and has expired. Sign in again.";

    private final LoginEndpoints login;
    private final EmailOtp emailOtp;
    private final EmailMfaSetup emailSetup;
    private final Csrf csrf;
    private final AddressLimit perAddress;
    private final Pages pages;

    public MfaSetupEndpoints(LoginEndpoints login, EmailOtp emailOtp, EmailMfaSetup emailSetup, Csrf csrf,
                             AddressLimit perAddress, Pages pages) {
        this.login = login;
        this.emailOtp = emailOtp;
        this.emailSetup = emailSetup;
        this.csrf = csrf;
        this.perAddress = perAddress;
        this.pages = pages;
    }

    /** {@code POST /login/mfa-setup}: what the user sets up. */
    public void choose(Context ctx) {
        Optional<OpenSignIn> valid = login.validPost(ctx);
        if (valid.isEmpty()) {
            return;
        }
        OpenSignIn open = valid.get();
        Optional<User> user = login.owing(open, Kind.MFA_SETUP);
        if (user.isEmpty()) {
            noChoice(ctx, open);
            return;
        }
        String answer = ctx.formParam("factor");
        Optional<Factor> factor = login.canSetUp(open).stream().filter(f -> f.name().equals(answer)).findFirst();
        if (factor.isEmpty()) {
            login.setupChoicePage(ctx, 400, open, "Choose one of the ways below.");
            return;
        }
        switch (factor.get()) {
            case SOFTWARE_TOKEN_MFA -> login.advance(ctx, open, Kind.TOTP_SETUP, user.get())
                    .ifPresent(next -> login.totpPage(ctx, 200, next, user.get(), null));
            case EMAIL_OTP -> login.advance(ctx, open, Kind.EMAIL_SETUP, user.get())
                    .ifPresent(next -> addressPage(ctx, 200, next, ownAddress(user.get()), null));
        }
    }

    /** A choice posted where there is none to make: a pool with e-mailed codes alone asks for the address again. */
    private void noChoice(Context ctx, OpenSignIn open) {
        Optional<User> user = login.owing(open, Kind.EMAIL_SETUP).or(() -> login.owing(open, Kind.EMAIL_SETUP_CODE));
        if (user.isEmpty()) {
            login.loginPage(ctx, 400, open, null, EXPIRED);
            return;
        }
        String given = open.step().pendingEmail();
        addressPage(ctx, 400, open, given == null ? ownAddress(user.get()) : given,
                "Enter the e-mail address to send your codes to.");
    }

    /** {@code POST /login/email-setup}: the address to send codes to (again, to correct it, while its code is awaited). */
    public void address(Context ctx) {
        Optional<OpenSignIn> valid = login.validPost(ctx);
        if (valid.isEmpty() || perAddress.refuses(ctx)) {
            return;
        }
        OpenSignIn open = valid.get();
        Optional<User> user = login.owing(open, Kind.EMAIL_SETUP).or(() -> login.owing(open, Kind.EMAIL_SETUP_CODE));
        if (user.isEmpty() || !emailOtp.offeredAsMfa(open.pool())) {
            login.loginPage(ctx, 400, open, null, EXPIRED);
            return;
        }
        String given = ctx.formParam("email");
        switch (EmailMfaSetup.read(user.get(), given == null ? "" : given)) {
            case EmailMfaSetup.Given.Invalid invalid -> addressPage(ctx, 400, open,
                    given == null || given.length() > EmailMfaSetup.MAX_ADDRESS_OCTETS ? "" : given,
                    invalid.problem().startsWith("Missing") ? "Enter an e-mail address." : "Enter a valid e-mail address.");
            case EmailMfaSetup.Given.Address address -> login.advance(ctx, open, Kind.EMAIL_SETUP_CODE, user.get(),
                    address.address()).ifPresent(next -> mailCode(ctx, next, user.get(), false));
        }
    }

    /** {@code POST /login/email-setup/resend}: a new code to the address given, within the limit of codes mailed to the user. */
    public void resend(Context ctx) {
        Optional<OpenSignIn> valid = login.validPost(ctx);
        if (valid.isEmpty() || perAddress.refuses(ctx)) {
            return;
        }
        OpenSignIn open = valid.get();
        Optional<User> user = login.owing(open, Kind.EMAIL_SETUP_CODE);
        if (user.isEmpty() || open.step().pendingEmail() == null || !emailOtp.offeredAsMfa(open.pool())) {
            login.loginPage(ctx, 400, open, null, EXPIRED);
            return;
        }
        mailCode(ctx, open, user.get(), true);
    }

    /** {@code POST /login/email-setup/code}: the code mailed to the address given. */
    public void code(Context ctx) {
        Optional<OpenSignIn> valid = login.validPost(ctx);
        if (valid.isEmpty()) {
            return;
        }
        OpenSignIn open = valid.get();
        Optional<User> user = login.owing(open, Kind.EMAIL_SETUP_CODE);
        String address = open.step().pendingEmail();
        if (user.isEmpty() || address == null || !emailOtp.offeredAsMfa(open.pool())) {
            login.loginPage(ctx, 400, open, null, EXPIRED);
            return;
        }
        String code = ctx.formParam("code");
        switch (emailOtp.checkSentTo(user.get(), code == null ? "" : code.strip(), address)) {
            case Checked.Accepted accepted -> adopt(ctx, open, user.get(), address);
            case Checked.Mismatch mismatch -> {
                login.mfaFailed(ctx, open, user.get());
                codePage(ctx, 400, open, null, "Invalid code or auth state for the user. Enter the code from the newest e-mail.");
            }
            case Checked.Expired expired -> codePage(ctx, 400, open, null,
                    "This code has expired or was used already. Send a new code.");
            case Checked.TooManyAttempts tooMany -> codePage(ctx, 429, open, null,
                    "Too many wrong codes. Send a new code, then enter it.");
        }
    }

    /**
     * The code held: the address becomes the user's verified e-mail and e-mail MFA is on, unless
     * another user holds the address (then the user gives another one).
     */
    private void adopt(Context ctx, OpenSignIn open, User user, String address) {
        Optional<String> taken = emailSetup.takenFromAnother(open.pool(), user, address);
        if (taken.isPresent()) {
            login.advance(ctx, open, Kind.EMAIL_SETUP, user).ifPresent(next -> addressPage(ctx, 400, next, "",
                    "An account with the given " + taken.get() + " already exists. Enter another address."));
            return;
        }
        Optional<User> updated = emailSetup.adopt(user, address);
        if (updated.isEmpty()) {
            login.loginPage(ctx, 400, open, null, EXPIRED);
            return;
        }
        emailOtp.setPreference(updated.get(), true, false);
        login.finish(ctx, open, updated.get(), Authentication.PASSWORD_AND_CODE);
    }

    private void mailCode(Context ctx, OpenSignIn open, User user, boolean again) {
        switch (emailOtp.sendTo(open.pool(), user, open.step().pendingEmail(), open.client().clientId())) {
            case EmailOtp.Sent.Delivered delivered -> codePage(ctx, 200, open, "We e-mailed " + (again ? "a new code" : "a code")
                    + " to " + delivered.destination().masked() + ".", null);
            case EmailOtp.Sent.Limited limited -> codePage(ctx, 429, open, null,
                    "Too many codes were sent lately. Enter the newest code you received, or try again later.");
            case EmailOtp.Sent.NoAddress none -> addressPage(ctx, 400, open, "", "Enter a valid e-mail address.");
        }
    }

    /** The user's own address as stored, to offer first; empty when they have none. */
    static String ownAddress(User user) {
        return user.attribute("email").orElse("");
    }

    private void addressPage(Context ctx, int status, OpenSignIn open, String address, String error) {
        login.emailSetupPage(ctx, status, open, address, error);
    }

    private void codePage(Context ctx, int status, OpenSignIn open, String notice, String error) {
        pages.code(ctx, status, new CodePage("Enter the code we e-mailed you", open.client().clientName(),
                csrf.tokenFor(ctx), open.id(), "/login/email-setup/code", "Verify and sign in", false, null, false, List.of(),
                "/login/email-setup/resend", LoginEndpoints.signInHref(open), notice, error));
    }
}
