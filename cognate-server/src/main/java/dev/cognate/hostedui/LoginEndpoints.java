package dev.cognate.hostedui;

import dev.cognate.oauth.ErrorPage;
import dev.cognate.oauth.BrowserSessions;
import dev.cognate.store.BrowserSession;

import dev.cognate.oauth.AuthorizeChecks;
import dev.cognate.oauth.AuthorizeRequest;
import dev.cognate.oauth.AuthorizeResponder;
import dev.cognate.oauth.AuthorizationIssuer;
import dev.cognate.oauth.ValidatedAuthorization;
import dev.cognate.pools.PasswordPolicy;
import dev.cognate.store.IdentityProviderStore;
import dev.cognate.users.NewPasswordChallenge;
import dev.cognate.users.PasswordSignIn;
import dev.cognate.users.User;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The hosted sign-in page: {@code GET /login} shows it (after the authorize checks, on the
 * same parameters), {@code POST /login} signs in with username and password, and
 * {@code POST /login/new-password} answers the first-sign-in password change. Every post
 * carries the browser's CSRF token; a successful sign-in starts the browser session and
 * answers the app.
 */
public final class LoginEndpoints {
    static final int MAX_USERNAME = 128;
    static final int MAX_PASSWORD = 256;
    static final String COGNITO = ValidatedAuthorization.COGNITO;

    private final AuthorizeChecks checks;
    private final AuthorizeResponder responder;
    private final AuthorizationIssuer issuer;
    private final BrowserSessions sessions;
    private final Csrf csrf;
    private final IdentityProviderStore providers;
    private final PasswordSignIn passwordSignIn;
    private final NewPasswordChallenge newPasswordChallenge;
    private final Pages pages;

    public LoginEndpoints(AuthorizeChecks checks, AuthorizeResponder responder, AuthorizationIssuer issuer,
                          BrowserSessions sessions, Csrf csrf, IdentityProviderStore providers,
                          PasswordSignIn passwordSignIn, NewPasswordChallenge newPasswordChallenge, Pages pages) {
        this.checks = checks;
        this.responder = responder;
        this.issuer = issuer;
        this.sessions = sessions;
        this.csrf = csrf;
        this.providers = providers;
        this.passwordSignIn = passwordSignIn;
        this.newPasswordChallenge = newPasswordChallenge;
        this.pages = pages;
    }

    /** {@code GET /login}. */
    public void show(Context ctx) {
        AuthorizeRequest request = AuthorizeRequest.from(ctx.queryParamMap());
        responder.respond(ctx, checks.decide(request, () -> sessions.current(ctx)),
                valid -> loginPage(ctx, 200, valid, request.loginHint(), null));
    }

    /** {@code POST /login}. */
    public void signIn(Context ctx) {
        Optional<ValidatedAuthorization> valid = validPost(ctx);
        if (valid.isEmpty()) {
            return;
        }
        ValidatedAuthorization v = valid.get();
        String username = ctx.formParam("username");
        String password = ctx.formParam("password");
        PasswordSignIn.Outcome outcome = username != null && username.length() > MAX_USERNAME
                || password != null && password.length() > MAX_PASSWORD
                ? new PasswordSignIn.Outcome.Refused(PasswordSignIn.INCORRECT)
                : passwordSignIn.attempt(v.pool(), username, password, ctx.ip());
        String typed = username == null || username.length() > MAX_USERNAME ? null : username;
        switch (outcome) {
            case PasswordSignIn.Outcome.SignedIn signedIn -> signedIn(ctx, v, signedIn.user());
            case PasswordSignIn.Outcome.NewPasswordRequired required -> newPasswordPage(ctx, 200, v,
                    newPasswordChallenge.issue(v.pool().id(), v.client().clientId(), required.user().username(),
                            challengeValidity(v)), null);
            case PasswordSignIn.Outcome.Refused refused -> loginPage(ctx, 400, v, typed, refused.message());
            case PasswordSignIn.Outcome.Throttled throttled -> {
                ctx.header("Retry-After", Long.toString(Math.max(1, throttled.retryAfter().toSeconds())));
                loginPage(ctx, 429, v, typed, "Too many failed sign-in attempts. Wait "
                        + readable(throttled.retryAfter()) + " before you try again.");
            }
        }
    }

