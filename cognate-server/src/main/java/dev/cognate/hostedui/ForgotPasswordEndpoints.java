package dev.cognate.hostedui;

import dev.cognate.store.AuthEvent;
import dev.cognate.authn.PasswordRecovery;
import dev.cognate.authn.PasswordRecovery.CodeRequest;
import dev.cognate.authn.PasswordRecovery.Reset;
import dev.cognate.oauth.ErrorPage;
import dev.cognate.oauth.OpenSignIn;
import dev.cognate.oauth.SignInTransactions;
import dev.cognate.store.SignInTransaction.Step;
import dev.cognate.triggers.LambdaFailure;
import dev.cognate.users.User;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Optional;

/**
 * Cognito's classic hosted password reset, on the sign-in transaction: {@code /forgotPassword}
 * asks for the username and sends a code, {@code /confirmForgotPassword} takes the code and a new
 * password, and the user is back at the sign-in page (as in Cognito's hosted UI) to sign in with
 * it. When the app hides which users exist (PreventUserExistenceErrors), a name that is no user's
 * gets the same pages as a real one. Posts pass the sign-in page's checks; requests for codes are
 * limited per address, and codes by their own guess and send limits.
 */
public final class ForgotPasswordEndpoints {
    static final String NO_SUCH_USER = "Username/client id combination not found.";

    private final LoginEndpoints login;
    private final SignInTransactions transactions;
    private final Csrf csrf;
    private final PasswordRecovery recovery;
    private final AddressLimit perAddress;
    private final Pages pages;

    public ForgotPasswordEndpoints(LoginEndpoints login, SignInTransactions transactions, Csrf csrf,
                                   PasswordRecovery recovery, AddressLimit perAddress, Pages pages) {
        this.login = login;
        this.transactions = transactions;
        this.csrf = csrf;
        this.recovery = recovery;
        this.perAddress = perAddress;
        this.pages = pages;
    }

    /** {@code GET /forgotPassword}. */
    public void show(Context ctx) {
        login.withSignIn(ctx, open -> {
            if (!refused(ctx, open)) {
                forgotPage(ctx, 200, open, ctx.queryParam("username"), null);
            }
        });
    }

    /** {@code POST /forgotPassword}. */
    public void forgot(Context ctx) {
        Optional<OpenSignIn> valid = login.validPost(ctx);
        if (valid.isEmpty() || refused(ctx, valid.get()) || perAddress.refuses(ctx)) {
            return;
        }
        OpenSignIn open = valid.get();
        String name = SignUpEndpoints.trimmed(ctx.formParam("username"), LoginEndpoints.MAX_USERNAME);
        if (name == null) {
            forgotPage(ctx, 400, open, null, "Enter your username.");
            return;
        }
        Optional<User> found;
        try {
            found = recovery.findOrMigrate(open.pool(), name, SignUpEndpoints.app(open));
        } catch (LambdaFailure e) {
            forgotPage(ctx, 400, open, name, e.getMessage());
            return;
        }
        if (found.isEmpty()) {
            login.recordForNobody(ctx, open, name, AuthEvent.Type.ForgotPassword);
            if (SignUpEndpoints.hidesExistence(open)) {
                toCodePage(ctx, open, name);
            } else {
                forgotPage(ctx, 400, open, name, NO_SUCH_USER);
            }
            return;
        }
        CodeRequest request;
        try {
            request = recovery.forgot(open.pool(), found.get(), SignUpEndpoints.app(open));
        } catch (LambdaFailure e) {
            forgotPage(ctx, 400, open, name, e.getMessage());
            return;
        }
        switch (request) {
            case CodeRequest.Sent sent -> {
                login.recordEvent(ctx, open, found.get(), AuthEvent.Type.ForgotPassword, AuthEvent.Response.InProgress);
                toCodePage(ctx, open, name);
            }
            case CodeRequest.Refused refused -> forgotPage(ctx, 400, open, name, switch (refused.obstacle()) {
                case STATE -> "The password of this account cannot be reset.";
                case DISABLED -> "This account is disabled.";
                case ADMIN_ONLY -> "Only an administrator can reset the password of this account.";
                case NO_VERIFIED_CONTACT ->
                        "Cannot reset password for the user as there is no registered/verified email or phone_number";
            });
            case CodeRequest.Limited limited -> forgotPage(ctx, 429, open, name, SignUpEndpoints.ATTEMPT_LIMIT);
            case CodeRequest.Gone gone -> forgotPage(ctx, 400, open, name, NO_SUCH_USER);
        }
    }

    /** {@code GET /confirmForgotPassword}. */
    public void showConfirm(Context ctx) {
        login.withSignIn(ctx, open -> {
            if (refused(ctx, open)) {
                return;
            }
            if (open.step().kind() != Step.Kind.RESET_PASSWORD) {
                forgotPage(ctx, 200, open, ctx.queryParam("username"), null);
                return;
            }
            codePage(ctx, 200, open, null);
        });
    }

