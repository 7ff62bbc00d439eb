package dev.cognate.admin.providers;

import dev.cognate.providers.IdentityProvider;
import dev.cognate.providers.ProviderDetailRules;
import dev.cognate.providers.ProviderType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AWS IdentityProviderType as Create/Describe/Update/GetIdentityProviderByIdentifier answer it.
 * As AWS, ProviderDetails carries the client secret; unlike any AWS key, a private key is never
 * answered.
 */
record IdentityProviderView(
        String userPoolId,
        String providerName,
        String providerType,
        Map<String, String> providerDetails,
        Map<String, String> attributeMapping,
        List<String> idpIdentifiers,
        Map<String, String> acrMapping,
        Instant lastModifiedDate,
        Instant creationDate) {

    static IdentityProviderView of(IdentityProvider p) {
        Map<String, String> details = new LinkedHashMap<>(p.details());
        p.secrets().clientSecret().ifPresent(secret -> details.put("client_secret", secret));
        if (p.type() == ProviderType.OIDC) {
            details.put(ProviderDetailRules.ATTRIBUTES_URL_ADD_ATTRIBUTES, "false");
        }
        return new IdentityProviderView(p.poolId(), p.name(), p.type().awsName(), details, p.attributeMapping(),
                p.idpIdentifiers(), p.acrMapping(), p.lastModifiedDate(), p.creationDate());
    }
}
