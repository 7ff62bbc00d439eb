package dev.cognate.hostedui;

import dev.cognate.oauth.ErrorPage;
import dev.cognate.oauth.ErrorPages;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;

/**
 * Renders the hosted pages (precompiled jte templates: every value HTML-escaped) with the
 * headers every hosted page carries (security.md, "Hosted pages").
 */
public final class Pages implements ErrorPages {
    // script-src 'self': the one script is the passkey button's (/static/passkey.js); nothing inline
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; script-src 'self'; "
            + "img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'";

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    public void login(Context ctx, int status, LoginPage page) {
        render(ctx, status, "login.jte", page);
    }

    public void newPassword(Context ctx, int status, NewPasswordPage page) {
        render(ctx, status, "new-password.jte", page);
    }

    public void signUp(Context ctx, int status, SignUpPage page) {
        render(ctx, status, "signup.jte", page);
    }

    public void code(Context ctx, int status, CodePage page) {
        render(ctx, status, "confirm.jte", page);
    }

    public void forgotPassword(Context ctx, int status, ForgotPasswordPage page) {
        render(ctx, status, "forgot-password.jte", page);
    }

    public void totp(Context ctx, int status, TotpPage page) {
        render(ctx, status, "totp.jte", page);
    }

    public void mfaChoice(Context ctx, int status, MfaChoicePage page) {
        render(ctx, status, "mfa-choice.jte", page);
    }

    public void emailSetup(Context ctx, int status, EmailSetupPage page) {
        render(ctx, status, "email-setup.jte", page);
    }

    public void passkeyAdd(Context ctx, int status, PasskeyAddPage page) {
        render(ctx, status, "passkey-add.jte", page);
    }

    @Override
    public void error(Context ctx, int status, ErrorPage page) {
        render(ctx, status, "error.jte", page);
    }

    private void render(Context ctx, int status, String template, Object page) {
        StringOutput out = new StringOutput();
        engine.render(template, page, out);
        ctx.status(status)
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .contentType("text/html; charset=utf-8")
                .result(out.toString());
    }
}
