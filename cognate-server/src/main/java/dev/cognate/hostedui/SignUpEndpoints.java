package dev.cognate.hostedui;

import dev.cognate.store.AuthEvent;
import dev.cognate.authn.CodeSender;
import dev.cognate.authn.PasswordSignIn;
import dev.cognate.authn.SignUp;
import dev.cognate.authn.SignUp.Confirmation;
import dev.cognate.authn.SignUp.Registered;
import dev.cognate.authn.SignUp.Resent;
import dev.cognate.authn.VerificationCodes.Checked;
import dev.cognate.oauth.Authentication;
import dev.cognate.oauth.AuthorizeRequest;
import dev.cognate.oauth.ErrorPage;
import dev.cognate.oauth.OpenSignIn;
import dev.cognate.oauth.SignInTransactions;
import dev.cognate.pools.UserPool;
import dev.cognate.store.SignInTransaction;
import dev.cognate.store.SignInTransaction.Step;
import dev.cognate.triggers.LambdaFailure;
import dev.cognate.users.User;
import dev.cognate.users.UserStatus;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cognito's classic hosted sign-up, on the sign-in transaction: {@code /signup} asks for a
 * username, the pool's required attributes and a password; {@code /confirm} for the code sent to
 * the user, and then signs the user in as Cognito's hosted UI does (only in the sign-in where the
 * user signed up, so where the password was given). Every post passes the sign-in page's checks
 * (CSRF token, the transaction of this browser); sign-ups are limited per address and codes by
 * their own guess and send limits. The pool's triggers run as for the API (PreSignUp_SignUp,
 * PostConfirmation_ConfirmSignUp, CustomMessage); a trigger's failure is shown with Cognito's
 * message on the page, as Cognito's hosted UI does.
 */
public final class SignUpEndpoints {
    static final int MAX_VALUE = 2048;
    static final int MAX_CODE = 32;
    static final String CODE_MISMATCH = "Invalid verification code provided, please try again.";
    static final String EXPIRED_CODE = "Invalid code provided, please request a code again.";
    static final String TOO_MANY_FAILED = "Too many failed attempts with this code, please request a new code.";
    static final String ATTEMPT_LIMIT = "Attempt limit exceeded, please try after some time.";

    private final LoginEndpoints login;
    private final SignInTransactions transactions;
    private final Csrf csrf;
    private final SignUp signUp;
    private final AddressLimit perAddress;
    private final Pages pages;

    public SignUpEndpoints(LoginEndpoints login, SignInTransactions transactions, Csrf csrf, SignUp signUp,
                           AddressLimit perAddress, Pages pages) {
        this.login = login;
        this.transactions = transactions;
        this.csrf = csrf;
        this.signUp = signUp;
        this.perAddress = perAddress;
        this.pages = pages;
    }

    /** {@code GET /signup}. */
    public void show(Context ctx) {
        login.withSignIn(ctx, open -> {
            if (refused(ctx, open)) {
                return;
            }
            signUpPage(ctx, 200, open, null, Map.of(), null);
        });
    }

    /** {@code POST /signup}. */
    public void signUp(Context ctx) {
        Optional<OpenSignIn> valid = login.validPost(ctx);
        if (valid.isEmpty() || refused(ctx, valid.get()) || perAddress.refuses(ctx)) {
            return;
        }
        OpenSignIn open = valid.get();
        UserPool pool = open.pool();
        SignUpForm form = SignUpForm.read(pool, ctx.formParamMap());
        Optional<String> problem = form.problem();
        if (problem.isPresent()) {
            signUpPage(ctx, 400, open, form.username(), form.typed(), problem.get());
            return;
        }
        Registered registered;
        try {
            registered = signUp.register(pool, form.username(), form.password(), form.attributes(), Map.of(), app(open));
        } catch (LambdaFailure e) {
            signUpPage(ctx, 400, open, form.username(), form.typed(), e.getMessage());
            return;
        }
        if (registered instanceof Registered.Created created) {
            login.recordEvent(ctx, open, created.user(), AuthEvent.Type.SignUp, AuthEvent.Response.Pass);
        }
        switch (registered) {
            case Registered.Taken taken -> signUpPage(ctx, 400, open, form.username(), form.typed(),
                    taken.attribute() == null ? "An account with this username already exists."
                            : "An account with the given " + SignUpForm.label(taken.attribute()).toLowerCase()
                            + " already exists.");
            // PreSignUp confirmed the user: signed in at once, as by a confirmation here
            case Registered.Created created when created.user().status() == UserStatus.CONFIRMED ->
                    login.complete(ctx, open, created.user(), Authentication.PASSWORD);
            case Registered.Created created -> transactions.advance(open,
                            new Step(Step.Kind.CONFIRM_SIGN_UP, created.user().username(), null, null, null,
                                    transactions.now()))
                    .ifPresentOrElse(next -> ctx.redirect("/confirm?" + query(next), HttpStatus.SEE_OTHER),
                            () -> login.expired(ctx));
        }
    }

