package dev.cognate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.store.jdbc.JdbcDeviceStore;
import dev.cognate.store.jdbc.JdbcUserPoolStore;
import dev.cognate.store.jdbc.JdbcUserStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.TestDatabases;
import dev.cognate.users.User;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The device store on both backends: confirmed once, by its user only, purged unconfirmed, gone with the user. */
@ParameterizedClass
@EnumSource(Backend.class)
class DeviceStoreConformanceTest {
    static final String POOL = UserStoreConformanceTest.POOL;
    static final Instant T0 = Instant.parse("2026-12-07T05:00:00Z");

    @Parameter
    Backend backend;

    Database database;
    UserStore users;
    DeviceStore devices;
    User ada;

    @BeforeEach
    void open() {
        database = TestDatabases.fresh(backend);
        new JdbcUserPoolStore(database.jdbi()).insert(UserPoolStoreConformanceTest.pool(POOL, "one"));
        users = new JdbcUserStore(database.jdbi());
        devices = new JdbcDeviceStore(database.jdbi());
        ada = UserStoreConformanceTest.user(POOL, "ada");
        users.insert(ada);
    }

    @AfterEach
    void close() {
        database.close();
    }

    Device handedOut(String key, User user, Instant at) {
        Device device = new Device(POOL, key, user.username(), user.sub(), "-group", false, false, null, null, null, at, at,
                null);
        devices.add(device);
        return device;
    }

    @Test
    void aDeviceIsConfirmedOnceAndOnlyByItsUser() {
        handedOut("us-east-1_1", ada, T0);
        assertThat(devices.confirm(POOL, "us-east-1_1", "another-sub", "v", "laptop", true, "10.0.0.1", T0)).isFalse();
        assertThat(devices.confirm(POOL, "us-east-1_1", ada.sub(), "v", "laptop", true, null, T0)).isTrue();
        assertThat(devices.confirm(POOL, "us-east-1_1", ada.sub(), "w", "laptop", true, null, T0)).as("twice").isFalse();
        Device confirmed = devices.find(POOL, "us-east-1_1").orElseThrow();
        assertThat(confirmed.verifier()).isEqualTo("v");
        assertThat(confirmed.remembered()).isTrue();
        assertThat(confirmed.authenticatedAt()).isNull();

        devices.authenticated(POOL, "us-east-1_1", "10.0.0.2", T0.plusSeconds(5));
        assertThat(devices.find(POOL, "us-east-1_1").orElseThrow().lastIp()).isEqualTo("10.0.0.2");
        assertThat(devices.setRemembered(POOL, "us-east-1_1", "another-sub", false, T0)).isFalse();
        assertThat(devices.setRemembered(POOL, "us-east-1_1", ada.sub(), false, T0)).isTrue();
        assertThat(devices.forget(POOL, "us-east-1_1", "another-sub")).isFalse();
        assertThat(devices.forget(POOL, "us-east-1_1", ada.sub())).isTrue();
        assertThat(devices.find(POOL, "us-east-1_1")).isEmpty();
    }

    @Test
    void onlyUnconfirmedDevicesHandedOutBeforeTheCutoffArePurged() {
        handedOut("us-east-1_old", ada, T0);
        handedOut("us-east-1_kept", ada, T0);
        handedOut("us-east-1_new", ada, T0.plusSeconds(3600));
        devices.confirm(POOL, "us-east-1_kept", ada.sub(), null, null, false, null, T0);
        assertThat(devices.purgeUnconfirmed(T0.plusSeconds(60))).isEqualTo(1);
        assertThat(devices.find(POOL, "us-east-1_old")).isEmpty();
        assertThat(devices.find(POOL, "us-east-1_kept")).isPresent();
        assertThat(devices.find(POOL, "us-east-1_new")).isPresent();
    }

    @Test
    void aDeviceForAUserThatIsGoneIsNotWrittenAndDevicesGoWithTheirUser() {
        User ghost = UserStoreConformanceTest.user(POOL, "ghost");
        handedOut("us-east-1_ghost", ghost, T0);
        assertThat(devices.find(POOL, "us-east-1_ghost")).isEmpty();
        handedOut("us-east-1_ada", ada, T0);
        users.delete(POOL, "ada");
        assertThat(devices.find(POOL, "us-east-1_ada")).isEmpty();
    }

    @Test
    void confirmedDevicesAreListedOldestFirstInPages() {
        for (int i = 1; i <= 3; i++) {
            handedOut("us-east-1_" + i, ada, T0);
            devices.confirm(POOL, "us-east-1_" + i, ada.sub(), null, null, true, null, T0.plusSeconds(i));
        }
        handedOut("us-east-1_unconfirmed", ada, T0);
        Page<Device> first = devices.list(POOL, "ada", ada.sub(), 2, null);
        assertThat(first.items()).extracting(Device::deviceKey).containsExactly("us-east-1_1", "us-east-1_2");
        Page<Device> second = devices.list(POOL, "ada", ada.sub(), 2, first.next());
        assertThat(second.items()).extracting(Device::deviceKey).containsExactly("us-east-1_3");
        assertThat(second.next()).isNull();
    }
}
