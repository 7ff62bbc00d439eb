package dev.cognate.admin.branding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.cognate.admin.AwsException;
import dev.cognate.admin.AwsJson;
import dev.cognate.admin.Caller;
import dev.cognate.admin.Empty;
import dev.cognate.admin.OperationFamily;
import dev.cognate.admin.OperationRegistry;
import dev.cognate.admin.Validate;
import dev.cognate.admin.pools.UserPoolOperations;
import dev.cognate.pools.ManagedLoginBranding;
import dev.cognate.pools.UserPool;
import dev.cognate.store.AppClientStore;
import dev.cognate.store.DuplicateKeyException;
import dev.cognate.store.ManagedLoginBrandingStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Create/Describe/DescribeByClient/Update/DeleteManagedLoginBranding: one branding style per app
 * client (Terraform's aws_cognito_managed_login_branding), its settings document and assets kept as
 * given. Cognate has no default style to merge, so ReturnMergedResources answers the stored values;
 * the hosted pages do not apply the style yet.
 */
public final class ManagedLoginBrandingOperations implements OperationFamily {
    static final int MAX_ASSETS = 40;
    private static final Pattern BRANDING_ID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}");
    private static final List<String> COLOR_MODES = List.of("LIGHT", "DARK", "DYNAMIC");
    private static final List<String> EXTENSIONS = List.of("ICO", "JPEG", "PNG", "SVG", "WEBP");

    private final UserPoolOperations pools;
    private final AppClientStore clients;
    private final ManagedLoginBrandingStore brandings;
    private final Clock clock;

    public ManagedLoginBrandingOperations(UserPoolOperations pools, AppClientStore clients,
                                          ManagedLoginBrandingStore brandings, Clock clock) {
        this.pools = pools;
        this.clients = clients;
        this.brandings = brandings;
        this.clock = clock;
    }

    @Override
    public void registerWith(OperationRegistry registry) {
        registry.signed("CreateManagedLoginBranding", CreateRequest.class, this::create);
        registry.signed("DescribeManagedLoginBranding", DescribeRequest.class, this::describe);
        registry.signed("DescribeManagedLoginBrandingByClient", DescribeByClientRequest.class, this::describeByClient);
        registry.signed("UpdateManagedLoginBranding", UpdateRequest.class, this::update);
        registry.signed("DeleteManagedLoginBranding", DeleteRequest.class, this::delete);
    }

    public record CreateRequest(String userPoolId, String clientId, Boolean useCognitoProvidedValues, JsonNode settings,
                                JsonNode assets) {}

    public record DescribeRequest(String userPoolId, String managedLoginBrandingId, Boolean returnMergedResources) {}

    public record DescribeByClientRequest(String userPoolId, String clientId, Boolean returnMergedResources) {}

    public record UpdateRequest(String userPoolId, String managedLoginBrandingId, Boolean useCognitoProvidedValues,
                                JsonNode settings, JsonNode assets) {}

    public record DeleteRequest(String managedLoginBrandingId, String userPoolId) {}

    /** AWS's ManagedLoginBrandingType (the client is not part of it). */
    public record ManagedLoginBrandingView(String managedLoginBrandingId, String userPoolId, Boolean useCognitoProvidedValues,
                                           JsonNode settings, JsonNode assets, Instant creationDate, Instant lastModifiedDate) {
        static ManagedLoginBrandingView of(ManagedLoginBranding b) {
            return new ManagedLoginBrandingView(b.managedLoginBrandingId(), b.userPoolId(), b.useCognitoProvidedValues(),
                    b.settings(), b.assets(), b.creationDate(), b.lastModifiedDate());
        }
    }

    public record BrandingResponse(ManagedLoginBrandingView managedLoginBranding) {
        static BrandingResponse of(ManagedLoginBranding b) {
            return new BrandingResponse(ManagedLoginBrandingView.of(b));
        }
    }

    private Object create(CreateRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        String clientId = Validate.requiredString(r.clientId(), "clientId", 1, 128);
        if (clients.find(pool.id(), clientId).isEmpty()) {
            throw AwsException.resourceNotFound("User pool client " + clientId + " does not exist.");
        }
        JsonNode settings = settings(r.settings());
        ArrayNode assets = assets(r.assets());
        boolean cognitoValues = cognitoValues(r.useCognitoProvidedValues(), settings, assets);
        Instant now = clock.instant();
        ManagedLoginBranding created = new ManagedLoginBranding(UUID.randomUUID().toString(), pool.id(), clientId,
                cognitoValues, cognitoValues ? null : settings, cognitoValues ? null : assets, now, now);
        try {
            brandings.insert(created);
        } catch (DuplicateKeyException e) {
            throw new AwsException("ManagedLoginBrandingExistsException",
                    "App client " + clientId + " already has a managed login branding style.");
        }
        return BrandingResponse.of(created);
    }

    private Object describe(DescribeRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        return BrandingResponse.of(existing(pool, r.managedLoginBrandingId()));
    }

    private Object describeByClient(DescribeByClientRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        String clientId = Validate.requiredString(r.clientId(), "clientId", 1, 128);
        return BrandingResponse.of(brandings.findByClient(pool.id(), clientId).orElseThrow(
                () -> AwsException.resourceNotFound("App client " + clientId + " has no managed login branding style.")));
    }

    /**
     * Settings given replace the old ones; an asset replaces the one of its category and color mode,
     * others are added; UseCognitoProvidedValues drops both.
     */
    private Object update(UpdateRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        ManagedLoginBranding old = existing(pool, r.managedLoginBrandingId());
        JsonNode settings = settings(r.settings());
        ArrayNode assets = assets(r.assets());
        if (Boolean.TRUE.equals(r.useCognitoProvidedValues()) && (settings != null || assets != null)) {
            throw bothGiven();
        }
        boolean cognitoValues = r.useCognitoProvidedValues() != null ? r.useCognitoProvidedValues()
                : settings == null && assets == null && Boolean.TRUE.equals(old.useCognitoProvidedValues());
        ManagedLoginBranding updated = new ManagedLoginBranding(old.managedLoginBrandingId(), old.userPoolId(),
                old.clientId(), cognitoValues, cognitoValues ? null : settings != null ? settings : old.settings(),
                cognitoValues ? null : merged(old.assets(), assets), old.creationDate(), clock.instant());
        if (!brandings.update(updated)) {
            throw notFound(old.managedLoginBrandingId());
        }
        return BrandingResponse.of(updated);
    }

    private Object delete(DeleteRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        String id = brandingId(r.managedLoginBrandingId());
        if (!brandings.delete(pool.id(), id)) {
            throw notFound(id);
        }
        return Empty.INSTANCE;
    }

    private ManagedLoginBranding existing(UserPool pool, String brandingId) {
        String id = brandingId(brandingId);
        return brandings.find(pool.id(), id).orElseThrow(() -> notFound(id));
    }

    private static String brandingId(String id) {
        return Validate.pattern(Validate.required(id, "managedLoginBrandingId"), "managedLoginBrandingId", BRANDING_ID);
    }

    /** Cognito's own style applies when asked for, or when nothing else is given. */
    private static boolean cognitoValues(Boolean asked, JsonNode settings, ArrayNode assets) {
        if (Boolean.TRUE.equals(asked) && (settings != null || assets != null)) {
            throw bothGiven();
        }
        return asked != null ? asked : settings == null && assets == null;
    }

    private static JsonNode settings(JsonNode settings) {
        if (settings == null || settings.isNull()) {
            return null;
        }
        if (!settings.isObject()) {
            throw AwsException.invalidParameter("Settings must be a JSON object.");
        }
        return settings;
    }

    private static ArrayNode assets(JsonNode assets) {
        if (assets == null || assets.isNull()) {
            return null;
        }
        if (!assets.isArray() || assets.size() > MAX_ASSETS) {
            throw AwsException.invalidParameter("Assets must be a list of at most " + MAX_ASSETS + " assets.");
        }
        for (JsonNode asset : assets) {
            if (!asset.isObject() || !asset.path("Category").isTextual()) {
                throw AwsException.invalidParameter("Each asset needs a Category, a ColorMode and an Extension.");
            }
            Validate.oneOf(asset.path("ColorMode").asText(null), "assets.member.colorMode", COLOR_MODES);
            Validate.oneOf(asset.path("Extension").asText(null), "assets.member.extension", EXTENSIONS);
            if (!asset.path("ColorMode").isTextual() || !asset.path("Extension").isTextual()) {
                throw AwsException.invalidParameter("Each asset needs a Category, a ColorMode and an Extension.");
            }
        }
        return (ArrayNode) assets;
    }

    private static JsonNode merged(JsonNode old, ArrayNode given) {
        if (given == null) {
            return old;
        }
        ArrayNode result = AwsJson.MAPPER.createArrayNode();
        if (old != null) {
            old.forEach(existing -> {
                boolean replaced = false;
                for (JsonNode asset : given) {
                    replaced |= sameSlot(existing, asset);
                }
                if (!replaced) {
                    result.add(existing);
                }
            });
        }
        result.addAll(given);
        if (result.size() > MAX_ASSETS) {
            throw AwsException.invalidParameter("A branding style can have at most " + MAX_ASSETS + " assets.");
        }
        return result;
    }

    private static boolean sameSlot(JsonNode a, JsonNode b) {
        return a.path("Category").equals(b.path("Category")) && a.path("ColorMode").equals(b.path("ColorMode"));
    }

    private static AwsException bothGiven() {
        return AwsException.invalidParameter(
                "With UseCognitoProvidedValues true, leave out Settings and Assets.");
    }

    private static AwsException notFound(String id) {
        return AwsException.resourceNotFound("Managed login branding " + id + " does not exist.");
    }
}
