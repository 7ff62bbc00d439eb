package dev.cognate.hostedui;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * A file of the hosted pages (the stylesheet, the passkey button's script), read from the jar
 * once and served with a validator, so a browser asks again on every page (it may change with an
 * upgrade) and gets a 304 while it has not (RFC 9110 13.1.2). The tag is weak (8.8.3): the same
 * file may go out gzipped or not. Javalin's static-file handler would serve them as well, but it
 * builds a Jetty server of its own at every start of a node: 124 ms of a start on two cores, for
 * two files (docs/BENCHMARKS.md, "Start-up, fourth round").
 */
public final class StaticAsset {
    public static final String STYLESHEET = "/static/cognate.css";
    public static final String PASSKEY_SCRIPT = "/static/passkey.js";
    /** The pages' icon, named by each page so that browsers do not ask for {@code /favicon.ico}, which is no page's. */
    public static final String ICON = "/static/favicon.svg";

    private final String path;
    private final String contentType;
    private final byte[] body;
    private final String etag;

    private StaticAsset(String path, String contentType, byte[] body) {
        this.path = path;
        this.contentType = contentType;
        this.body = body;
        this.etag = "W/\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(body)).substring(0, 22) + "\"";
    }

    /** The file at {@code path} in the jar, served at the same path. */
    public static StaticAsset load(String path, String contentType) {
        try (InputStream in = StaticAsset.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the jar");
            }
            return new StaticAsset(path, contentType, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String path() {
        return path;
    }

    public void serve(Context ctx) {
        ctx.header("ETag", etag);
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType(contentType);
        if (matches(ctx.header("If-None-Match"))) {
            ctx.status(HttpStatus.NOT_MODIFIED);
            return;
        }
        ctx.result(body);
    }

    /** RFC 9110 13.1.2: {@code *}, or a list of entity tags compared weakly. */
    private boolean matches(String ifNoneMatch) {
        if (ifNoneMatch == null) {
            return false;
        }
        return Arrays.stream(ifNoneMatch.split(","))
                .map(String::strip)
                .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                .anyMatch(tag -> tag.equals("*") || tag.equals(etag.substring(2)));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
