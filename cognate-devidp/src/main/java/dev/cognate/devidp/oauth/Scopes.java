package dev.cognate.devidp.oauth;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Requested scopes, split as Entra does: the OpenID Connect scopes and delegated Microsoft Graph scopes
 * (given bare, {@code User.Read}, or as {@code https://graph.microsoft.com/User.Read}).
 */
record Scopes(Set<String> oidc, Set<String> graph) {
    static final String GRAPH_RESOURCE = "https://graph.microsoft.com";
    static final Set<String> OIDC = Set.of("openid", "profile", "email", "offline_access");

    /** Microsoft Graph's delegated permission ids, as found in requiredResourceAccess. */
    static final Map<String, String> GRAPH_PERMISSION_IDS = Map.of(
            "37f7f235-527c-4136-accd-4a02d197296e", "openid",
            "14dad69e-099b-42c9-810b-d002981feec1", "profile",
            "64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0", "email",
            "7427e0e9-2fba-42fe-b0c0-848c9e6a8182", "offline_access",
            "e1fe6dd8-ba31-4d61-89e7-88639da4683d", "User.Read");

    Scopes {
        oidc = Set.copyOf(oidc);
        graph = Set.copyOf(graph);
    }

    /** Parses a space-separated scope; {@code staticGraphScopes} stands for {@code https://graph.microsoft.com/.default}. */
    static Scopes parse(String scope, Set<String> staticGraphScopes) {
        Set<String> oidc = new LinkedHashSet<>();
        Set<String> graph = new LinkedHashSet<>();
        for (String s : scope.trim().split("\\s+")) {
            if (s.isEmpty()) {
                continue;
            }
            String lower = s.toLowerCase(Locale.ROOT);
            if (OIDC.contains(lower)) {
                oidc.add(lower);
            } else if (lower.equals(GRAPH_RESOURCE + "/.default") || lower.equals(".default")) {
                graph.addAll(staticGraphScopes);
            } else if (lower.startsWith(GRAPH_RESOURCE + "/")) {
                graph.add(s.substring(GRAPH_RESOURCE.length() + 1));
            } else if (s.matches("[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z0-9]+)+")) {
                graph.add(s);
            } else {
                throw EntraError.invalidScope("The scope '" + s + "' does not exist on this development IdP (it knows the "
                        + "OpenID Connect scopes and Microsoft Graph delegated scopes).");
            }
        }
        return new Scopes(oidc, graph);
    }

    boolean has(String oidcScope) {
        return oidc.contains(oidcScope);
    }

    /** Every scope, lower-cased, as consent grants store them. */
    Set<String> consentNames() {
        Set<String> names = new LinkedHashSet<>(oidc);
        graph.forEach(g -> names.add(g.toLowerCase(Locale.ROOT)));
        return names;
    }

    /** Graph scopes of the access token: User.Read when the app asked only for OpenID Connect scopes, as Entra does. */
    List<String> accessTokenScopes() {
        List<String> scp = new ArrayList<>();
        oidc.stream().filter(s -> !s.equals("offline_access")).forEach(scp::add);
        if (graph.isEmpty()) {
            scp.add("User.Read");
        } else {
            scp.addAll(graph);
        }
        return scp;
    }

    /** The {@code scope} member of a token response. */
    String responseScope() {
        List<String> out = new ArrayList<>();
        oidc.stream().filter(s -> !s.equals("offline_access")).forEach(out::add);
        (graph.isEmpty() ? List.of("User.Read") : graph).forEach(g -> out.add(GRAPH_RESOURCE + "/" + g));
        return String.join(" ", out);
    }

    String serialize() {
        List<String> out = new ArrayList<>(oidc);
        graph.forEach(g -> out.add(GRAPH_RESOURCE + "/" + g));
        return String.join(" ", out);
    }
}
