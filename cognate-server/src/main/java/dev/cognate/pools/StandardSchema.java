package dev.cognate.pools;

import dev.cognate.pools.SchemaAttribute.NumberConstraints;
import dev.cognate.pools.SchemaAttribute.StringConstraints;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The standard attributes every Cognito pool has, with Cognito's default definitions. */
public final class StandardSchema {
    private StandardSchema() {}

    private static final Map<String, SchemaAttribute> STANDARD = new LinkedHashMap<>();

    static {
        add(string("sub", false, true, "1", "2048"));
        for (String name : List.of("name", "given_name", "family_name", "middle_name", "nickname",
                "preferred_username", "profile", "picture", "website", "email")) {
            add(string(name, true, false, "0", "2048"));
        }
        add(bool("email_verified"));
        for (String name : List.of("gender", "birthdate")) {
            add(string(name, true, false, name.equals("birthdate") ? "10" : "0", name.equals("birthdate") ? "10" : "2048"));
        }
        for (String name : List.of("zoneinfo", "locale", "phone_number")) {
            add(string(name, true, false, "0", "2048"));
        }
        add(bool("phone_number_verified"));
        add(string("address", true, false, "0", "2048"));
        add(new SchemaAttribute("updated_at", "Number", false, true, false, new NumberConstraints("0", null), null));
        add(new SchemaAttribute("identities", "String", false, true, false, null, new StringConstraints("0", "2048")));
    }

    private static SchemaAttribute string(String name, boolean mutable, boolean required, String min, String max) {
        return new SchemaAttribute(name, "String", false, mutable, required, null, new StringConstraints(min, max));
    }

    private static SchemaAttribute bool(String name) {
        return new SchemaAttribute(name, "Boolean", false, true, false, null, null);
    }

    private static void add(SchemaAttribute attribute) {
        STANDARD.put(attribute.name(), attribute);
    }

    public static boolean isStandard(String name) {
        return STANDARD.containsKey(name);
    }

    public static SchemaAttribute standard(String name) {
        return STANDARD.get(name);
    }

    public static List<SchemaAttribute> defaults() {
        return new ArrayList<>(STANDARD.values());
    }
}
