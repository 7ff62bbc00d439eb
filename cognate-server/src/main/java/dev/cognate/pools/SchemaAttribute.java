package dev.cognate.pools;

/** AWS SchemaAttributeType: one attribute of a pool's schema. */
public record SchemaAttribute(
        String name,
        String attributeDataType,
        Boolean developerOnlyAttribute,
        Boolean mutable,
        Boolean required,
        NumberConstraints numberAttributeConstraints,
        StringConstraints stringAttributeConstraints) {

    public record NumberConstraints(String minValue, String maxValue) {}

    public record StringConstraints(String minLength, String maxLength) {}

    public boolean isCustom() {
        return name != null && name.startsWith("custom:");
    }

    public boolean isRequired() {
        return Boolean.TRUE.equals(required);
    }

    public boolean isMutable() {
        return !Boolean.FALSE.equals(mutable);
    }
}
