package dev.cognate.devidp.pages;

import dev.cognate.devidp.crypto.RandomValues;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;

/** Renders the precompiled jte templates with a per-response nonce and a strict Content-Security-Policy. */
public final class Pages {
    /** The generated templates' package (pom.xml): jte's default one holds cognate-server's, which share names with ours. */
    static final String TEMPLATE_PACKAGE = "dev.cognate.devidp.pages.templates";

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(null, ContentType.Html, null, TEMPLATE_PACKAGE);

    /** A fresh nonce for one page's inline style and script. */
    public static String nonce() {
        return RandomValues.token(18);
    }

    public void render(Context ctx, int status, Page page) {
        StringOutput out = new StringOutput();
        engine.render(page.template(), page, out);
        ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'nonce-" + page.nonce() + "'; script-src 'nonce-"
                + page.nonce() + "'; img-src 'self'; " + (page.formAction() == null ? "" : "form-action " + page.formAction() + "; ")
                + "frame-ancestors 'none'; base-uri 'none'");
        ctx.status(status).contentType("text/html; charset=utf-8").result(out.toString());
    }
}
