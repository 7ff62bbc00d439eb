package dev.cognate.admin.users;

import dev.cognate.store.DeliveryMedium;
import dev.cognate.authn.CodeDestination;

/** AWS CodeDeliveryDetailsType: where a code went, the address masked ({@code a***@e***}). */
public record CodeDeliveryDetails(String destination, DeliveryMedium deliveryMedium, String attributeName) {
    static CodeDeliveryDetails of(CodeDestination destination) {
        return new CodeDeliveryDetails(destination.masked(), destination.medium(), destination.attribute());
    }
}
