package dev.cognate.admin.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.admin.AwsException;
import dev.cognate.pools.Policies;
import dev.cognate.pools.StandardSchema;
import dev.cognate.pools.UserPool;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever ListUsers' Filter holds, it parses or is an InvalidParameterException (400), nothing else. */
class UserSearchFilterFuzzTest {
    private static final UserPool POOL = new UserPool("us-east-1_FUZZ00001", "fuzz", Instant.EPOCH, Instant.EPOCH,
            Policies.DEFAULT, "INACTIVE", StandardSchema.defaults(), null, null, null, null, "OFF", "ESSENTIALS", null,
            null, null, null, null, null, null, null, null, null, null, null, null, null);

    @Property
    void anyFilterParsesOrIsAClientError(@ForAll("filters") String filter) {
        try {
            UserSearchFilter.parse(filter, POOL);
        } catch (AwsException e) {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.type()).isEqualTo("InvalidParameterException");
        }
    }

    @Provide
    Arbitrary<String> filters() {
        Arbitrary<String> pieces = Arbitraries.oneOf(
                Arbitraries.of("username", "email", "sub", "status", "cognito:user_status", "custom:x", " ", "=", "^=",
                        "\"", "\\", "\\\"", "a", "\u4e2d", "\uD800", "\u0000", "\t", "^"),
                Arbitraries.strings().ofMaxLength(6));
        return Arbitraries.oneOf(pieces.list().ofMaxSize(16).map(list -> String.join("", list)),
                Arbitraries.strings().ofMaxLength(300));
    }
}
