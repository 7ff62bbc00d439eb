package dev.cognate.federation;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Microsoft Entra ID's issuer rules (reference/entra.md), for any host that serves Entra's
 * shape (login.microsoftonline.com, the development IdP, a test IdP):
 * <ul>
 *   <li>An issuer {@code <base>/<tenant GUID>/v2.0} is an Entra tenant: its users are keyed by
 *       {@code tid}+{@code oid} and {@code xms_edov} can vouch for their e-mail.</li>
 *   <li>An authority {@code <base>/common/v2.0} or {@code <base>/organizations/v2.0} is
 *       multi-tenant: its discovery document names the template {@code <base>/{tenantid}/v2.0},
 *       and a token's {@code iss} must equal the template with the token's {@code tid}
 *       (a GUID) put in, exactly.</li>
 * </ul>
 */
public final class EntraIssuers {
    public static final String TENANT_PLACEHOLDER = "{tenantid}";
    private static final String GUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
    private static final Pattern GUID_PATTERN = Pattern.compile(GUID);
    private static final Pattern MULTI_TENANT = Pattern.compile("^(.*)/(common|organizations)/v2\\.0$");
    private static final Pattern TENANT = Pattern.compile("^.*/(" + GUID + ")/v2\\.0$");

    private EntraIssuers() {}

    /** The {@code {tenantid}} template of a multi-tenant authority ({@code common} or {@code organizations}). */
    public static Optional<String> multiTenantTemplate(String oidcIssuer) {
        Matcher m = MULTI_TENANT.matcher(stripSlash(oidcIssuer));
        return m.matches() ? Optional.of(m.group(1) + "/" + TENANT_PLACEHOLDER + "/v2.0") : Optional.empty();
    }

    /** Whether an issuer is Entra-shaped: a single tenant's or a multi-tenant authority. */
    public static boolean isEntra(String oidcIssuer) {
        return multiTenantTemplate(oidcIssuer).isPresent() || TENANT.matcher(stripSlash(oidcIssuer)).matches();
    }

    public static boolean isTenantId(String value) {
        return value != null && GUID_PATTERN.matcher(value).matches();
    }

    /** The issuer a token of tenant {@code tid} must carry under a multi-tenant template. */
    public static String issuerOfTenant(String template, String tid) {
        return template.replace(TENANT_PLACEHOLDER, tid);
    }

    static URI authority(String oidcIssuer) {
        return URI.create(stripSlash(oidcIssuer));
    }

    private static String stripSlash(String issuer) {
        return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    }
}