    /** {@code POST /confirmForgotPassword}. */
    public void confirm(Context ctx) {
        Optional<OpenSignIn> valid = login.validPost(ctx);
        if (valid.isEmpty() || refused(ctx, valid.get())) {
            return;
        }
        OpenSignIn open = valid.get();
        if (open.step().kind() != Step.Kind.RESET_PASSWORD) {
            forgotPage(ctx, 400, open, null, "Ask for a code first.");
            return;
        }
        String name = open.step().username();
        String code = SignUpEndpoints.trimmed(ctx.formParam("code"), SignUpEndpoints.MAX_CODE);
        String newPassword = ctx.formParam("new_password");
        if (code == null) {
            codePage(ctx, 400, open, "Enter the code we sent you.");
            return;
        }
        if (newPassword == null || newPassword.isEmpty()) {
            codePage(ctx, 400, open, "Enter a new password.");
            return;
        }
        if (!newPassword.equals(ctx.formParam("confirm_password"))) {
            codePage(ctx, 400, open, "The two passwords do not match. Enter the same new password twice.");
            return;
        }
        String violation = newPassword.length() > LoginEndpoints.MAX_PASSWORD
                || !newPassword.strip().equals(newPassword)
                ? "A password is at most 256 characters and does not start or end with a space."
                : open.pool().passwordPolicy().violation(newPassword);
        if (violation != null) {
            codePage(ctx, 400, open, violation);
            return;
        }
        boolean hide = SignUpEndpoints.hidesExistence(open);
        Optional<User> found = recovery.find(open.pool(), name);
        if (found.isEmpty()) {
            codePage(ctx, 400, open, hide ? SignUpEndpoints.CODE_MISMATCH : NO_SUCH_USER);
            return;
        }
        Reset reset;
        try {
            reset = recovery.confirm(open.pool(), found.get(), code, newPassword, SignUpEndpoints.app(open));
        } catch (LambdaFailure e) {
            // PostConfirmation failed: the new password stands (as in Cognito), so sign in is next
            transactions.advance(open, Step.START).ifPresentOrElse(
                    start -> login.loginPage(ctx, 400, start, name, e.getMessage(), null), () -> login.expired(ctx));
            return;
        }
        switch (reset) {
            case Reset.Done done -> {
                login.recordEvent(ctx, open, found.get(), AuthEvent.Type.ForgotPassword, AuthEvent.Response.Pass);
                transactions.advance(open, Step.START).ifPresentOrElse(
                        start -> login.loginPage(ctx, 200, start, name, null,
                                "Your password was changed. Sign in with your new password."),
                        () -> login.expired(ctx));
            }
            case Reset.CodeRefused refused -> {
                login.recordEvent(ctx, open, found.get(), AuthEvent.Type.ForgotPassword, AuthEvent.Response.Fail);
                codePage(ctx, 400, open, SignUpEndpoints.refusal(refused.checked(), hide));
            }
            case Reset.Gone gone -> codePage(ctx, 400, open, hide ? SignUpEndpoints.CODE_MISMATCH : NO_SUCH_USER);
        }
    }

    private void toCodePage(Context ctx, OpenSignIn open, String name) {
        transactions.advance(open, new Step(Step.Kind.RESET_PASSWORD, name, null, null, null, transactions.now()))
                .ifPresentOrElse(next -> ctx.redirect("/confirmForgotPassword?" + SignUpEndpoints.query(next),
                        HttpStatus.SEE_OTHER), () -> login.expired(ctx));
    }

    private boolean refused(Context ctx, OpenSignIn open) {
        if (!open.client().supportsIdentityProvider(LoginEndpoints.COGNITO)) {
            pages.error(ctx, 400, new ErrorPage("Password sign-in is not enabled",
                    "The app " + open.client().clientName() + " does not allow sign-in with a username and password.",
                    null));
            return true;
        }
        return false;
    }

    private void forgotPage(Context ctx, int status, OpenSignIn open, String username, String error) {
        pages.forgotPassword(ctx, status, new ForgotPasswordPage(open.client().clientName(), csrf.tokenFor(ctx), open.id(),
                username, SignUpEndpoints.signInHref(open), error));
    }

    /** The same words whoever the name is: the page never tells whether a code went out. */
    private void codePage(Context ctx, int status, OpenSignIn open, String error) {
        pages.code(ctx, status, new CodePage("Reset your password", open.client().clientName(), csrf.tokenFor(ctx),
                open.id(), "/confirmForgotPassword", "Change password", false, null, true,
                LoginEndpoints.rules(open.pool().passwordPolicy()), null, SignUpEndpoints.signInHref(open),
                "If " + open.step().username() + " has an account with a verified e-mail address or phone number, "
                        + "we sent a code to it. Enter the code and a new password.", error));
    }
}
