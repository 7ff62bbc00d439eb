package dev.cognate.admin.ui;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cognate.admin.AwsException;
import dev.cognate.admin.Caller;
import dev.cognate.admin.OperationFamily;
import dev.cognate.admin.OperationRegistry;
import dev.cognate.admin.Validate;
import dev.cognate.admin.pools.UserPoolOperations;
import dev.cognate.pools.UiCustomization;
import dev.cognate.pools.UserPool;
import dev.cognate.store.AppClientStore;
import dev.cognate.store.UiCustomizationStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * GetUICustomization and SetUICustomization: the classic hosted UI's CSS and logo, per app client
 * or for the whole pool (client {@code ALL}), kept and answered as Cognito does (the hosted pages
 * do not apply them yet). A PNG or JPEG logo is served at the ImageUrl answered with it
 * ({@link UiCustomization#IMAGE_ROUTE}, hostedui.UiCustomizationImages). A Set without CSS and image removes the
 * customization; a Get finds the client's, else the pool's, else answers an empty shape.
 */
public final class UiCustomizationOperations implements OperationFamily {
    static final int MAX_IMAGE_BYTES = 100 * 1024;
    static final int MAX_CSS_CHARS = 131_072;
    private static final Pattern CLIENT_ID = Pattern.compile("[\\w+]+");

    private final UserPoolOperations pools;
    private final AppClientStore clients;
    private final UiCustomizationStore customizations;
    private final Clock clock;
    private final Supplier<String> publicUrl;

    public UiCustomizationOperations(UserPoolOperations pools, AppClientStore clients, UiCustomizationStore customizations,
                                     Clock clock, Supplier<String> publicUrl) {
        this.pools = pools;
        this.clients = clients;
        this.customizations = customizations;
        this.clock = clock;
        this.publicUrl = publicUrl;
    }


    @Override
    public void registerWith(OperationRegistry registry) {
        registry.signed("GetUICustomization", GetUICustomizationRequest.class, this::get);
        registry.signed("SetUICustomization", SetUICustomizationRequest.class, this::set);
    }

    public record GetUICustomizationRequest(String userPoolId, String clientId) {}

    public record SetUICustomizationRequest(String userPoolId, String clientId, @JsonProperty("CSS") String css,
                                            byte[] imageFile) {}

    /** AWS's UICustomizationType; every member absent when nothing is set. */
    public record UICustomizationView(String userPoolId, String clientId, String imageUrl,
                                      @JsonProperty("CSS") String css, @JsonProperty("CSSVersion") String cssVersion,
                                      Instant lastModifiedDate, Instant creationDate) {
        static final UICustomizationView NONE = new UICustomizationView(null, null, null, null, null, null, null);

        static UICustomizationView of(UiCustomization c, String publicUrl) {
            return new UICustomizationView(c.userPoolId(), c.clientId(), c.imagePath().map(path -> publicUrl + path).orElse(null), c.css(),
                    c.cssVersion(), c.lastModifiedDate(), c.creationDate());
        }
    }

    public record UICustomizationResponse(@JsonProperty("UICustomization") UICustomizationView uiCustomization) {}

    private Object get(GetUICustomizationRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        String clientId = clientOf(pool, r.clientId());
        Optional<UiCustomization> found = customizations.find(pool.id(), clientId);
        if (found.isEmpty() && !clientId.equals(UiCustomization.ALL_CLIENTS)) {
            found = customizations.find(pool.id(), UiCustomization.ALL_CLIENTS);
        }
        return new UICustomizationResponse(found.map(c -> UICustomizationView.of(c, publicUrl.get())).orElse(UICustomizationView.NONE));
    }

    private Object set(SetUICustomizationRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        String clientId = clientOf(pool, r.clientId());
        Validate.length(r.css(), "CSS", 0, MAX_CSS_CHARS);
        if (r.imageFile() != null && r.imageFile().length > MAX_IMAGE_BYTES) {
            throw AwsException.invalidParameter("The image file is larger than " + MAX_IMAGE_BYTES / 1024 + " KB.");
        }
        Instant now = clock.instant();
        Optional<UiCustomization> old = customizations.find(pool.id(), clientId);
        if (r.css() == null && r.imageFile() == null) {
            customizations.delete(pool.id(), clientId);
            return new UICustomizationResponse(new UICustomizationView(pool.id(), clientId, null, null, null, now,
                    old.map(UiCustomization::creationDate).orElse(now)));
        }
        boolean cssChanged = old.map(o -> !java.util.Objects.equals(o.css(), r.css())).orElse(true);
        UiCustomization saved = new UiCustomization(pool.id(), clientId, r.css(),
                r.css() == null ? null : cssChanged ? String.valueOf(now.toEpochMilli()) : old.get().cssVersion(),
                r.imageFile() == null ? null : Base64.getEncoder().encodeToString(r.imageFile()),
                old.map(UiCustomization::creationDate).orElse(now), now);
        customizations.put(saved);
        return new UICustomizationResponse(UICustomizationView.of(saved, publicUrl.get()));
    }

    /** The client a request names ({@code ALL} when none), which must be one of the pool's. */
    private String clientOf(UserPool pool, String clientId) {
        if (clientId == null || clientId.equals(UiCustomization.ALL_CLIENTS)) {
            return UiCustomization.ALL_CLIENTS;
        }
        Validate.pattern(Validate.length(clientId, "clientId", 1, 128), "clientId", CLIENT_ID);
        if (clients.find(pool.id(), clientId).isEmpty()) {
            throw AwsException.resourceNotFound("User pool client " + clientId + " does not exist.");
        }
        return clientId;
    }
}