    /** {@code GET /confirm}. */
    public void showConfirm(Context ctx) {
        login.withSignIn(ctx, open -> {
            if (!refused(ctx, open)) {
                confirmPage(ctx, 200, open, ctx.queryParam("username"), null, null);
            }
        });
    }

    /** {@code POST /confirm}. */
    public void confirm(Context ctx) {
        Optional<OpenSignIn> valid = login.validPost(ctx);
        if (valid.isEmpty() || refused(ctx, valid.get())) {
            return;
        }
        OpenSignIn open = valid.get();
        String name = confirming(ctx, open);
        String code = trimmed(ctx.formParam("code"), MAX_CODE);
        if (name == null || code == null) {
            confirmPage(ctx, 400, open, name, null, name == null ? "Enter your username." : "Enter the code we sent you.");
            return;
        }
        boolean hide = hidesExistence(open);
        Optional<User> found = signUp.find(open.pool(), name);
        if (found.isEmpty()) {
            confirmPage(ctx, 400, open, name, null, hide ? CODE_MISMATCH : "Username/client id combination not found.");
            return;
        }
        User user = found.get();
        Confirmation confirmation;
        try {
            confirmation = signUp.confirm(open.pool(), user, code, false, app(open));
        } catch (LambdaFailure e) {
            // PostConfirmation failed: the account is confirmed all the same (as in Cognito), so sign in is next
            backToSignIn(ctx, 400, open, name, e.getMessage(), null);
            return;
        }
        switch (confirmation) {
            case Confirmation.Confirmed confirmed -> signedUpHere(open, confirmed.user())
                    .ifPresentOrElse(here -> login.complete(ctx, here, confirmed.user(), Authentication.PASSWORD),
                            () -> backToSignIn(ctx, 200, open, name, null, "Your account is confirmed. Sign in to continue."));
            case Confirmation.NotPending notPending -> confirmPage(ctx, 400, open, name, null,
                    hide ? CODE_MISMATCH : "This account is confirmed already. Sign in instead.");
            case Confirmation.AliasTaken taken -> confirmPage(ctx, 400, open, name, null,
                    "An account with the given " + SignUpForm.label(taken.alias()).toLowerCase() + " already exists.");
            case Confirmation.CodeRefused refused -> confirmPage(ctx, 400, open, name, null, refusal(refused.checked(), hide));
            case Confirmation.Gone gone -> login.expired(ctx);
        }
    }

    /** {@code POST /confirm/resend}. */
    public void resend(Context ctx) {
        Optional<OpenSignIn> valid = login.validPost(ctx);
        if (valid.isEmpty() || refused(ctx, valid.get()) || perAddress.refuses(ctx)) {
            return;
        }
        OpenSignIn open = valid.get();
        String name = confirming(ctx, open);
        if (name == null) {
            confirmPage(ctx, 400, open, null, null, "Enter your username.");
            return;
        }
        Optional<User> found = signUp.find(open.pool(), name);
        // Unknown and confirmed users are told what a waiting one is, when the app hides who exists.
        String sent = "We sent a new code. It may take a minute to arrive.";
        if (found.isEmpty()) {
            login.recordForNobody(ctx, open, name, AuthEvent.Type.ResendCode);
            confirmPage(ctx, hidesExistence(open) ? 200 : 400, open, name, hidesExistence(open) ? sent : null,
                    hidesExistence(open) ? null : "Username/client id combination not found.");
            return;
        }
        Resent resent;
        try {
            resent = signUp.resend(open.pool(), found.get(), app(open));
        } catch (LambdaFailure e) {
            confirmPage(ctx, 400, open, name, null, e.getMessage());
            return;
        }
        login.recordEvent(ctx, open, found.get(), AuthEvent.Type.ResendCode,
                resent instanceof Resent.Sent ? AuthEvent.Response.Pass : AuthEvent.Response.Fail);
        switch (resent) {
            case Resent.Sent s -> confirmPage(ctx, 200, open, name, sent, null);
            case Resent.AlreadyConfirmed c -> confirmPage(ctx, hidesExistence(open) ? 200 : 400, open, name,
                    hidesExistence(open) ? sent : null, hidesExistence(open) ? null : "This account is confirmed already.");
            case Resent.NoDestination n -> confirmPage(ctx, 400, open, name, null,
                    "This account has no e-mail address or phone number to send a code to.");
            case Resent.Limited l -> confirmPage(ctx, 429, open, name, null, ATTEMPT_LIMIT);
        }
    }

