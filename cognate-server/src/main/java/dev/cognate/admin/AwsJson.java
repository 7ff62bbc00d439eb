package dev.cognate.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cognate.http.WireJson;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * The JSON of the AWS JSON 1.1 protocol: members in PascalCase (record components are written
 * in camelCase and renamed), absent members left out, timestamps as epoch seconds with a
 * fraction, no silent coercion of scalars (not even a number into a string), nothing after
 * the document, bounded nesting ({@link WireJson}'s configuration, in AWS's naming).
 */
public final class AwsJson {
    public static final int MAX_NESTING_DEPTH = WireJson.MAX_NESTING_DEPTH;
    public static final int MAX_STRING_LENGTH = WireJson.MAX_STRING_LENGTH;
    /** Timestamps beyond year 9999 are no dates (and 1e999999999 must not become a huge integer). */
    private static final BigDecimal MAX_EPOCH_SECONDS = BigDecimal.valueOf(253_402_300_800L);

    public static final ObjectMapper MAPPER = create();

    private AwsJson() {}

    private static ObjectMapper create() {
        SimpleModule time = new SimpleModule("aws-time");
        time.addSerializer(Instant.class, new EpochSecondsSerializer());
        time.addDeserializer(Instant.class, new EpochSecondsDeserializer());
        JsonMapper mapper = WireJson.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .addModule(time)
                .build();
        // ALLOW_COERCION_OF_SCALARS does not stop a number or boolean being read as a string.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        // A map's value is a string in every Cognito shape (ClientMetadata, ValidationData...): a null is
        // the client's mistake, refused here rather than met by code that copies the map.
        mapper.configOverride(Map.class).setSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL));
        return WireJson.bounded(mapper);
    }

    /**
     * What a {@link StreamConstraintsException} refused, in words for the client: Jackson's own
     * message names its configuration methods, and not every constraint is about nesting.
     */
    public static String describeConstraint(StreamConstraintsException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (message.startsWith("Number value length")) {
            return "The request body contains a number that is too long (more than "
                    + StreamReadConstraints.DEFAULT_MAX_NUM_LEN + " digits).";
        }
        if (message.startsWith("String value length") || message.startsWith("Name length")) {
            return "The request body contains a string longer than " + MAX_STRING_LENGTH + " characters.";
        }
        if (message.startsWith("Document nesting depth") || message.contains("nesting")) {
            return "The request body is nested deeper than " + MAX_NESTING_DEPTH + " levels.";
        }
        return "The request body is too large to read.";
    }

    private static final class EpochSecondsSerializer extends StdSerializer<Instant> {
        EpochSecondsSerializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeNumber(BigDecimal.valueOf(value.toEpochMilli()).movePointLeft(3));
        }
    }

    private static final class EpochSecondsDeserializer extends StdDeserializer<Instant> {
        EpochSecondsDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            BigDecimal seconds = p.getDecimalValue();
            if (seconds.abs().compareTo(MAX_EPOCH_SECONDS) > 0) {
                throw com.fasterxml.jackson.databind.exc.InvalidFormatException.from(p,
                        "timestamp out of range", seconds.toString(), Instant.class);
            }
            return Instant.ofEpochMilli(seconds.movePointRight(3).longValue());
        }
    }
}
