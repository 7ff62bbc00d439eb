package dev.cognate.admin.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.admin.AwsException;
import dev.cognate.pools.Policies;
import dev.cognate.pools.StandardSchema;
import dev.cognate.pools.UserPool;
import dev.cognate.testing.Fuzz;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whatever ListUsers' Filter holds, it parses or is an InvalidParameterException (400), nothing else. */
class UserSearchFilterFuzzTest {
    private static final UserPool POOL = new UserPool("us-east-1_FUZZ00001", "fuzz", Instant.EPOCH, Instant.EPOCH,
            Policies.DEFAULT, "INACTIVE", StandardSchema.defaults(), null, null, null, null, "OFF", "ESSENTIALS", null,
            null, null, null, null, null, null, null, null, null, null, null, null, null);
    private static final List<String> PIECES = List.of("username", "email", "sub", "status", "cognito:user_status",
            "custom:x", " ", "=", "^=", "\"", "\\", "\\\"", "a", "\u4e2d", "\uD800", "\u0000", "\t", "^");
    private static final List<String> VALID = List.of("username = \"ada\"", "email ^= \"ada@\"",
            "cognito:user_status = \"CONFIRMED\"", "status = \"Enabled\"", "sub = \"\"", "name ^= \"A\\\"b\"");

    @Test
    void anyFilterParsesOrIsAClientError() {
        Fuzz.forAll(UserSearchFilterFuzzTest::filter, filter -> {
            try {
                UserSearchFilter.parse(filter, POOL);
            } catch (AwsException e) {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.type()).isEqualTo("InvalidParameterException");
            }
        });
    }

    private static String filter(Fuzz random) {
        return switch (random.nextInt(4)) {
            case 0, 1 -> random.pieces(16, PIECES);
            case 2 -> random.text(300);
            default -> random.mutate(random.pick(VALID));
        };
    }
}
