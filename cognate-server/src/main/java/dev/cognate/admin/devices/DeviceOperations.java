package dev.cognate.admin.devices;

import dev.cognate.admin.AwsException;
import dev.cognate.admin.Caller;
import dev.cognate.admin.Empty;
import dev.cognate.admin.OperationFamily;
import dev.cognate.admin.OperationRegistry;
import dev.cognate.admin.PageTokens;
import dev.cognate.admin.Validate;
import dev.cognate.admin.auth.SignedInUsers;
import dev.cognate.admin.pools.UserPoolOperations;
import dev.cognate.admin.users.UserOperations;
import dev.cognate.authn.Devices;
import dev.cognate.pools.UserPool;
import dev.cognate.store.Device;
import dev.cognate.store.Page;
import dev.cognate.users.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Users' devices (device tracking): ConfirmDevice, GetDevice, ListDevices, UpdateDeviceStatus and
 * ForgetDevice with the user's access token, and their signed admin twins for any user of a
 * pool. A device another user has is answered as one that does not exist.
 */
public final class DeviceOperations implements OperationFamily {
    static final int MAX_RESULTS = 60;
    static final String DOES_NOT_EXIST = "Device does not exist.";
    static final List<String> STATUSES = List.of("remembered", "not_remembered");

    private final SignedInUsers signedIn;
    private final UserPoolOperations pools;
    private final UserOperations users;
    private final Devices devices;

    public DeviceOperations(SignedInUsers signedIn, UserPoolOperations pools, UserOperations users, Devices devices) {
        this.signedIn = signedIn;
        this.pools = pools;
        this.users = users;
        this.devices = devices;
    }

    @Override
    public void registerWith(OperationRegistry registry) {
        registry.unsigned("ConfirmDevice", ConfirmRequest.class, this::confirm);
        registry.unsigned("GetDevice", GetRequest.class, (r, c) -> get(signedIn.user(r.accessToken()), r.deviceKey()));
        registry.unsigned("ListDevices", ListRequest.class,
                (r, c) -> list(signedIn.user(r.accessToken()), r.limit(), r.paginationToken()));
        registry.unsigned("UpdateDeviceStatus", StatusRequest.class,
                (r, c) -> status(signedIn.user(r.accessToken()), r.deviceKey(), r.deviceRememberedStatus()));
        registry.unsigned("ForgetDevice", ForgetRequest.class, (r, c) -> forget(accessTokenUser(r.accessToken()),
                r.deviceKey()));
        registry.signed("AdminGetDevice", AdminGetRequest.class,
                (r, c) -> get(user(r.userPoolId(), r.username()), r.deviceKey()));
        registry.signed("AdminListDevices", AdminListRequest.class,
                (r, c) -> list(user(r.userPoolId(), r.username()), r.limit(), r.paginationToken()));
        registry.signed("AdminUpdateDeviceStatus", AdminStatusRequest.class,
                (r, c) -> status(user(r.userPoolId(), r.username()), r.deviceKey(), r.deviceRememberedStatus()));
        registry.signed("AdminForgetDevice", AdminForgetRequest.class,
                (r, c) -> forget(user(r.userPoolId(), r.username()), r.deviceKey()));
    }

    /** AWS DeviceSecretVerifierConfigType. */
    public record VerifierConfig(String passwordVerifier, String salt) {
        @Override
        public String toString() {
            return "VerifierConfig[]";
        }
    }

    public record ConfirmRequest(String accessToken, String deviceKey, VerifierConfig deviceSecretVerifierConfig,
                                 String deviceName) {
        @Override
        public String toString() {
            return "ConfirmRequest[deviceKey=" + deviceKey + "]";
        }
    }

    public record GetRequest(String accessToken, String deviceKey) {
        @Override
        public String toString() {
            return "GetRequest[deviceKey=" + deviceKey + "]";
        }
    }

    public record ListRequest(String accessToken, Integer limit, String paginationToken) {
        @Override
        public String toString() {
            return "ListRequest[limit=" + limit + "]";
        }
    }

    public record StatusRequest(String accessToken, String deviceKey, String deviceRememberedStatus) {
        @Override
        public String toString() {
            return "StatusRequest[deviceKey=" + deviceKey + ", deviceRememberedStatus=" + deviceRememberedStatus + "]";
        }
    }

    public record ForgetRequest(String accessToken, String deviceKey) {
        @Override
        public String toString() {
            return "ForgetRequest[deviceKey=" + deviceKey + "]";
        }
    }

    public record AdminGetRequest(String deviceKey, String userPoolId, String username) {}

    public record AdminListRequest(String userPoolId, String username, Integer limit, String paginationToken) {}