    /** Cognito's words for a refused code; with existence hidden, "no code" reads as a wrong one. */
    static String refusal(Checked checked, boolean hide) {
        return switch (checked) {
            case Checked.Accepted a -> throw new IllegalArgumentException("accepted");
            case Checked.Mismatch m -> CODE_MISMATCH;
            case Checked.Expired e -> hide ? CODE_MISMATCH : EXPIRED_CODE;
            case Checked.TooManyAttempts t -> TOO_MANY_FAILED;
        };
    }

    static boolean hidesExistence(OpenSignIn open) {
        return "ENABLED".equals(open.client().preventUserExistenceErrors());
    }

    /** The sign-in, if the user signed up in it: then confirming ends it. */
    private static Optional<OpenSignIn> signedUpHere(OpenSignIn open, User user) {
        Step step = open.step();
        return step.kind() == Step.Kind.CONFIRM_SIGN_UP && user.username().equals(step.username())
                ? Optional.of(open) : Optional.empty();
    }

    /** Who is confirming: the user who signed up in this sign-in, else the username the form names. */
    private static String confirming(Context ctx, OpenSignIn open) {
        if (open.step().kind() == Step.Kind.CONFIRM_SIGN_UP) {
            return open.step().username();
        }
        return trimmed(ctx.formParam("username"), LoginEndpoints.MAX_USERNAME);
    }

    private void backToSignIn(Context ctx, int status, OpenSignIn open, String username, String error, String notice) {
        Optional<OpenSignIn> start = open.step().kind() == Step.Kind.SIGN_IN ? Optional.of(open)
                : transactions.advance(open, SignInTransaction.Step.START);
        start.ifPresentOrElse(s -> login.loginPage(ctx, status, s, username, error, notice), () -> login.expired(ctx));
    }

    /** The app a hosted page works for, as the pool's triggers are told it (no client metadata). */
    static PasswordSignIn.App app(OpenSignIn open) {
        return new PasswordSignIn.App(open.client().clientId(), Map.of());
    }

    /** Sign-up is refused when the pool lets only administrators create users, or the app no password sign-in. */
    private boolean refused(Context ctx, OpenSignIn open) {
        if (SignUp.adminCreateUserOnly(open.pool())) {
            pages.error(ctx, 404, new ErrorPage("Sign-up is not available",
                    "Accounts for " + open.client().clientName() + " are created by its administrators.",
                    "Ask the app's administrator for an account.").withLink(signInHref(open), "Back to sign in"));
            return true;
        }
        if (!open.client().supportsIdentityProvider(LoginEndpoints.COGNITO)) {
            pages.error(ctx, 400, new ErrorPage("Sign-up is not available",
                    "The app " + open.client().clientName() + " does not allow sign-in with a username and password.",
                    null));
            return true;
        }
        return false;
    }

    private void signUpPage(Context ctx, int status, OpenSignIn open, String username, Map<String, String> typed,
                            String error) {
        pages.signUp(ctx, status, new SignUpPage(open.client().clientName(), csrf.tokenFor(ctx), open.id(),
                SignUpForm.usernameLabel(open.pool()), username, SignUpForm.fields(open.pool(), typed),
                LoginEndpoints.rules(open.pool().passwordPolicy()), signInHref(open), error));
    }

    private void confirmPage(Context ctx, int status, OpenSignIn open, String username, String notice, String error) {
        boolean signedUpHere = open.step().kind() == Step.Kind.CONFIRM_SIGN_UP;
        String sentTo = signedUpHere ? signUp.find(open.pool(), open.step().username())
                .flatMap(u -> CodeSender.signUpDestination(open.pool(), u))
                .map(d -> "We sent a code to " + d.masked() + ". Enter it below to confirm your account.")
                .orElse(null) : null;
        pages.code(ctx, status, new CodePage("Confirm your account", open.client().clientName(), csrf.tokenFor(ctx),
                open.id(), "/confirm", "Confirm account", !signedUpHere, username, false, List.of(),
                signedUpHere ? "/confirm/resend" : null,
                signInHref(open), notice != null ? notice : sentTo, error));
    }

    static String signInHref(OpenSignIn open) {
        return "/login?" + query(open);
    }

    static String query(OpenSignIn open) {
        return AuthorizeRequest.encode(List.of(new AuthorizeRequest.Parameter(LoginEndpoints.SIGN_IN, open.id())));
    }

    static String trimmed(String value, int max) {
        if (value == null) {
            return null;
        }
        String t = value.strip();
        return t.isEmpty() || t.length() > max ? null : t;
    }
}
