package dev.cognate.hostedui;

import dev.cognate.pools.UiCustomization;
import dev.cognate.store.UiCustomizationStore;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * {@code GET} {@link UiCustomization#IMAGE_ROUTE}: the logo SetUICustomization stored, at the
 * ImageUrl GetUICustomization answers. Only the current version's path answers (it may be cached
 * for a day); only a PNG or JPEG is ever served, with its own content type.
 */
public final class UiCustomizationImages {
    private final UiCustomizationStore customizations;

    public UiCustomizationImages(UiCustomizationStore customizations) {
        this.customizations = customizations;
    }

    public void handle(Context ctx) {
        String path = ctx.path();
        Optional<UiCustomization> found = customizations.find(ctx.pathParam("poolId"), ctx.pathParam("clientId"))
                .filter(c -> c.imagePath().map(path::equals).orElse(false));
        if (found.isEmpty()) {
            ctx.status(404).contentType("text/plain").result("Not found");
            return;
        }
        UiCustomization c = found.get();
        ctx.header("Cache-Control", "public, max-age=86400");
        ctx.contentType("png".equals(c.imageExtension().orElseThrow()) ? "image/png" : "image/jpeg");
        ctx.result(c.image().orElseThrow());
    }
}