    public record AdminStatusRequest(String userPoolId, String username, String deviceKey, String deviceRememberedStatus) {}

    public record AdminForgetRequest(String userPoolId, String username, String deviceKey) {}

    /** AWS ConfirmDeviceResponse. */
    public record ConfirmResponse(boolean userConfirmationNecessary) {}

    /** AWS AttributeType. */
    public record Attribute(String name, String value) {}

    /** AWS DeviceType. */
    public record DeviceType(String deviceKey, List<Attribute> deviceAttributes, Instant deviceCreateDate,
                             Instant deviceLastModifiedDate, Instant deviceLastAuthenticatedDate) {
        static DeviceType of(Device d) {
            List<Attribute> attributes = new ArrayList<>();
            attributes.add(new Attribute("device_status", "valid"));
            if (d.name() != null) {
                attributes.add(new Attribute("device_name", d.name()));
            }
            attributes.add(new Attribute("dev:device_remembered_status", d.remembered() ? "remembered" : "not_remembered"));
            if (d.lastIp() != null) {
                attributes.add(new Attribute("last_ip_used", d.lastIp()));
            }
            return new DeviceType(d.deviceKey(), attributes, d.createdAt(), d.modifiedAt(), d.authenticatedAt());
        }
    }

    public record GetResponse(DeviceType device) {}

    public record ListResponse(List<DeviceType> devices, String paginationToken) {}

    private Object confirm(ConfirmRequest r, Caller caller) {
        User user = signedIn.user(r.accessToken());
        String key = deviceKey(r.deviceKey());
        Validate.length(r.deviceName(), "deviceName", 1, 1024);
        VerifierConfig config = r.deviceSecretVerifierConfig();
        UserPool pool = pools.existing(user.poolId());
        return switch (devices.confirm(pool, user, key, config == null ? null : config.passwordVerifier(),
                config == null ? null : config.salt(), r.deviceName(), caller.sourceAddress())) {
            case CONFIRMED -> new ConfirmResponse(false);
            case REMEMBER_ON_PROMPT -> new ConfirmResponse(true);
            case NO_SUCH_DEVICE -> throw AwsException.resourceNotFound(DOES_NOT_EXIST);
            case CONFIRMED_BEFORE -> throw AwsException.invalidParameter("Device has already been confirmed.");
            case BAD_VERIFIER -> throw AwsException.invalidParameter("Invalid DeviceSecretVerifierConfig: PasswordVerifier "
                    + "and Salt must both be the Base64 of a positive integer, the verifier below the SRP group's modulus.");
        };
    }

    private Object get(User user, String deviceKey) {
        Device device = devices.confirmed(user, deviceKey(deviceKey))
                .orElseThrow(() -> AwsException.resourceNotFound(DOES_NOT_EXIST));
        return new GetResponse(DeviceType.of(device));
    }

    private Object list(User user, Integer limit, String paginationToken) {
        Validate.range(limit, "limit", 0, MAX_RESULTS);
        String position = PageTokens.decode(paginationToken, "paginationToken");
        Page<Device> page;
        try {
            page = devices.list(user, limit == null || limit == 0 ? MAX_RESULTS : limit, position);
        } catch (IllegalArgumentException e) {
            throw AwsException.invalidParameter("Invalid pagination token.");
        }
        return new ListResponse(page.items().stream().map(DeviceType::of).toList(), PageTokens.encode(page.next()));
    }

    private Object status(User user, String deviceKey, String status) {
        String key = deviceKey(deviceKey);
        if (status != null) {
            Validate.oneOf(status, "deviceRememberedStatus", STATUSES);
        }
        boolean found = status == null ? devices.confirmed(user, key).isPresent()
                : devices.remember(user, key, status.equals("remembered"));
        if (!found) {
            throw AwsException.resourceNotFound(DOES_NOT_EXIST);
        }
        return Empty.INSTANCE;
    }

    private Object forget(User user, String deviceKey) {
        if (!devices.forget(user, deviceKey(deviceKey))) {
            throw AwsException.resourceNotFound(DOES_NOT_EXIST);
        }
        return Empty.INSTANCE;
    }

    /** ForgetDevice's AccessToken is optional in Cognito's model, but the device is found through its user. */
    private User accessTokenUser(String accessToken) {
        if (accessToken == null) {
            throw AwsException.notAuthorized("Access Token is required to forget a device.");
        }
        return signedIn.user(accessToken);
    }

    private User user(String poolId, String username) {
        UserPool pool = pools.existing(poolId);
        return users.existingUser(pool, UserOperations.username(username));
    }

    private static String deviceKey(String key) {
        Validate.requiredString(key, "deviceKey", 1, 55);
        return Validate.pattern(key, "deviceKey", Devices.KEY);
    }
}
