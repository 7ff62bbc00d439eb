package dev.cognate.demo;

import dev.cognate.devidp.DevIdpConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The dev IdP's directory in the demo ({@code demo-directory.json}): Contoso, the tenant that registers the apps
 * and the only one {@code entra-multi} allows, with Alice and Mallory (a member whose unverified e-mail is
 * jane@example.com: the nOAuth case), and Fabrikam with Bob, whom {@code entra-multi} refuses.
 */
public final class DemoDirectory {
    public static final String CONTOSO = "7e4a1d3c-5b2f-4c8e-9f10-2a3b4c5d6e01";
    public static final String FABRIKAM = "3c9b2e51-8d4a-4f6b-a7c2-1e0f9d8c7b02";
    public static final String ALICE = "alice@contoso.onmicrosoft.com";
    public static final String MALLORY = "mallory@contoso.onmicrosoft.com";
    public static final String BOB = "bob@fabrikam.onmicrosoft.com";
    public static final String PASSWORD = "Passw0rd!";
    /** Mallory's e-mail in the directory, not verified by Contoso. */
    public static final String MALLORY_EMAIL = "jane@example.com";

    private DemoDirectory() {}

    public static DevIdpConfig config() {
        try (InputStream in = DemoDirectory.class.getResourceAsStream("demo-directory.json")) {
            return DevIdpConfig.parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
