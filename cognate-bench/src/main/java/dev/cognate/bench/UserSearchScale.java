package dev.cognate.bench;

import dev.cognate.authn.UserDirectory;
import dev.cognate.pools.Policies;
import dev.cognate.pools.StandardSchema;
import dev.cognate.pools.UserPool;
import dev.cognate.pools.UsernameConfiguration;
import dev.cognate.store.Database;
import dev.cognate.store.UserStore;
import dev.cognate.store.jdbc.JdbcUserPoolStore;
import dev.cognate.store.jdbc.JdbcUserStore;
import dev.cognate.users.User;
import dev.cognate.users.UserAttribute;
import dev.cognate.users.UserFilter;
import dev.cognate.users.UserFilter.Field;
import dev.cognate.users.UserFilter.Match;
import dev.cognate.users.UserStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * User search at scale: loads {@code --users} users into one pool through the store's own
 * batch write path ({@link UserStore#insertAll}), then times every ListUsers filter, the
 * AdminGetUser lookup and the sign-in lookup by username and by e-mail alias
 * ({@link UserDirectory#find}, the part of a password sign-in that differs between the two;
 * the Argon2 check after it is the same), on SQLite and PostgreSQL (embedded). The same run
 * times the query shape of the previous release (EXISTS over the pool) as its baseline.
 * <pre>java -cp 'cognate-bench/target/cognate-bench.jar' dev.cognate.bench.UserSearchScale --users 100000</pre>
 */
public final class UserSearchScale {
    static final String POOL = "us-east-1_SCALESCAL";
    static final int BATCH = 2_000;

    record Options(int users, List<String> backends, int samples, int baselineSamples) {
        static Options parse(String... args) {
            int users = 10_000;
            List<String> backends = List.of("sqlite", "postgresql");
            int samples = 200;
            int baselineSamples = 5;
            for (int i = 0; i + 1 < args.length; i += 2) {
                switch (args[i]) {
                    case "--users" -> users = Integer.parseInt(args[i + 1].replace("_", ""));
                    case "--backends" -> backends = List.of(args[i + 1].split(","));
                    case "--samples" -> samples = Integer.parseInt(args[i + 1]);
                    case "--baseline-samples" -> baselineSamples = Integer.parseInt(args[i + 1]);
                    default -> throw new IllegalArgumentException("usage: --users N --backends sqlite,postgresql "
                            + "--samples 200 --baseline-samples 5");
                }
            }
            return new Options(users, backends, samples, baselineSamples);
        }
    }

    /** An operation to time against user {@code i}. */
    record Case(String what, IntConsumer run) {}

    /** One timed operation: its name, p50 and p99 in milliseconds, how many samples. */
    record Timing(String what, double p50, double p99, int samples) {}

    private UserSearchScale() {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        for (String backend : options.backends()) {
            try (Database database = open(backend)) {
                long loadNanos = load(database, options.users());
                System.out.printf(Locale.ROOT, "%n%s, %,d users loaded in %.1f s (%,.0f users/s)%n", backend,
                        options.users(), loadNanos / 1e9, options.users() / (loadNanos / 1e9));
                for (Timing t : measure(database, options)) {
                    System.out.printf(Locale.ROOT, "  %-44s p50 %9.3f ms   p99 %9.3f ms   (%d)%n", t.what(), t.p50(), t.p99(),
                            t.samples());
                }
            }
        }
        System.exit(0); // the embedded PostgreSQL's threads
    }

    static Database open(String backend) throws IOException {
        return switch (backend) {
            case "sqlite" -> Database.sqlite(Files.createTempDirectory("cognate-scale-"));
            case "postgresql" -> Database.postgresql(EmbeddedDatabase.newDatabase(), null, null);
            default -> throw new IllegalArgumentException("backend sqlite or postgresql, not " + backend);
        };
    }

    static UserPool pool() {
        Instant now = Instant.now();
        // sign-in with the username or a verified e-mail alias; names compare without case
        return new UserPool(POOL, "scale", now, now, Policies.DEFAULT, "INACTIVE", StandardSchema.defaults(),
                List.of("email"), List.of("email"), null, new UsernameConfiguration(false), "OFF", "ESSENTIALS", null, null, null, null, null,
                null, null, null, null, null, null, null, null, null);
    }

    /** User {@code i} as AdminCreateUser writes one; 1 in 1,000 confirmed, 1 in 1,000 disabled. */
    static User user(int i, Instant now) {
        String username = username(i);
        List<UserAttribute> attributes = List.of(
                new UserAttribute("email", email(i)), new UserAttribute("email_verified", "true"),
                new UserAttribute("phone_number", phone(i)), new UserAttribute("phone_number_verified", "true"),
                new UserAttribute("given_name", "Given" + i), new UserAttribute("family_name", "Family" + (i % 10_000)),
                new UserAttribute("name", "Given" + i + " Family" + (i % 10_000)),
                new UserAttribute("preferred_username", "pref" + i));
        UserStatus status = i % 1000 == 7 ? UserStatus.CONFIRMED : UserStatus.FORCE_CHANGE_PASSWORD;
        return new User(POOL, username, username, sub(i), attributes, i % 1000 != 3, status,
                "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g", now, now, null);
    }

    static String username(int i) {
        return String.format(Locale.ROOT, "user%08d", i);
    }

    /** Random-looking and fixed per user, as a sub is (version 3 UUIDs of the index). */
    static String sub(int i) {
        return UUID.nameUUIDFromBytes(("sub-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    static String email(int i) {
        return String.format(Locale.ROOT, "person%08d@example.com", i);
    }

    static String phone(int i) {
        return String.format(Locale.ROOT, "+1555%07d", i);
    }

    static long load(Database database, int count) {
        new JdbcUserPoolStore(database.jdbi()).insert(pool());
        UserStore users = new JdbcUserStore(database.jdbi());
        Instant now = Instant.now();
        long start = System.nanoTime();
        for (int from = 0; from < count; from += BATCH) {
            List<User> batch = new ArrayList<>(BATCH);
            for (int i = from; i < Math.min(count, from + BATCH); i++) {
                batch.add(user(i, now));
            }
            users.insertAll(batch);
        }
        long took = System.nanoTime() - start;
        // what autovacuum does on its own soon after a bulk load; SQLite plans without statistics
        if (database.dialect() == Database.Dialect.POSTGRESQL) {
            database.jdbi().useHandle(h -> h.execute("ANALYZE"));
        }
        return took;
    }

    static List<Timing> measure(Database database, Options options) {
        UserStore users = new JdbcUserStore(database.jdbi());
        UserDirectory directory = new UserDirectory(users);
        UserPool pool = pool();
        int n = options.users();
        Random random = new Random(42);
        List<Timing> timings = new ArrayList<>();
        List<Case> cases = List.of(
                new Case("ListUsers, no filter (a page of 60)", i -> users.list(POOL, null, username(i), 60)),
                new Case("AdminGetUser (username)", i -> users.find(POOL, username(i))),
                new Case("sign-in lookup by username", i -> expectOne(directory, pool, username(i))),
                new Case("sign-in lookup by e-mail alias", i -> expectOne(directory, pool, email(i).toUpperCase(Locale.ROOT))),
                filter("username =", Field.USERNAME, null, Match.EQUALS, UserSearchScale::username, users),
                filter("username ^=", Field.USERNAME, null, Match.STARTS_WITH, i -> username(i).substring(0, 11), users),
                filter("sub =", Field.SUB, null, Match.EQUALS, UserSearchScale::sub, users),
                filter("sub ^=", Field.SUB, null, Match.STARTS_WITH, i -> sub(i).substring(0, 8), users),
                filter("email =", Field.ATTRIBUTE, "email", Match.EQUALS, UserSearchScale::email, users),
                filter("email ^=", Field.ATTRIBUTE, "email", Match.STARTS_WITH, i -> email(i).substring(0, 12), users),
                filter("email ^= (matches nothing)", Field.ATTRIBUTE, "email", Match.STARTS_WITH, i -> "nobody" + i, users),
                filter("phone_number =", Field.ATTRIBUTE, "phone_number", Match.EQUALS, UserSearchScale::phone, users),
                filter("name =", Field.ATTRIBUTE, "name", Match.EQUALS, i -> "Given" + i + " Family" + (i % 10_000), users),
                filter("given_name =", Field.ATTRIBUTE, "given_name", Match.EQUALS, i -> "Given" + i, users),
                filter("family_name = (n/10,000 users)", Field.ATTRIBUTE, "family_name", Match.EQUALS,
                        i -> "Family" + (i % 10_000), users),
                filter("preferred_username =", Field.ATTRIBUTE, "preferred_username", Match.EQUALS, i -> "pref" + i, users),
                filter("cognito:user_status = confirmed (1/1000)", Field.USER_STATUS, null, Match.EQUALS, i -> "confirmed", users),
                filter("cognito:user_status ^= C", Field.USER_STATUS, null, Match.STARTS_WITH, i -> "C", users),
                filter("status = Disabled (1/1000)", Field.ENABLED_STATUS, null, Match.EQUALS, i -> "Disabled", users),
                filter("given_name ^= Given1 (1/9 of users)", Field.ATTRIBUTE, "given_name", Match.STARTS_WITH, i -> "Given1", users));
        for (Case c : cases) {
            int samples = c.what().contains("1/9") ? Math.max(5, options.samples() / 20) : options.samples();
            timings.add(time(c.what(), samples, () -> c.run().accept(random.nextInt(n))));
        }
        // the previous release's query (EXISTS: the pool in username order, each user's attribute looked up)
        timings.add(time("baseline: email = (EXISTS form)", options.baselineSamples(), () -> existsForm(database,
                email(random.nextInt(n)))));
        return timings;
    }

    private static Case filter(String what, Field field, String attribute, Match match,
                               IntFunction<String> value, UserStore users) {
        return new Case("ListUsers " + what, i -> users.list(POOL, new UserFilter(field, attribute, match, value.apply(i)), null, 60));
    }

    private static void expectOne(UserDirectory directory, UserPool pool, String name) {
        if (directory.find(pool, name).isEmpty()) {
            throw new IllegalStateException("no user " + name);
        }
    }

    private static void existsForm(Database database, String email) {
        database.jdbi().useHandle(h -> h.createQuery("SELECT u.username FROM users u WHERE u.pool_id = :pool AND EXISTS "
                        + "(SELECT 1 FROM user_attributes a WHERE a.pool_id = u.pool_id AND a.username = u.username "
                        + "AND a.name = 'email' AND substr(a.value, 1, 128) = substr(:value, 1, 128) AND a.value = :value) "
                        + "ORDER BY u.username_key LIMIT 61")
                .bind("pool", POOL)
                .bind("value", email)
                .mapTo(String.class)
                .list());
    }

    private static Timing time(String what, int samples, Runnable run) {
        for (int i = 0; i < Math.min(samples / 5 + 1, 20); i++) {
            run.run();
        }
        Latencies latencies = new Latencies();
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            run.run();
            latencies.add(System.nanoTime() - start);
        }
        return new Timing(what, latencies.percentileMillis(50), latencies.percentileMillis(99), samples);
    }
}
