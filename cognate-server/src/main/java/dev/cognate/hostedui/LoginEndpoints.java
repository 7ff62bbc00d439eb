package dev.cognate.hostedui;

import dev.cognate.oauth.Authentication;
import dev.cognate.oauth.AuthorizeEndpoint;
import dev.cognate.oauth.AuthorizeRequest;
import dev.cognate.oauth.BrowserBinding;
import dev.cognate.oauth.ErrorPage;
import dev.cognate.oauth.OpenSignIn;
import dev.cognate.oauth.SignInCompletion;
import dev.cognate.oauth.SignInResponder;
import dev.cognate.oauth.SignInTransactions;
import dev.cognate.oauth.ValidatedAuthorization;
import dev.cognate.pools.PasswordPolicy;
import dev.cognate.audit.Origin;
import dev.cognate.store.AuthEvent;
import dev.cognate.store.IdentityProviderStore;
import dev.cognate.store.SignInTransaction;
import dev.cognate.authn.EmailOtp;
import dev.cognate.authn.NewPasswordChallenge;
import dev.cognate.authn.Passkeys;
import dev.cognate.authn.PasswordSignIn;
import dev.cognate.authn.SecondFactors;
import dev.cognate.authn.SmsOtp;
import dev.cognate.authn.SecondFactors.Factor;
import dev.cognate.authn.VerificationCodes.Checked;
import dev.cognate.authn.SignUp;
import dev.cognate.authn.SoftwareTokenMfa;
import dev.cognate.authn.UserDirectory;
import dev.cognate.users.User;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The hosted sign-in page, an interaction of the sign-in transaction: {@code GET /login}
 * shows it for the transaction that {@code /oauth2/authorize} began (or, reached with the
 * authorize parameters as Cognito's hosted URL is, after the same checks), {@code POST /login}
 * signs in with username and password, and {@code POST /login/new-password} answers the
 * first-sign-in password change; {@code POST /login/totp} takes the code of a user with
 * SOFTWARE_TOKEN_MFA and {@code POST /login/totp-setup} the first code of an authenticator app
 * enrolled where the pool requires MFA (the key shown as an {@code otpauth://} QR code and as
 * text); {@code POST /login/email-code} takes the code mailed to a user with EMAIL_OTP
 * ({@code /login/email-code/resend} mails a new one), {@code POST /login/sms-code} the code
 * texted to a user with SMS_MFA ({@code /login/sms-code/resend} texts a new one), and
 * {@code POST /login/mfa-choice} the factor a user with several and none preferred picks (the
 * API's SELECT_MFA_TYPE). Every post carries the browser's CSRF token and the
 * transaction's id, and must come from the browser the transaction is bound to; a successful
 * sign-in completes the transaction.
 */
public final class LoginEndpoints {
    static final int MAX_USERNAME = 128;
    static final int MAX_PASSWORD = 256;
    /** An assertion's JSON: a credential id (at most 1,023 bytes), authenticator data, a signature, client data. */
    static final int MAX_CREDENTIAL = 16_384;
    static final String PASSKEY_REFUSED = "The passkey could not be verified. Try again, or sign in with your password.";
    static final String COGNITO = ValidatedAuthorization.COGNITO;
    static final String SIGN_IN = AuthorizeEndpoint.SIGN_IN;

    private final AuthorizeEndpoint authorize;
    private final SignInTransactions transactions;
    private final SignInCompletion completion;
    private final SignInResponder responder;
    private final BrowserBinding binding;
    private final Csrf csrf;
    private final IdentityProviderStore providers;
    private final PasswordSignIn passwordSignIn;
    private final NewPasswordChallenge newPasswordChallenge;
    private final SoftwareTokenMfa mfa;
    private final EmailOtp emailOtp;
    private final SmsOtp smsOtp;
    private final SecondFactors secondFactors;
    private final UserDirectory users;
    private final Pages pages;
    private final Passkeys passkeys;

    /** @param passkeys the users' passkeys, for the passkey button of pools that allow WEB_AUTHN (null: none) */
    public LoginEndpoints(AuthorizeEndpoint authorize, SignInTransactions transactions, SignInCompletion completion,
                          SignInResponder responder, BrowserBinding binding, Csrf csrf, IdentityProviderStore providers,
                          PasswordSignIn passwordSignIn, NewPasswordChallenge newPasswordChallenge,
                          SoftwareTokenMfa mfa, EmailOtp emailOtp, SmsOtp smsOtp, UserDirectory users, Pages pages,
                          Passkeys passkeys) {
        this.smsOtp = smsOtp;
        this.passkeys = passkeys;
        this.authorize = authorize;
        this.transactions = transactions;
        this.completion = completion;
        this.responder = responder;
        this.binding = binding;
        this.csrf = csrf;
        this.providers = providers;
        this.passwordSignIn = passwordSignIn;
        this.newPasswordChallenge = newPasswordChallenge;
        this.mfa = mfa;
        this.emailOtp = emailOtp;
        this.secondFactors = new SecondFactors(mfa, emailOtp, smsOtp);
        this.users = users;
        this.pages = pages;
    }

    /** {@code GET /login}. */
    public void show(Context ctx) {
        String hint = AuthorizeRequest.from(ctx.queryParamMap()).loginHint();
        withSignIn(ctx, open -> loginPage(ctx, 200, open, hint, null));
    }

    /**
     * Shows a page of the sign-in transaction: the open one of this browser named by
     * {@code signin}, or (reached with the authorize parameters, as Cognito's hosted URLs are)
     * one begun after the same checks as {@code /oauth2/authorize}.
     */
    void withSignIn(Context ctx, Consumer<OpenSignIn> page) {
        AuthorizeRequest request = AuthorizeRequest.from(ctx.queryParamMap());
        Optional<OpenSignIn> open = transactions.resume(ctx.queryParam(SIGN_IN), binding.current(ctx));
        if (open.isPresent()) {
            page.accept(open.get());
        } else if (request.clientId() == null && ctx.queryParam(SIGN_IN) != null) {
            expired(ctx);
        } else {
            authorize.authorize(ctx, request, page);
        }
    }

    /** Where a hosted page's request came from, as the sign-in events record it. */
    static Origin origin(Context ctx) {
        return new Origin(ctx.ip(), ctx.userAgent());
    }

    /** Records an event of the hosted pages named {@code typedName}, which is no user of the pool. */
    void recordForNobody(Context ctx, OpenSignIn open, String typedName, AuthEvent.Type type) {
        completion.failedForNobody(open, typedName, type, origin(ctx));
    }

    /** Records a sign-in whose password was proven and whose second factor was not. */
    void mfaFailed(Context ctx, OpenSignIn open, User user) {
        completion.failed(open, user, List.of(AuthEvent.Challenge.PASSWORD_SUCCESS, AuthEvent.Challenge.MFA_FAILURE),
                origin(ctx));
    }

    /** Records an event of the hosted pages other than a sign-in (a sign-up, a password reset). */
    void recordEvent(Context ctx, OpenSignIn open, User user, AuthEvent.Type type, AuthEvent.Response response) {
        completion.happened(open, user, type, response, origin(ctx));
    }

    /** {@code POST /login}. */
    public void signIn(Context ctx) {
        Optional<OpenSignIn> valid = validPost(ctx);
        if (valid.isEmpty()) {
            return;
        }
        OpenSignIn open = valid.get();
        String username = ctx.formParam("username");
        String password = ctx.formParam("password");
        String typed = username == null || username.length() > MAX_USERNAME ? null : username;
        PasswordSignIn.Outcome outcome;
        try {
            outcome = username != null && username.length() > MAX_USERNAME
                    || password != null && password.length() > MAX_PASSWORD
                    ? new PasswordSignIn.Outcome.Refused(PasswordSignIn.INCORRECT)
                    : passwordSignIn.attempt(open.pool(), username, password, ctx.ip(),
                            new PasswordSignIn.App(open.client().clientId(), java.util.Map.of(),
                                    !"LEGACY".equals(open.client().preventUserExistenceErrors())));
        } catch (dev.cognate.triggers.LambdaFailure e) {
            // as Cognito's hosted page: the trigger's message (a function error's text is the app's own)
            loginPage(ctx, 400, open, typed, e.getMessage());
            return;
        }
        switch (outcome) {
            case PasswordSignIn.Outcome.SignedIn signedIn -> complete(ctx, open, signedIn.user(), Authentication.PASSWORD);
            case PasswordSignIn.Outcome.NewPasswordRequired required -> transactions.advance(open,
                            SignInTransaction.Step.of(SignInTransaction.Step.Kind.NEW_PASSWORD, required.user(),
                                    transactions.now(), null))
                    .ifPresentOrElse(next -> newPasswordPage(ctx, 200, next, null), () -> expired(ctx));
            case PasswordSignIn.Outcome.Refused refused -> {
                if (PasswordSignIn.INCORRECT.equals(refused.message())) {
                    // a name that is no user's is recorded too (as the pool's, never in plain text)
                    Optional<User> user = typed == null ? Optional.empty() : users.find(open.pool(), typed);
                    user.ifPresentOrElse(u -> completion.failed(open, u, List.of(AuthEvent.Challenge.PASSWORD_FAILURE),
                            origin(ctx)), () -> completion.failedForNobody(open, typed, AuthEvent.Type.SignIn, origin(ctx)));
                }
                loginPage(ctx, 400, open, typed, refused.message());
            }
            case PasswordSignIn.Outcome.Throttled throttled -> {
                ctx.header("Retry-After", Long.toString(Math.max(1, throttled.retryAfter().toSeconds())));
                loginPage(ctx, 429, open, typed, "Too many failed sign-in attempts. Wait "
                        + readable(throttled.retryAfter()) + " before you try again.");
            }
        }
    }

    /**
     * {@code POST /login/passkey}: the page's passkey button, whose script asked the browser for
     * an assertion over the page's challenge with any of the user's passkeys (no username: the
     * passkey names its user) and posted it as {@code credential}. Each post moves the sign-in
     * to its next version, which uses up the page's challenges, whatever comes of it. The
     * assertion is proven before anything about its user is said; failures count toward the
     * password's throttle. A passkey is a sign-in of its own where no second factor is due; where
     * one is, only a user-verifying passkey of a user who turned passkey MFA on stands in for it.
     * The pre authentication trigger hears of the sign-in once the passkey is proven (so an
     * unproven post never runs it), then the post authentication trigger as for a password.
     */
    public void passkey(Context ctx) {
        Optional<OpenSignIn> valid = validPost(ctx);
        if (valid.isEmpty()) {
            return;
        }
        OpenSignIn posted = valid.get();
        if (!passkeyOffered(posted)) {
            loginPage(ctx, 400, posted, null, "Passkey sign-in is not enabled for this app. Sign in with your password.");
            return;
        }
        String credential = ctx.formParam("credential");
        Optional<byte[]> challenge = credential == null || credential.length() > MAX_CREDENTIAL ? Optional.empty()
                : passkeys.signInChallengeIn(credential, posted.versioned().idHash(), posted.versioned().version());
        Optional<OpenSignIn> next = transactions.advance(posted, posted.step());
        if (next.isEmpty()) {
            expired(ctx);
            return;
        }
        OpenSignIn open = next.get();
        Optional<User> user = challenge.flatMap(c -> passkeys.named(open.pool(), credential))
                .flatMap(p -> users.find(open.pool(), p.username()).filter(u -> u.sub().equals(p.sub())));
        if (user.isEmpty()) {
            loginPage(ctx, 400, open, null, PASSKEY_REFUSED);
            return;
        }
        Optional<Duration> wait = passwordSignIn.waitBefore(open.pool(), user.get(), ctx.ip());
        if (wait.isPresent()) {
            ctx.header("Retry-After", Long.toString(Math.max(1, wait.get().toSeconds())));
            loginPage(ctx, 429, open, null, "Too many failed sign-in attempts. Wait " + readable(wait.get())
                    + " before you try again.");
            return;
        }
        boolean passkeyMfa = passkeys.isMfa(open.pool(), user.get());
        boolean proven = passkeys.proves(open.pool(), user.get(), challenge.get(), credential, passkeyMfa);
        passwordSignIn.proofChecked(open.pool(), user.get(), ctx.ip(), proven);
        if (!proven) {
            signInFailed(ctx, open, user.get());
            loginPage(ctx, 400, open, null, PASSKEY_REFUSED);
            return;
        }
        if (!Passkeys.maySignIn(user.get())) {
            loginPage(ctx, 400, open, null, "This account cannot sign in with a passkey now. Sign in with your password.");
            return;
        }
        try {
            passwordSignIn.attempting(open.pool(), user.get().username(), user,
                    new PasswordSignIn.App(open.client().clientId(), java.util.Map.of()));
        } catch (dev.cognate.triggers.LambdaFailure e) {
            loginPage(ctx, 400, open, null, e.getMessage());
            return;
        }
        boolean asMfa = !(secondFactors.due(open.pool(), user.get()) instanceof SecondFactors.Due.Nothing);
        if (asMfa && !passkeyMfa) {
            loginPage(ctx, 400, open, null, "Your account needs a second factor, which a passkey alone is not. "
                    + "Sign in with your password.");
            return;
        }
        finish(ctx, open, user.get(), asMfa ? Authentication.PASSKEY_AS_MFA : Authentication.PASSKEY);
    }

    /**
     * Whether the sign-in page offers a passkey: the pool allows WEB_AUTHN and the client
     * USER_AUTH, the choice-based sign-in (Cognito's managed login offers its choices to clients
     * with ALLOW_USER_AUTH only).
     */
    boolean passkeyOffered(OpenSignIn open) {
        return passkeys != null && Passkeys.enabledIn(open.pool()) && allowsChoice(open);
    }

    /** Whether the sign-in's client allows USER_AUTH, under which the page offers more than the password. */
    static boolean allowsChoice(OpenSignIn open) {
        return open.client().authFlows().contains(dev.cognate.clients.AuthFlows.USER_AUTH);
    }

    /** {@code POST /login/new-password}. */
    public void changePassword(Context ctx) {
        Optional<OpenSignIn> valid = validPost(ctx);
        if (valid.isEmpty()) {
            return;
        }
        OpenSignIn open = valid.get();
        SignInTransaction.Step step = open.step();
        Optional<NewPasswordChallenge.Pending> pending = step.kind() == SignInTransaction.Step.Kind.NEW_PASSWORD
                && step.since().plus(challengeValidity(open)).isAfter(transactions.now())
                ? Optional.of(new NewPasswordChallenge.Pending(open.pool().id(), open.client().clientId(), step.username(),
                        step.since().plus(challengeValidity(open)), step.sub()))
                : Optional.empty();
        if (pending.isEmpty()) {
            loginPage(ctx, 400, open, null, "Your sign-in took too long and has expired. Sign in again.");
            return;
        }
        String newPassword = ctx.formParam("new_password");
        String confirm = ctx.formParam("confirm_password");
        if (newPassword == null || newPassword.isEmpty()) {
            newPasswordPage(ctx, 400, open, "Enter a new password.");
            return;
        }
        if (!newPassword.equals(confirm)) {
            newPasswordPage(ctx, 400, open, "The two passwords do not match. Enter the same new password twice.");
            return;
        }
        // the new password stands even if the post authentication trigger then refuses the sign-in (as in Cognito)
        switch (newPasswordChallenge.answer(open.pool(), pending.get(), newPassword)) {
            case NewPasswordChallenge.Answer.Confirmed confirmed ->
                    complete(ctx, open, confirmed.user(), Authentication.NEW_PASSWORD);
            case NewPasswordChallenge.Answer.Rejected rejected -> newPasswordPage(ctx, 400, open, rejected.message());
        }
    }

    /**
     * The checks every post passes before its own work: the CSRF token, the open sign-in
     * transaction of this browser named in the form, and that the client lets the pool's own
     * users sign in. When one fails the answer is already written.
     */
    Optional<OpenSignIn> validPost(Context ctx) {
        String signIn = ctx.formParam(SIGN_IN);
        if (!csrf.verify(ctx)) {
            ErrorPage page = new ErrorPage("This form has expired",
                    "The sign-in form was not sent by this browser's current sign-in page, or it has expired.",
                    "Reload the sign-in page and try again.");
            pages.error(ctx, 403, signIn == null ? page
                    : page.withLink("/login?" + AuthorizeRequest.encode(List.of(new AuthorizeRequest.Parameter(SIGN_IN, signIn))),
                    "Reload the sign-in page"));
            return Optional.empty();
        }
        Optional<OpenSignIn> open = transactions.resume(signIn, binding.current(ctx));
        if (open.isEmpty()) {
            expired(ctx);
            return Optional.empty();
        }
        if (!open.get().client().supportsIdentityProvider(COGNITO)) {
            pages.error(ctx, 400, new ErrorPage("Password sign-in is not enabled",
                    "The app " + open.get().client().clientName()
                            + " does not allow sign-in with a username and password.", null));
            return Optional.empty();
        }
        return open;
    }

    /**
     * Ends a sign-in whose password was proven, unless the user owes a second factor (by the
     * API's rules, {@link SecondFactors}): then its page comes first, the choice between two, or
     * (in a pool that requires MFA) the set-up of one the pool offers.
     */
    void complete(Context ctx, OpenSignIn open, User user, Authentication how) {
        switch (secondFactors.due(open.pool(), user)) {
            case SecondFactors.Due.Nothing nothing -> finish(ctx, open, user, how);
            case SecondFactors.Due.One one -> askFor(ctx, open, user, one.factor());
            case SecondFactors.Due.Choice choice -> advance(ctx, open, SignInTransaction.Step.Kind.SELECT_MFA_TYPE, user)
                    .ifPresent(next -> choicePage(ctx, 200, next, choice.factors(), null));
            case SecondFactors.Due.Setup setup -> setUp(ctx, open, user);
        }
    }

    /**
     * The set-up a user who owes MFA and has none begins with: the choice where the pool offers
     * several factors ({@link MfaSetupEndpoints}), else the page of the one it offers.
     */
    private void setUp(Context ctx, OpenSignIn open, User user) {
        List<Factor> factors = canSetUp(open);
        if (factors.size() > 1) {
            advance(ctx, open, SignInTransaction.Step.Kind.MFA_SETUP, user)
                    .ifPresent(next -> setupChoicePage(ctx, 200, next, null));
        } else if (factors.contains(Factor.EMAIL_OTP)) {
            advance(ctx, open, SignInTransaction.Step.Kind.EMAIL_SETUP, user)
                    .ifPresent(next -> emailSetupPage(ctx, 200, next, MfaSetupEndpoints.ownAddress(user), null));
        } else {
            advance(ctx, open, SignInTransaction.Step.Kind.TOTP_SETUP, user)
                    .ifPresent(next -> totpPage(ctx, 200, next, user, null));
        }
    }

    /** What a user who owes MFA may set up in this sign-in's pool. */
    List<Factor> canSetUp(OpenSignIn open) {
        return secondFactors.canSetUp(open.pool());
    }

    /**
     * Ends a sign-in whose every factor is proven: the post authentication trigger first (as in
     * the API, after any second factor), whose refusal is shown on the sign-in page; then the
     * app's code or tokens.
     */
    void finish(Context ctx, OpenSignIn open, User user, Authentication how) {
        try {
            passwordSignIn.completed(open.pool(), user, new PasswordSignIn.App(open.client().clientId(), java.util.Map.of()));
        } catch (dev.cognate.triggers.LambdaFailure e) {
            loginPage(ctx, 400, open, null, e.getMessage());
            return;
        }
        responder.answer(ctx, completion.complete(open, user, how, transactions.now(), origin(ctx)));
    }

    /** Moves the sign-in to the step where {@code user} answers {@code factor}, and shows its page. */
    private void askFor(Context ctx, OpenSignIn open, User user, Factor factor) {
        switch (factor) {
            case SOFTWARE_TOKEN_MFA -> advance(ctx, open, SignInTransaction.Step.Kind.TOTP, user)
                    .ifPresent(next -> totpPage(ctx, 200, next, null, null));
            case EMAIL_OTP -> advance(ctx, open, SignInTransaction.Step.Kind.EMAIL_OTP, user)
                    .ifPresent(next -> mailCode(ctx, next, user, false));
            case SMS_MFA -> advance(ctx, open, SignInTransaction.Step.Kind.SMS_MFA, user)
                    .ifPresent(next -> textCode(ctx, next, user, false));
        }
    }

    /** The sign-in moved on (compare-and-set); empty, with the expired page written, when another request moved it first. */
    Optional<OpenSignIn> advance(Context ctx, OpenSignIn open, SignInTransaction.Step.Kind kind, User user) {
        return advance(ctx, open, kind, user, null);
    }

    /** The same, for a step that carries the e-mail address being set up. */
    Optional<OpenSignIn> advance(Context ctx, OpenSignIn open, SignInTransaction.Step.Kind kind, User user,
                                 String pendingEmail) {
        return advance(ctx, open, SignInTransaction.Step.of(kind, user, transactions.now(), pendingEmail));
    }

    /** The same, to any step. */
    Optional<OpenSignIn> advance(Context ctx, OpenSignIn open, SignInTransaction.Step step) {
        Optional<OpenSignIn> next = transactions.advance(open, step);
        if (next.isEmpty()) {
            expired(ctx);
        }
        return next;
    }

    /** The transactions' clock. */
    java.time.Instant now() {
        return transactions.now();
    }

    /** The pool's user that {@code typed} names (a username, or an alias the pool signs in with). */
    Optional<User> find(OpenSignIn open, String typed) {
        return users.find(open.pool(), typed);
    }

    /**
     * The pre authentication trigger hears of a sign-in for {@code typed}; false when it refused,
     * with its message shown on the sign-in page.
     */
    boolean attempting(Context ctx, OpenSignIn open, String typed, Optional<User> user) {
        try {
            passwordSignIn.attempting(open.pool(), typed, user, new PasswordSignIn.App(open.client().clientId(),
                    java.util.Map.of(), !"LEGACY".equals(open.client().preventUserExistenceErrors())));
            return true;
        } catch (dev.cognate.triggers.LambdaFailure e) {
            loginPage(ctx, 400, open, null, e.getMessage());
            return false;
        }
    }

    /** Whether a sign-in of this user may end without a second factor (none on, and the pool does not require one). */
    boolean owesNoSecondFactor(OpenSignIn open, User user) {
        return secondFactors.due(open.pool(), user) instanceof SecondFactors.Due.Nothing;
    }

    /** Records a failed sign-in of {@code user} that was not a password's (a code, a passkey). */
    void signInFailed(Context ctx, OpenSignIn open, User user) {
        completion.failed(open, user, List.of(), origin(ctx));
    }

    /** Whether the sign-in's step is within the client's AuthSessionValidity. */
    boolean stepIsFresh(OpenSignIn open) {
        return open.step().since() != null && open.step().since().plus(challengeValidity(open)).isAfter(transactions.now());
    }

    /** A post at a step the user owes: the sign-in and its user. */
    private record Owing(OpenSignIn open, User user) {}

    /**
     * The sign-in of a valid post and its user, where the sign-in is at {@code kind}; empty, with
     * the page that says why written, otherwise (a bad post, or a step that expired or moved on).
     */
    private Optional<Owing> owing(Context ctx, SignInTransaction.Step.Kind kind) {
        Optional<OpenSignIn> valid = validPost(ctx);
        if (valid.isEmpty()) {
            return Optional.empty();
        }
        Optional<User> user = owing(valid.get(), kind);
        if (user.isEmpty()) {
            loginPage(ctx, 400, valid.get(), null, "Your sign-in took too long and has expired. Sign in again.");
            return Optional.empty();
        }
        return Optional.of(new Owing(valid.get(), user.get()));
    }

    /** {@code POST /login/mfa-choice}: the second factor a user with several and none preferred picks. */
    public void chooseMfa(Context ctx) {
        Optional<Owing> owing = owing(ctx, SignInTransaction.Step.Kind.SELECT_MFA_TYPE);
        if (owing.isEmpty()) {
            return;
        }
        OpenSignIn open = owing.get().open();
        User user = owing.get().user();
        String answer = ctx.formParam("factor");
        List<Factor> enabled = secondFactors.enabled(open.pool(), user);
        Optional<Factor> factor = enabled.stream().filter(f -> f.name().equals(answer)).findFirst();
        if (factor.isEmpty()) {
            choicePage(ctx, 400, open, enabled, "Choose one of the ways below.");
            return;
        }
        askFor(ctx, open, user, factor.get());
    }

    /** {@code POST /login/email-code}: the code mailed to a user with EMAIL_OTP, after the password. */
    public void emailCode(Context ctx) {
        Optional<Owing> owing = owing(ctx, SignInTransaction.Step.Kind.EMAIL_OTP);
        if (owing.isEmpty()) {
            return;
        }
        OpenSignIn open = owing.get().open();
        User user = owing.get().user();
        String code = ctx.formParam("code");
        switch (emailOtp.check(user, code == null ? "" : code.strip())) {
            case Checked.Accepted accepted -> finish(ctx, open, user, Authentication.PASSWORD_AND_CODE);
            case Checked.Mismatch mismatch -> {
                completion.failed(open, user, List.of(AuthEvent.Challenge.PASSWORD_SUCCESS,
                        AuthEvent.Challenge.MFA_FAILURE), origin(ctx));
                emailCodePage(ctx, 400, open, user, null,
                        "Invalid code or auth state for the user. Enter the code from the newest e-mail.");
            }
            case Checked.Expired expired -> emailCodePage(ctx, 400, open, user, null,
                    "This code has expired or was used already. Send a new code.");
            // The code's guesses are used up: only a new one (the sends to this user are limited) is checked again.
            case Checked.TooManyAttempts tooMany -> emailCodePage(ctx, 429, open, user, null,
                    "Too many wrong codes. Send a new code, then enter it.");
        }
    }

    /** {@code POST /login/email-code/resend}: a new code, within the limit of codes mailed to the user. */
    public void resendEmailCode(Context ctx) {
        Optional<Owing> owing = owing(ctx, SignInTransaction.Step.Kind.EMAIL_OTP);
        if (owing.isEmpty()) {
            return;
        }
        OpenSignIn open = owing.get().open();
        User user = owing.get().user();
        mailCode(ctx, open, user, true);
    }

    /** Mails the user a code and shows the page that asks for it. */
    private void mailCode(Context ctx, OpenSignIn open, User user, boolean again) {
        switch (emailOtp.send(open.pool(), user, open.client().clientId())) {
            case EmailOtp.Sent.Delivered delivered -> emailCodePage(ctx, 200, open, user, "We e-mailed "
                    + (again ? "a new code" : "a code") + " to " + delivered.destination().masked() + ".", null);
            case EmailOtp.Sent.Limited limited -> emailCodePage(ctx, 429, open, user, null,
                    "Too many codes were sent lately. Enter the newest code you received, or try again later.");
            case EmailOtp.Sent.NoAddress none ->
                    loginPage(ctx, 400, open, null, "Your account has no verified e-mail address to send a code to.");
        }
    }

    /** {@code POST /login/sms-code}: the code texted to a user with SMS_MFA, after the password. */
    public void smsCode(Context ctx) {
        Optional<Owing> owing = owing(ctx, SignInTransaction.Step.Kind.SMS_MFA);
        if (owing.isEmpty()) {
            return;
        }
        OpenSignIn open = owing.get().open();
        User user = owing.get().user();
        String code = ctx.formParam("code");
        switch (smsOtp.check(open.pool(), user, code == null ? "" : code.strip(), ctx.ip())) {
            case SmsOtp.Check.Accepted accepted -> finish(ctx, open, smsOtp.numberProven(open.pool(), user),
                    Authentication.PASSWORD_AND_CODE);
            case SmsOtp.Check.Mismatch mismatch -> {
                completion.failed(open, user, List.of(AuthEvent.Challenge.PASSWORD_SUCCESS,
                        AuthEvent.Challenge.MFA_FAILURE), origin(ctx));
                smsCodePage(ctx, 400, open, null,
                        "Invalid code or auth state for the user. Enter the code from the newest text message.");
            }
            case SmsOtp.Check.Expired expired -> smsCodePage(ctx, 400, open, null,
                    "This code has expired or was used already. Send a new code.");
            case SmsOtp.Check.TooManyAttempts tooMany -> smsCodePage(ctx, 429, open, null,
                    "Too many wrong codes. Send a new code, then enter it.");
            case SmsOtp.Check.Throttled throttled -> {
                ctx.header("Retry-After", Long.toString(Math.max(1, throttled.retryAfter().toSeconds())));
                smsCodePage(ctx, 429, open, null, "Too many wrong codes. Wait " + readable(throttled.retryAfter())
                        + " before you try again.");
            }
        }
    }

    /** {@code POST /login/sms-code/resend}: a new code, within the limit of codes texted to the user. */
    public void resendSmsCode(Context ctx) {
        Optional<Owing> owing = owing(ctx, SignInTransaction.Step.Kind.SMS_MFA);
        if (owing.isEmpty()) {
            return;
        }
        OpenSignIn open = owing.get().open();
        User user = owing.get().user();
        textCode(ctx, open, user, true);
    }

    /** Texts the user a code and shows the page that asks for it. */
    private void textCode(Context ctx, OpenSignIn open, User user, boolean again) {
        switch (smsOtp.send(open.pool(), user, open.client().clientId())) {
            case SmsOtp.Sent.Delivered delivered -> smsCodePage(ctx, 200, open, "We texted "
                    + (again ? "a new code" : "a code") + " to " + delivered.destination().masked() + ".", null);
            case SmsOtp.Sent.Limited limited -> smsCodePage(ctx, 429, open, null,
                    "Too many codes were sent lately. Enter the newest code you received, or try again later.");
            case SmsOtp.Sent.NoNumber none ->
                    loginPage(ctx, 400, open, null, "Your account has no phone number to text a code to.");
        }
    }

    private void smsCodePage(Context ctx, int status, OpenSignIn open, String notice, String error) {
        pages.code(ctx, status, new CodePage("Enter the code we texted you", open.client().clientName(),
                csrf.tokenFor(ctx), open.id(), "/login/sms-code", "Sign in", false, null, false, List.of(),
                "/login/sms-code/resend", signInHref(open), notice, error));
    }

    private void emailCodePage(Context ctx, int status, OpenSignIn open, User user, String notice, String error) {
        pages.code(ctx, status, new CodePage("Enter the code we e-mailed you", open.client().clientName(),
                csrf.tokenFor(ctx), open.id(), "/login/email-code", "Sign in", false, null, false, List.of(),
                "/login/email-code/resend", signInHref(open), notice, error));
    }

    private void choicePage(Context ctx, int status, OpenSignIn open, List<Factor> factors, String error) {
        pages.mfaChoice(ctx, status, new MfaChoicePage(open.client().clientName(), csrf.tokenFor(ctx), open.id(), false,
                factors, error));
    }

    /** The page where a user who owes MFA and has none picks what to set up. */
    void setupChoicePage(Context ctx, int status, OpenSignIn open, String error) {
        pages.mfaChoice(ctx, status, new MfaChoicePage(open.client().clientName(), csrf.tokenFor(ctx), open.id(), true,
                canSetUp(open), error));
    }

    /** The page that asks a user setting up e-mailed codes where to send them. */
    void emailSetupPage(Context ctx, int status, OpenSignIn open, String address, String error) {
        pages.emailSetup(ctx, status, new EmailSetupPage(open.client().clientName(), csrf.tokenFor(ctx), open.id(),
                address, signInHref(open), error));
    }

    /** The sign-in page of this sign-in, to start it over. */
    static String signInHref(OpenSignIn open) {
        return "/login?" + AuthorizeRequest.encode(List.of(new AuthorizeRequest.Parameter(SIGN_IN, open.id())));
    }

    /** {@code POST /login/totp}: the code of a user with SOFTWARE_TOKEN_MFA, after the password. */
    public void totp(Context ctx) {
        Optional<Owing> owing = owing(ctx, SignInTransaction.Step.Kind.TOTP);
        if (owing.isEmpty()) {
            return;
        }
        OpenSignIn open = owing.get().open();
        User user = owing.get().user();
        String code = ctx.formParam("code");
        switch (mfa.check(open.pool(), user, code == null ? "" : code.strip(), ctx.ip())) {
            case SoftwareTokenMfa.Check.Accepted accepted -> finish(ctx, open, user, Authentication.PASSWORD_AND_CODE);
            case SoftwareTokenMfa.Check.Mismatch mismatch -> {
                completion.failed(open, user, List.of(AuthEvent.Challenge.PASSWORD_SUCCESS,
                        AuthEvent.Challenge.MFA_FAILURE), origin(ctx));
                totpPage(ctx, 400, open, null,
                        "Invalid code received for user. Enter the code your authenticator app shows now.");
            }
            case SoftwareTokenMfa.Check.Replayed replayed -> totpPage(ctx, 400, open, null,
                    "This code was used already. Wait for your authenticator app to show the next one.");
            case SoftwareTokenMfa.Check.Throttled throttled -> {
                ctx.header("Retry-After", Long.toString(Math.max(1, throttled.retryAfter().toSeconds())));
                totpPage(ctx, 429, open, null, "Too many wrong codes. Wait " + readable(throttled.retryAfter())
                        + " before you try again.");
            }
        }
    }

    /** {@code POST /login/totp-setup}: the first code of the authenticator app being enrolled (MFA_SETUP). */
    public void totpSetup(Context ctx) {
        Optional<OpenSignIn> valid = validPost(ctx);
        if (valid.isEmpty()) {
            return;
        }
        OpenSignIn open = valid.get();
        Optional<User> user = owing(open, SignInTransaction.Step.Kind.TOTP_SETUP);
        if (user.isEmpty() || mfa.pendingSecret(user.get()).isEmpty()) {
            loginPage(ctx, 400, open, null, "Your sign-in took too long and has expired. Sign in again.");
            return;
        }
        // the pool's factors may have changed since this sign-in began
        if (!canSetUp(open).contains(Factor.SOFTWARE_TOKEN_MFA)) {
            loginPage(ctx, 400, open, null, "An authenticator app cannot be set up here any more. Sign in again.");
            return;
        }
        String code = ctx.formParam("code");
        if (!mfa.verify(user.get(), code == null ? "" : code.strip())) {
            totpPage(ctx, 400, open, user.get(), "Invalid code received for user. Enter the code your authenticator "
                    + "app shows now for the key above.");
            return;
        }
        mfa.setPreference(user.get(), true, true);
        finish(ctx, open, user.get(), Authentication.PASSWORD_AND_CODE);
    }

    /** The user this sign-in's step owes a code, while the step is fresh. */
    Optional<User> owing(OpenSignIn open, SignInTransaction.Step.Kind kind) {
        SignInTransaction.Step step = open.step();
        if (step.kind() != kind || !stepIsFresh(open)) {
            return Optional.empty();
        }
        return users.find(open.pool(), step.username()).filter(step::isFor);
    }

    /** The key being enrolled: the pending one (a page shown again), else a new one. */
    private String totpSecretFor(User user) {
        return mfa.pendingSecret(user).orElseGet(() -> mfa.associate(user));
    }

    /** The TOTP page; with {@code enrolling}, the enrolment page of that user's pending key. */
    void totpPage(Context ctx, int status, OpenSignIn open, User enrolling, String error) {
        if (enrolling == null) {
            pages.totp(ctx, status, new TotpPage(open.client().clientName(), csrf.tokenFor(ctx), open.id(), "/login/totp",
                    null, null, null, error));
            return;
        }
        String secret = totpSecretFor(enrolling);
        String issuer = open.pool().name() == null ? "Cognate" : open.pool().name();
        String uri = "otpauth://totp/" + pathPart(issuer) + ":" + pathPart(enrolling.username()) + "?secret=" + secret
                + "&issuer=" + java.net.URLEncoder.encode(issuer, java.nio.charset.StandardCharsets.UTF_8);
        pages.totp(ctx, status, new TotpPage(open.client().clientName(), csrf.tokenFor(ctx), open.id(), "/login/totp-setup",
                QrCodes.pngDataUri(uri), secret, uri, error));
    }

    private static String pathPart(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    void expired(Context ctx) {
        pages.error(ctx, 400, new ErrorPage("This sign-in has expired",
                "The sign-in was completed already, took too long, or was started in another browser.",
                "Go back to the app and sign in again."));
    }

    void loginPage(Context ctx, int status, OpenSignIn open, String username, String error) {
        loginPage(ctx, status, open, username, error, null);
    }

    /** The sign-in page; {@code notice} tells of something done (a password reset, an account confirmed). */
    void loginPage(Context ctx, int status, OpenSignIn open, String username, String error, String notice) {
        List<LoginPage.ProviderButton> buttons = new ArrayList<>();
        SignInTransaction t = open.transaction();
        if (!COGNITO.equals(t.identityProvider())) {
            List<String> poolProviders = providers.names(open.pool().id());
            for (String name : orEmpty(open.client().supportedIdentityProviders())) {
                if (!name.equals(COGNITO) && poolProviders.contains(name)) {
                    buttons.add(new LoginPage.ProviderButton(label(name), "/oauth2/authorize?" + authorizeQuery(t, name)));
                }
            }
        }
        String again = AuthorizeRequest.encode(List.of(new AuthorizeRequest.Parameter(SIGN_IN, open.id())));
        boolean ownUsers = open.client().supportsIdentityProvider(COGNITO);
        String passkeyOptions = ownUsers && passkeyOffered(open)
                ? passkeys.requestOptions(open.pool(), Optional.empty(),
                        passkeys.signInChallenge(open.versioned().idHash(), open.versioned().version()))
                : null;
        pages.login(ctx, status, new LoginPage(open.client().clientName(), buttons, ownUsers, csrf.tokenFor(ctx),
                open.id(), username, error, SignUp.adminCreateUserOnly(open.pool()) ? null : "/signup?" + again,
                "/forgotPassword?" + again, notice, passkeyOptions,
                ownUsers && CodeSignInEndpoints.offered(open, "EMAIL_OTP"),
                ownUsers && CodeSignInEndpoints.offered(open, "SMS_OTP")));
    }

    /** What a button calls a provider: the brand for the social providers whose names Cognito fixes, else its name. */
    static String label(String providerName) {
        return switch (providerName) {
            case "SignInWithApple" -> "Apple";
            case "LoginWithAmazon" -> "Amazon";
            default -> providerName;
        };
    }

    /** The transaction's request again, choosing the IdP {@code name} (Cognito's hosted page links its buttons so). */
    private static String authorizeQuery(SignInTransaction t, String name) {
        List<AuthorizeRequest.Parameter> p = new ArrayList<>();
        add(p, "response_type", t.responseType());
        add(p, "client_id", t.clientId());
        add(p, "redirect_uri", t.redirectUri());
        add(p, "state", t.state());
        add(p, "scope", String.join(" ", t.scopes()));
        add(p, "identity_provider", name);
        add(p, "nonce", t.nonce());
        add(p, "code_challenge", t.codeChallenge());
        add(p, "code_challenge_method", t.codeChallenge() == null ? null : "S256");
        add(p, "prompt", t.prompt().isEmpty() ? null : String.join(" ", t.prompt()));
        add(p, "login_hint", t.loginHint());
        return AuthorizeRequest.encode(p);
    }

    private static void add(List<AuthorizeRequest.Parameter> parameters, String name, String value) {
        if (value != null && !value.isEmpty()) {
            parameters.add(new AuthorizeRequest.Parameter(name, value));
        }
    }

    private void newPasswordPage(Context ctx, int status, OpenSignIn open, String error) {
        pages.newPassword(ctx, status, new NewPasswordPage(open.client().clientName(), csrf.tokenFor(ctx), open.id(),
                rules(open.pool().passwordPolicy()), error));
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

    private static Duration challengeValidity(OpenSignIn open) {
        Integer minutes = open.client().authSessionValidity();
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
