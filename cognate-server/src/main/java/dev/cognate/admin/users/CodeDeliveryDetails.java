package dev.cognate.admin.users;

import dev.cognate.mail.DeliveryMedium;
import dev.cognate.users.CodeDestination;

/** AWS CodeDeliveryDetailsType: where a code went, the address masked ({@code a***@e***}). */
public record CodeDeliveryDetails(String destination, DeliveryMedium deliveryMedium, String attributeName) {
    static CodeDeliveryDetails of(CodeDestination destination) {
        return new CodeDeliveryDetails(destination.masked(), destination.medium(), destination.attribute());
    }
}