    /** {@code POST /login/new-password}. */
    public void changePassword(Context ctx) {
        Optional<ValidatedAuthorization> valid = validPost(ctx);
        if (valid.isEmpty()) {
            return;
        }
        ValidatedAuthorization v = valid.get();
        String challenge = ctx.formParam("challenge");
        Optional<NewPasswordChallenge.Pending> pending = newPasswordChallenge.open(challenge, v.client().clientId())
                .filter(p -> p.poolId().equals(v.pool().id()));
        if (pending.isEmpty()) {
            loginPage(ctx, 400, v, null, "Your sign-in took too long and has expired. Sign in again.");
            return;
        }
        String newPassword = ctx.formParam("new_password");
        String confirm = ctx.formParam("confirm_password");
        if (newPassword == null || newPassword.isEmpty()) {
            newPasswordPage(ctx, 400, v, challenge, "Enter a new password.");
            return;
        }
        if (!newPassword.equals(confirm)) {
            newPasswordPage(ctx, 400, v, challenge, "The two passwords do not match. Enter the same new password twice.");
            return;
        }
        switch (newPasswordChallenge.answer(v.pool(), pending.get(), newPassword)) {
            case NewPasswordChallenge.Answer.Confirmed confirmed -> signedIn(ctx, v, confirmed.user());
            case NewPasswordChallenge.Answer.Rejected rejected -> newPasswordPage(ctx, 400, v, challenge, rejected.message());
        }
    }

    /**
     * The checks every post passes before its own work: the CSRF token, the authorize
     * parameters carried in the form, and that the client lets the pool's own users sign in.
     * When one fails the answer is already written.
     */
    private Optional<ValidatedAuthorization> validPost(Context ctx) {
        if (!csrf.verify(ctx)) {
            AuthorizeRequest request = AuthorizeRequest.from(ctx.formParamMap());
            pages.error(ctx, 403, new ErrorPage("This form has expired",
                    "The sign-in form was not sent by this browser's current sign-in page, or it has expired.",
                    "Reload the sign-in page and try again.")
                    .withLink("/login?" + request.queryString(), "Reload the sign-in page"));
            return Optional.empty();
        }
        AuthorizeRequest request = AuthorizeRequest.from(ctx.formParamMap());
        return switch (checks.validate(request)) {
            case AuthorizeChecks.Verdict.Refused refused -> {
                responder.respond(ctx, refused.outcome(), v -> {});
                yield Optional.empty();
            }
            case AuthorizeChecks.Verdict.Valid ok when !ok.request().client().supportsIdentityProvider(COGNITO) -> {
                pages.error(ctx, 400, new ErrorPage("Password sign-in is not enabled",
                        "The app " + ok.request().client().clientName()
                                + " does not allow sign-in with a username and password.", null));
                yield Optional.empty();
            }
            case AuthorizeChecks.Verdict.Valid ok -> Optional.of(ok.request());
        };
    }

    private void signedIn(Context ctx, ValidatedAuthorization v, User user) {
        BrowserSession session = sessions.start(ctx, user);
        ctx.redirect(issuer.issue(v, session.username(), session.authTime()), HttpStatus.FOUND);
    }

    private void loginPage(Context ctx, int status, ValidatedAuthorization v, String username, String error) {
        List<LoginPage.ProviderButton> buttons = new ArrayList<>();
        if (!COGNITO.equals(v.identityProvider())) {
            List<String> poolProviders = providers.names(v.pool().id());
            for (String name : orEmpty(v.client().supportedIdentityProviders())) {
                if (!name.equals(COGNITO) && poolProviders.contains(name)) {
                    buttons.add(new LoginPage.ProviderButton(name,
                            "/oauth2/authorize?" + v.request().withIdentityProvider(name).queryString()));
                }
            }
        }
        pages.login(ctx, status, new LoginPage(v.client().clientName(), buttons,
                v.client().supportsIdentityProvider(COGNITO), csrf.tokenFor(ctx), hidden(v), username, error));
    }

    private void newPasswordPage(Context ctx, int status, ValidatedAuthorization v, String challenge, String error) {
        pages.newPassword(ctx, status, new NewPasswordPage(v.client().clientName(), csrf.tokenFor(ctx), challenge,
                hidden(v), rules(v.pool().passwordPolicy()), error));
    }

    private static List<LoginPage.Hidden> hidden(ValidatedAuthorization v) {
        return v.request().parameters().stream().map(p -> new LoginPage.Hidden(p.name(), p.value())).toList();
    }

    /** The pool's password policy, as the new-password page lists it. */
    static List<String> rules(PasswordPolicy policy) {
        PasswordPolicy p = policy.withDefaults();
        List<String> rules = new ArrayList<>();
        rules.add("At least " + p.minimumLength() + " characters");
        if (p.requireLowercase()) {
            rules.add("A lowercase letter");
        }
        if (p.requireUppercase()) {
            rules.add("An uppercase letter");
        }
        if (p.requireNumbers()) {
            rules.add("A number");
        }
        if (p.requireSymbols()) {
            rules.add("A symbol, such as ! @ # $ % ^ & *");
        }
        return rules;
    }

    private static Duration challengeValidity(ValidatedAuthorization v) {
        Integer minutes = v.client().authSessionValidity();
        return Duration.ofMinutes(minutes == null ? 3 : minutes);
    }

    static String readable(Duration wait) {
        long seconds = Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
        if (seconds < 60) {
            return seconds + (seconds == 1 ? " second" : " seconds");
        }
        long minutes = (seconds + 59) / 60;
        return minutes + (minutes == 1 ? " minute" : " minutes");
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }
}
